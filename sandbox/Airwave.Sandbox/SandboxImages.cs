using Airwave.Sandbox.Kubernetes.Pods;

namespace Airwave.Sandbox;

/// <summary>The images the sandbox's pods run: Airwave's own, named as the chart names them, then the common ones.</summary>
public static class SandboxImages
{
    /// <summary>The operator's image (the Dockerfile's `operator` target), whose pods run <see cref="ProgramBuild.Operator"/>.</summary>
    public const string OperatorImage = "airwave/operator";
    public const string WebhookImage = "airwave/webhook";
    public const string SignalingImage = "airwave/signaling";
    public const string SfuImage = "airwave/sfu";
    public const string ConnectorImage = "airwave/connector";
    public const string TranscoderImage = "airwave/transcoder";

    /// <summary>
    /// Airwave's own images, one per Dockerfile target, as this build: the files the Dockerfile puts in /app are each
    /// program's <see cref="ProgramBuild"/> directory (its native publish, or the sandbox's own directory, which holds
    /// every program built with it).
    /// </summary>
    public static IReadOnlyDictionary<string, ImageEntry> Build { get; } = new Dictionary<string, ImageEntry>(StringComparer.Ordinal)
    {
        [OperatorImage] = new(["/app/airwave-operator", "run"], [])
        {
            Files = new Dictionary<string, string>(StringComparer.Ordinal) { ["/app"] = ProgramBuild.Operator.Directory },
        },
        [WebhookImage] = new(["/app/airwave-webhook"], [])
        {
            Files = new Dictionary<string, string>(StringComparer.Ordinal) { ["/app"] = ProgramBuild.Webhook.Directory },
        },
        [SignalingImage] = new(["/app/airwave-signaling"], [])
        {
            Files = new Dictionary<string, string>(StringComparer.Ordinal) { ["/app"] = ProgramBuild.Signaling.Directory },
        },

        // The media engine is the machine's janus, at the path the image has it.
        [SfuImage] = new(["/app/airwave-sfu"], [])
        {
            Files = new Dictionary<string, string>(StringComparer.Ordinal) { ["/app"] = ProgramBuild.Sfu.Directory },
        },

        // The browser, virtual display and sound server are the machine's Chromium, Xvfb and PulseAudio.
        [ConnectorImage] = new(["/app/airwave-connector"], [])
        {
            Files = new Dictionary<string, string>(StringComparer.Ordinal) { ["/app"] = ProgramBuild.Connector.Directory },
        },

        // ffmpeg and ffprobe are the machine's.
        [TranscoderImage] = new(["/app/airwave-transcoder"], [])
        {
            Files = new Dictionary<string, string>(StringComparer.Ordinal) { ["/app"] = ProgramBuild.Transcoder.Directory },
        },
    };

    /// <summary>The images pods can run: the common ones, Airwave's own (<see cref="Build"/>), then those of <see cref="SandboxOptions.ImageMapPath"/>.</summary>
    public static ImageMap For(SandboxOptions options)
    {
        var images = Build.Aggregate(ImageMap.Default, (map, image) => map.With(image.Key, image.Value));
        return options.ImageMapPath is { } map ? images.With(map) : images;
    }
}
