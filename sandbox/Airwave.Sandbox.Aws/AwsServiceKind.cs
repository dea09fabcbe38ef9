namespace Airwave.Sandbox.Aws;

public enum AwsServiceKind
{
    MediaLive,
    MediaPackage,
    CloudFront,
    S3,
    Ivs,
    Sts,
    CloudWatch,
    Kms,
    SecretsManager,
}
