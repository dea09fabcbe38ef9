namespace Airwave.Operator.LiveStreams.Encryption;

/// <summary>Reads an origin endpoint's playlist as a player would, to see whether it names a key.</summary>
public interface IOriginPlaylists
{
    Task<PlaylistEncryption> ReadAsync(Uri playbackUrl, CancellationToken cancellationToken);
}
