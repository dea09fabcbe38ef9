namespace Airwave.Api.VideoAssets;

/// <summary>What becomes of the provider's asset when its VideoAsset is deleted.</summary>
public enum DeletionPolicy
{
    Delete,
    Retain,
}
