namespace Airwave.Webhook.PlaybackTokens;

/// <summary>What <c>POST /v1/playback-tokens</c> answers for a VideoAsset on Mux with a signed playback id.</summary>
public sealed record MuxVideoTokenAnswer(string PlaybackId, long ExpiresAt, string PlaybackUrl, string? ThumbnailUrl, MuxVideoTokens Tokens, string? ViewToken);

/// <summary>The three tokens Mux wants for one signed playback id: the video, its thumbnail, its storyboard.</summary>
public sealed record MuxVideoTokens(string Video, string Thumbnail, string Storyboard);

/// <summary>What it answers for a private LiveStream on IVS.</summary>
public sealed record IvsTokenAnswer(string ChannelArn, long ExpiresAt, string PlaybackUrl, string Token, string? ViewToken);

/// <summary>What it answers for a WebRtc LiveStream whose viewers need a token: where to ask for the stream, and the token to ask with.</summary>
public sealed record WhepTokenAnswer(string? WhepUrl, long ExpiresAt, string Token, string? ViewToken);
