namespace Airwave.Aws.MediaLive;

public sealed record HlsWebdavSettings(
    int? ConnectionRetryInterval = null,
    int? FilecacheDuration = null,
    string? HttpTransferMode = null,
    int? NumRetries = null,
    int? RestartDelay = null);
