using System.ComponentModel;
using Airwave.Api.Common;
using Airwave.Kubernetes.ApiMachinery.Crds;
using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Api.VideoAssets;

[Description("An on-demand video at a provider (Mux or AWS): uploaded directly, fetched from a URL or cut from an archive.")]
[KubernetesEntity(ApiGroup.Name, ApiGroup.Version, "VideoAsset", "videoassets", ShortNames = ["va"], Categories = [ApiGroup.Category])]
[PrinterColumn("Title", "string", ".spec.title")]
[PrinterColumn("Provider", "string", ".status.provider")]
[PrinterColumn("Phase", "string", ".status.phase")]
[PrinterColumn("Duration", "number", ".status.metadata.duration", Description = "Seconds.")]
[PrinterColumn("Playback", "string", ".status.playbackUrl", Priority = 1)]
[PrinterColumn("Age", "date", ".metadata.creationTimestamp")]
public sealed record VideoAsset : CustomResource<VideoAssetSpec, VideoAssetStatus>;
