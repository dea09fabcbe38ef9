namespace Airwave.Sandbox;

/// <summary>
/// The build of one of Airwave's programs that pods of its image run: the directory in <see cref="DirectoryVariable"/>
/// when set (the native publish the image ships, <c>dotnet publish PROJECT -c Release -p:PublishAot=true
/// --use-current-runtime -o DIR</c>), else the sandbox's own directory, which holds every program built with it.
/// Either has the program <see cref="Name"/> the image's entrypoint runs: the native executable, or the launcher .NET
/// builds beside the DLL.
/// </summary>
public sealed record ProgramBuild(string Name, string DirectoryVariable)
{
    /// <summary>The operator (the Dockerfile's <c>operator</c> target).</summary>
    public static ProgramBuild Operator { get; } = new("airwave-operator", "AIRWAVE_SANDBOX_OPERATOR_BUILD");

    /// <summary>The webhook service (the Dockerfile's <c>webhook</c> target), as the chart's pods run it.</summary>
    public static ProgramBuild Webhook { get; } = new("airwave-webhook", "AIRWAVE_SANDBOX_WEBHOOK_BUILD");

    /// <summary>The signaling service (the Dockerfile's <c>signaling</c> target), as the chart's pods run it.</summary>
    public static ProgramBuild Signaling { get; } = new("airwave-signaling", "AIRWAVE_SANDBOX_SIGNALING_BUILD");

    /// <summary>A WebRtc stream's SFU pods (the Dockerfile's <c>sfu</c> target).</summary>
    public static ProgramBuild Sfu { get; } = new("airwave-sfu", "AIRWAVE_SANDBOX_SFU_BUILD");

    /// <summary>A Chime stream's meeting connector pods (the Dockerfile's <c>connector</c> target).</summary>
    public static ProgramBuild Connector { get; } = new("airwave-connector", "AIRWAVE_SANDBOX_CONNECTOR_BUILD");

    /// <summary>The transcode Jobs of VideoAssets hosted on AWS (the Dockerfile's <c>transcoder</c> target).</summary>
    public static ProgramBuild Transcoder { get; } = new("airwave-transcoder", "AIRWAVE_SANDBOX_TRANSCODER_BUILD");

    public string Directory => Path.TrimEndingDirectorySeparator(
        Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured ? Path.GetFullPath(configured) : AppContext.BaseDirectory);

    /// <summary>The program in <see cref="Directory"/>.</summary>
    public string Program => Path.Combine(Directory, Name);

    /// <summary>Whether <see cref="Directory"/> holds a native build (no DLL for the .NET runtime to compile as it runs).</summary>
    public bool AheadOfTime => !File.Exists(Path.Combine(Directory, Name + ".dll"));
}
