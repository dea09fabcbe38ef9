namespace Airwave.Mux.Signing;

/// <summary>A key playback tokens are signed with (RS256); Mux returns its private key, base64-encoded PEM, once, when it is created.</summary>
public sealed record SigningKey
{
    public required string Id { get; init; }

    public string? CreatedAt { get; init; }

    public string? PrivateKey { get; init; }
}
