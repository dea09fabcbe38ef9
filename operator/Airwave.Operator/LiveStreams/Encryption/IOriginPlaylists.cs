namespace Airwave.Operator.LiveStreams.Encryption;

/// <summary>Reads an origin endpoint's playlist as a player would, to see whether it names a key.</summary>
public interface IOriginPlaylists
{
    /// <param name="headers">Sent with each request: an endpoint with CDN authorization answers only with its identifier.</param>
    Task<PlaylistEncryption> ReadAsync(Uri playbackUrl, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken);
}
