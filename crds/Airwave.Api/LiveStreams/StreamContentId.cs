using Airwave.Api.VideoAssets;

namespace Airwave.Api.LiveStreams;

/// <summary>
/// The SPEKE content id an encrypted stream's keys are derived under: its MediaPackage endpoint's id, followed by
/// <see cref="SignedSuffix"/> while its playback is Signed. The key provider hands a signed content's keys to players
/// only with a key grant; and since the id changes with the policy, a stream that turns Signed is encrypted with keys
/// it never served publicly. Endpoint ids have no '.', so neither form is the other's.
/// </summary>
public static class StreamContentId
{
    public const string SignedSuffix = ".signed";

    public static string Of(string endpointId, PlaybackPolicy policy) =>
        policy == PlaybackPolicy.Signed ? endpointId + SignedSuffix : endpointId;

    public static bool IsSigned(string contentId) => contentId.EndsWith(SignedSuffix, StringComparison.Ordinal);
}
