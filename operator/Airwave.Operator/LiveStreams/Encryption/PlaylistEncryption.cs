namespace Airwave.Operator.LiveStreams.Encryption;

/// <summary>What a player gets from an origin endpoint's playlist, as far as encryption goes.</summary>
public abstract record PlaylistEncryption
{
    private PlaylistEncryption()
    {
    }

    /// <summary>The media playlist names a key (<c>#EXT-X-KEY</c> with a method other than NONE): its method and URI.</summary>
    public sealed record Keyed(string Method, Uri KeyUri) : PlaylistEncryption;

    /// <summary>The media playlist lists segments without a key.</summary>
    public sealed record Clear : PlaylistEncryption;

    /// <summary>No media playlist: the endpoint answered an error, or nothing.</summary>
    public sealed record NotServing(string Answer) : PlaylistEncryption;
}
