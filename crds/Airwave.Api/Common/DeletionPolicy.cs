namespace Airwave.Api.Common;

/// <summary>What becomes of what a resource made outside the cluster (a provider's asset, clips in S3) when it is deleted.</summary>
public enum DeletionPolicy
{
    Delete,
    Retain,
}
