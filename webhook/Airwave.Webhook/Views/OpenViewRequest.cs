namespace Airwave.Webhook.Views;

/// <summary>
/// The body of <c>POST /v1/views</c>: a LiveStream or VideoAsset by <see cref="Namespace"/> and <see cref="Name"/>
/// (with the view token POST /v1/playback-tokens gave, when it plays only with a token), or an external stream's
/// <see cref="Url"/>.
/// </summary>
/// <param name="Kind">LiveStream or VideoAsset; omitted with <see cref="Url"/>.</param>
/// <param name="SessionId">The player's session, carried by the view's events; the view's id when omitted.</param>
public sealed record OpenViewRequest(string? Kind, string? Namespace, string? Name, string? ViewToken, string? Url, string? SessionId);
