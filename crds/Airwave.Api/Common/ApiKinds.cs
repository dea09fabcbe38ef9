using Airwave.Api.ArchiveSplits;
using Airwave.Api.LiveStreams;
using Airwave.Api.VideoAssets;

namespace Airwave.Api.Common;

/// <summary>Every kind Airwave serves, in the order its documentation lists them.</summary>
public static class ApiKinds
{
    public static IReadOnlyList<Type> All { get; } = [typeof(LiveStream), typeof(VideoAsset), typeof(ArchiveSplit)];
}
