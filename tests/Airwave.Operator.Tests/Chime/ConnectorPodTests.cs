using Airwave.Operator.Tests.LiveStreams;
using Airwave.Sandbox.Aws;
using static Airwave.Operator.Tests.StatusOf;

namespace Airwave.Operator.Tests.Chime;

/// <summary>
/// The meeting connector's image as a pod of the sandbox's kubelet: run by hand with a running stream's ingest URL
/// from its Secret, it opens the sandbox's stand-in meeting (a moving pattern and a tone) and pushes it into the
/// stream's MediaLive input, where the emulator records it.
/// </summary>
public sealed class ConnectorPodTests(MediaSandbox sandbox) : IClassFixture<MediaSandbox>
{
    [Fact]
    public async Task A_connector_pod_pushes_the_meeting_into_a_running_streams_input_which_records_its_moving_picture_and_its_sound()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Phase(s) == "Running", "workshop-a Running");
        await sandbox.ApplyAsync(ns, $$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: standup-connector }
            spec:
              replicas: 1
              selector: { matchLabels: { app: standup-connector } }
              template:
                metadata: { labels: { app: standup-connector } }
                spec:
                  containers:
                  - name: connector
                    image: airwave/connector:0.1.0
                    env:
                    - { name: CONNECTOR_MEETING_URL, value: "{{sandbox.Host.Aws!.MeetingUrl("standup")}}" }
                    - name: CONNECTOR_PUSH_URL
                      valueFrom: { secretKeyRef: { name: workshop-a-ingest, key: primaryUrl } }
                    - name: AIRWAVE_Connector__BindAddress
                      valueFrom: { fieldRef: { fieldPath: status.podIP } }
                    readinessProbe:
                      httpGet: { path: /readyz, port: 8080 }
                      periodSeconds: 1
            """);

        var ready = await sandbox.Kubectl.RunAsync("wait", "-n", ns, "--for=condition=Ready", "pod", "-l", "app=standup-connector", "--timeout=120s");
        // Ten seconds of the meeting, then the pod goes as a Deployment's pods go: SIGTERM, and the stream closes.
        await Task.Delay(TimeSpan.FromSeconds(10));
        var logs = await sandbox.Kubectl.RunAsync("logs", "-n", ns, "-l", "app=standup-connector", "--tail=-1");
        await sandbox.Kubectl.SucceedAsync("delete", "-n", ns, "deployment", "standup-connector", "--wait=true");
        await sandbox.Kubectl.SucceedAsync("wait", "-n", ns, "--for=delete", "pod", "-l", "app=standup-connector", "--timeout=60s");
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", "workshop-a", "--type=merge", "-p", """{"spec":{"state":"Stopped"}}""");
        var idle = (await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Phase(s) == "Idle", "workshop-a Idle"))!;

        // What the session recorded, as a user would fetch it.
        var archivePath = (string)idle["status"]!["sessions"]![0]!["archivePath"]!;
        using var cli = new AwsCli(sandbox.Host.Aws!.BaseAddress, AwsEmulatorOptions.TestCredentials.AccessKeyId, AwsEmulatorOptions.TestCredentials.SecretAccessKey);
        var local = Directory.CreateTempSubdirectory("airwave-connector-recorded-").FullName;
        await cli.RunAsync("s3", "cp", "--recursive", archivePath + "/", local);
        var recording = Assert.Single(Directory.GetFiles(local, "*.ts", SearchOption.AllDirectories));
        var content = await TestMedia.ContentAsync(recording);
        var duration = await TestMedia.DurationAsync(recording);

        Assert.True(ready.ExitCode == 0, $"{ready}\n{logs}");
        Assert.Contains("Connected: the meeting", logs.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("h264", content.VideoCodec);
        Assert.Equal("aac", content.AudioCodec);
        Assert.True(duration >= 8, $"{duration} s recorded");
        // The meeting's pattern moves every frame; its tone is well above silence (-91 dB).
        Assert.True(content.DistinctFrames > duration * 10, $"{content.DistinctFrames} distinct frames in {duration} s");
        Assert.True(content.MeanVolumeDb > -35, $"mean volume {content.MeanVolumeDb} dB");
        Directory.Delete(local, recursive: true);
    }
}
