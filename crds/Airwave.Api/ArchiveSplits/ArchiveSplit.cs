using System.ComponentModel;
using Airwave.Api.Common;
using Airwave.Kubernetes.ApiMachinery.Crds;
using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Api.ArchiveSplits;

[Description("Cuts sections of a LiveStream session's S3 recording into index_{modifier}_{n} clips. Replaces POST /split.")]
[KubernetesEntity(ApiGroup.Name, ApiGroup.Version, "ArchiveSplit", "archivesplits", ShortNames = ["as", "split"], Categories = [ApiGroup.Category])]
[PrinterColumn("Stream", "string", ".spec.streamRef.name")]
[PrinterColumn("Session", "string", ".spec.sessionId")]
[PrinterColumn("Phase", "string", ".status.phase")]
[PrinterColumn("Age", "date", ".metadata.creationTimestamp")]
public sealed record ArchiveSplit : CustomResource<ArchiveSplitSpec, ArchiveSplitStatus>;
