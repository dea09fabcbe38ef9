using System.Globalization;
using Airwave.Api.ArchiveSplits;
using Airwave.Api.VideoAssets;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Ownership;
using Airwave.Operator.Kubernetes;

namespace Airwave.Operator.ArchiveSplits;

/// <summary>
/// With spec.createAssets, a VideoAsset of each cut clip, whose source is the clip (archiveSplitRef), owned by the
/// split: the VideoAsset controller takes it from there, and the garbage collector deletes it with the split.
/// </summary>
public sealed class ClipAssets(KubernetesClient client, Informer<VideoAsset> assets)
{
    public static string NameFor(ArchiveSplit split, int index)
    {
        ArgumentNullException.ThrowIfNull(split);
        return DnsNames.WithSuffix(split.Metadata.Name!, "-" + (index + 1).ToString(CultureInfo.InvariantCulture), DnsNames.MaxSubdomainLength);
    }

    /// <summary>Makes the section's VideoAsset unless it exists; returns its name.</summary>
    public async Task<string> EnsureAsync(ArchiveSplit split, int index, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(split);
        var name = NameFor(split, index);
        if (assets.Cache.Get(new ObjectKey(split.Metadata.Namespace, name)) is not null)
        {
            return name;
        }

        var asset = new VideoAsset
        {
            ApiVersion = AirwaveResources.VideoAssets.ApiVersion,
            Kind = AirwaveResources.VideoAssets.Kind,
            Metadata = OwnerReferences.WithController(
                new ObjectMeta
                {
                    Name = name,
                    Namespace = split.Metadata.Namespace,
                    Labels = new Dictionary<string, string>
                    {
                        ["app.kubernetes.io/managed-by"] = "airwave",
                        [ClipJobs.SplitUidLabel] = split.Metadata.Uid!,
                        [ClipJobs.SectionLabel] = index.ToString(CultureInfo.InvariantCulture),
                    },
                },
                AirwaveResources.ArchiveSplits,
                split),
            Spec = new VideoAssetSpec
            {
                Title = $"{split.Metadata.Name} {index + 1}",
                Description = $"Clip {index + 1} of session {split.Spec.SessionId} of LiveStream {split.Spec.StreamRef.Name}",
                Source = new VideoSource { ArchiveSplitRef = new ArchiveSplitReference { Name = split.Metadata.Name!, Section = index } },
            },
        };
        try
        {
            await client.CreateAsync(AirwaveResources.VideoAssets, asset, cancellationToken);
        }
        catch (AlreadyExistsException)
        {
            // Made by an earlier pass that the cache has not seen yet.
        }

        return name;
    }
}
