using System.ComponentModel;
using Airwave.Api.Common;
using Airwave.Kubernetes.ApiMachinery.Crds;
using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Api.ArchiveSplits;

[Description("Cuts sections of a LiveStream session's recording into MP4 clips in S3 (index_{nameModifier}_{n}.mp4), one Kubernetes Job per section.")]
[KubernetesEntity(ApiGroup.Name, ApiGroup.Version, "ArchiveSplit", "archivesplits", ShortNames = ["as", "split"], Categories = [ApiGroup.Category])]
[PrinterColumn("Stream", "string", ".spec.streamRef.name")]
[PrinterColumn("Session", "string", ".spec.sessionId")]
[PrinterColumn("Phase", "string", ".status.phase")]
[PrinterColumn("Age", "date", ".metadata.creationTimestamp")]
public sealed record ArchiveSplit : CustomResource<ArchiveSplitSpec, ArchiveSplitStatus>;
