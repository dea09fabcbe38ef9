using System.ComponentModel;
using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Api.LiveStreams;

public sealed record IngestStatus
{
    [Description("Primary ingest endpoint without its stream key; a WebRtc stream's WHIP URL.")]
    public string? Primary { get; init; }

    [Description("Backup ingest endpoint (Standard channels) without its stream key.")]
    public string? Backup { get; init; }

    [Description("The Secret holding full ingest URLs, stream keys and credentials.")]
    public LocalObjectReference? SecretRef { get; init; }

    [Description("The value of the media.airwave.dev/rotate-stream-key annotation the current stream key was made for: setting the annotation to another value rotates the key (at once while the stream is stopped, else when it next stops).")]
    public string? KeyRotation { get; init; }
}
