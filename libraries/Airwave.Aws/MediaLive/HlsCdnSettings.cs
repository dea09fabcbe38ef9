namespace Airwave.Aws.MediaLive;

/// <summary>How HLS segments are delivered; MediaPackage v1 ingests over WebDAV.</summary>
public sealed record HlsCdnSettings(HlsWebdavSettings? HlsWebdavSettings);
