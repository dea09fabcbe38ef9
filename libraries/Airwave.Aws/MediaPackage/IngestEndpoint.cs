namespace Airwave.Aws.MediaPackage;

/// <summary>A WebDAV URL MediaLive pushes HLS to, with its credentials. The password is a secret.</summary>
public sealed record IngestEndpoint(string Id, string Url, string Username, string Password)
{
    public override string ToString() => $"IngestEndpoint {{ Id = {Id}, Url = {Url}, Username = {Username} }}";
}
