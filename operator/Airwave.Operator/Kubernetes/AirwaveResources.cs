using System.Reflection;
using Airwave.Api.ArchiveSplits;
using Airwave.Api.LiveStreams;
using Airwave.Api.VideoAssets;
using Airwave.Kubernetes.ApiMachinery.Crds;
using Airwave.Kubernetes.Client;

namespace Airwave.Operator.Kubernetes;

/// <summary>The client's descriptions of the Airwave kinds, read from the same attributes the CRDs are generated from.</summary>
public static class AirwaveResources
{
    /// <summary>The operator's name: its field manager, the controller its Events report, the start of its user agent.</summary>
    public const string ControllerName = "airwave-operator";

    public static ResourceType LiveStreams { get; } = Of<LiveStream>();
    public static ResourceType VideoAssets { get; } = Of<VideoAsset>();
    public static ResourceType ArchiveSplits { get; } = Of<ArchiveSplit>();

    private static ResourceType Of<T>()
    {
        var entity = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no [KubernetesEntity]");
        return new ResourceType(entity.Group, entity.Version, entity.Plural, entity.Kind, Namespaced: true);
    }
}
