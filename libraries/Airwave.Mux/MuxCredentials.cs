namespace Airwave.Mux;

/// <summary>A Mux access token: its id and secret, sent as HTTP Basic credentials.</summary>
public sealed record MuxCredentials(string TokenId, string TokenSecret)
{
    /// <summary>Names the token, never its secret, so that logging the credentials cannot leak them.</summary>
    public override string ToString() => $"MuxCredentials {{ TokenId = {TokenId} }}";
}
