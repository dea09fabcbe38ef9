namespace Airwave.Api.LiveStreams;

/// <summary>
/// What one replica of the webhook service counts: the views open on it per LiveStream. It serves this at
/// <see cref="Path"/> on its management port; the operator adds the replicas' reports up into each stream's
/// <c>status.viewers</c>.
/// </summary>
public sealed record ViewerReport(IReadOnlyList<StreamViewers> LiveStreams)
{
    public const string Path = "/v1/viewers";
}

/// <summary>Views open on one replica of one LiveStream.</summary>
public sealed record StreamViewers(string Namespace, string Name, int Viewers);
