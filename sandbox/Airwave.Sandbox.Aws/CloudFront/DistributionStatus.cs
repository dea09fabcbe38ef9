namespace Airwave.Sandbox.Aws.CloudFront;

internal enum DistributionStatus
{
    InProgress,
    Deployed,
}
