namespace Airwave.Sandbox;

/// <summary>
/// The operator build that pods of the operator's image run: the directory in
/// <c>AIRWAVE_SANDBOX_OPERATOR_BUILD</c> when set (the native publish the image ships,
/// <c>dotnet publish operator/Airwave.Operator -c Release -p:PublishAot=true --use-current-runtime</c>), else the sandbox's own
/// directory, which holds the operator built with it. Either has the program <c>airwave-operator</c> the image's
/// entrypoint and the chart's command name: the native executable, or the launcher .NET builds beside the DLL.
/// </summary>
public static class OperatorBuild
{
    public const string DirectoryVariable = "AIRWAVE_SANDBOX_OPERATOR_BUILD";

    public static string Directory { get; } = Path.TrimEndingDirectorySeparator(
        Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured ? Path.GetFullPath(configured) : AppContext.BaseDirectory);

    /// <summary>The operator's program in <see cref="Directory"/>.</summary>
    public static string Program => Path.Combine(Directory, "airwave-operator");

    /// <summary>Whether <see cref="Directory"/> holds a native build (no DLL for the .NET runtime to compile as it runs).</summary>
    public static bool AheadOfTime => !File.Exists(Path.Combine(Directory, "airwave-operator.dll"));
}
