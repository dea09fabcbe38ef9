namespace Airwave.Api.VideoAssets;

public enum VideoAssetPhase
{
    Pending,
    WaitingForUpload,
    Preparing,
    Ready,
    Errored,
}
