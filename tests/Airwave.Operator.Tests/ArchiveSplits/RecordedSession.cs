using System.Text;
using Airwave.Sandbox;
using Airwave.Sandbox.Aws;

namespace Airwave.Operator.Tests.ArchiveSplits;

/// <summary>
/// The sandbox with one recorded session, made as a user makes one: a stream recording in 20-second files,
/// ffmpeg pushing a minute of a test pattern with a tone and a running timecode to the URL in its Secret, then the
/// stream stopped. Running channels take pushes (RunMedia), as in the sandbox command.
/// </summary>
public sealed class RecordedSession : OutboxSandbox
{
    /// <summary>The test classes that share one recorded session (a minute of pushing is made once).</summary>
    public const string Collection = "recorded session";

    public const string Stream = "recorded";
    public const int PushedSeconds = 60;

    public string Namespace { get; private set; } = "";

    public string SessionId { get; private set; } = "";

    /// <summary>s3://bucket/folder of the session's archive.</summary>
    public string ArchivePath { get; private set; } = "";

    /// <summary>Where the recording's files and the clips are: s3://bucket/folder/.</summary>
    public string Folder => ArchivePath + "/";

    public AwsCli Cli { get; private set; } = null!;

    protected override bool RunMedia => true;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Cli = new AwsCli(Host.Aws!.BaseAddress, AwsEmulatorOptions.TestCredentials.AccessKeyId, AwsEmulatorOptions.TestCredentials.SecretAccessKey);
        Namespace = await CreateNamespaceAsync();
        await ApplyRecordingStreamAsync(Namespace, Stream);
        await WaitForAsync(Namespace, "livestream", Stream, s => (string?)s?["status"]?["phase"] == "Running", $"{Stream} Running");
        var secret = await GetAsync(Namespace, "secret", $"{Stream}-ingest");
        var ingest = Encoding.UTF8.GetString(Convert.FromBase64String((string)secret!["data"]!["primaryUrl"]!));

        var pushed = await TestMedia.PushRtmpAsync(ingest, PushedSeconds);
        Assert.True(pushed.ExitCode == 0, pushed.ToString());

        await Kubectl.SucceedAsync("patch", "-n", Namespace, "livestream", Stream, "--type=merge", "-p", """{"spec":{"state":"Stopped"}}""");
        var idle = await WaitForAsync(Namespace, "livestream", Stream, s => (string?)s?["status"]?["phase"] == "Idle", $"{Stream} Idle");
        var session = idle!["status"]!["sessions"]![0]!;
        SessionId = (string)session["id"]!;
        ArchivePath = (string)session["archivePath"]!;
        Assert.StartsWith($"s3://{SandboxHost.ArchiveBucket}/", ArchivePath, StringComparison.Ordinal);
    }

    /// <summary>A running stream that records in 20-second files and takes pushes from this machine.</summary>
    public Task ApplyRecordingStreamAsync(string @namespace, string name) =>
        ApplyAsync(@namespace, $$"""
            apiVersion: media.airwave.dev/v1alpha1
            kind: LiveStream
            metadata: { name: {{name}} }
            spec:
              state: Running
              source: { type: RtmpPush, rtmpPush: { allowedCidrs: [127.0.0.1/32] } }
              archive: { segmentLengthSeconds: 20 }
              playback: { encryption: { enabled: false } }
            """);

    /// <summary>The clips' name modifier of a split, which the tests derive from its name.</summary>
    public static string Modifier(string name) => name.Replace("-", "_", StringComparison.Ordinal);

    /// <summary>Applies an ArchiveSplit of the session; <paramref name="sessionLine"/> replaces its sessionId line, <paramref name="more"/> adds spec lines.</summary>
    public Task ApplySplitAsync(string name, string sections, string sessionLine = "", string more = "") =>
        ApplyAsync(Namespace, $$"""
            apiVersion: media.airwave.dev/v1alpha1
            kind: ArchiveSplit
            metadata: { name: {{name}} }
            spec:
              streamRef: { name: {{Stream}} }
              {{(sessionLine.Length > 0 ? sessionLine : "sessionId: " + SessionId)}}
              nameModifier: {{Modifier(name)}}
              sections: {{sections}}
              {{more}}
            """);

    /// <summary>The names in the session's folder, as `aws s3 ls` lists them.</summary>
    public async Task<List<string>> FolderAsync()
    {
        var listing = await Cli.RunAsync("s3", "ls", Folder);
        Assert.True(listing.ExitCode == 0, listing.Error);
        return [.. listing.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1])];
    }

    public override async Task DisposeAsync()
    {
        Cli.Dispose();
        await base.DisposeAsync();
    }
}

[CollectionDefinition(RecordedSession.Collection)]
public sealed class RecordedSessionGroup : ICollectionFixture<RecordedSession>;
