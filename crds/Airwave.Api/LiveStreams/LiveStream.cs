using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using Airwave.Api.Common;
using Airwave.Kubernetes.ApiMachinery.Crds;
using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Api.LiveStreams;

[Description("A live video stream: an ingest point, an encoding channel, packaging for playback and an archive in S3.")]
[KubernetesEntity(ApiGroup.Name, ApiGroup.Version, "LiveStream", "livestreams", ShortNames = ["ls"], Categories = [ApiGroup.Category])]
[PrinterColumn("State", "string", ".spec.state", Description = "The state the stream was asked to be in.")]
[PrinterColumn("Phase", "string", ".status.phase", Description = "Where the stream is in its lifecycle.")]
[PrinterColumn("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status")]
[PrinterColumn("Live", "boolean", ".spec.live", Description = "Served by the live CloudFront distribution.")]
[PrinterColumn("Ingest", "string", ".status.ingest.primary", Priority = 1, Description = "Primary ingest endpoint (stream keys are in the ingest Secret).")]
[PrinterColumn("Playback", "string", ".status.playback.url", Priority = 1)]
[PrinterColumn("Live URL", "string", ".status.playback.liveUrl", Priority = 1)]
[PrinterColumn("Viewers", "integer", ".status.viewers.current", Priority = 1, Description = "Views open now, as players report them.")]
[PrinterColumn("Cost/h", "string", ".status.cost.hourlyRate", Priority = 1, Description = "Estimated US dollars per hour while running (see status.cost).")]
[PrinterColumn("Age", "date", ".metadata.creationTimestamp")]
[SuppressMessage("Naming", "CA1711", Justification = "LiveStream is the Kubernetes kind name users write.")]
public sealed record LiveStream : CustomResource<LiveStreamSpec, LiveStreamStatus>;
