namespace Airwave.Sandbox.Aws.Pipeline;

/// <summary>Endpoint metadata naming the service and operation a route implements, for signing, faults and call counts.</summary>
internal sealed record AwsOperation(AwsServiceKind Service, string Name)
{
    public string SigningName => Service switch
    {
        AwsServiceKind.MediaLive => "medialive",
        AwsServiceKind.MediaPackage => "mediapackage",
        AwsServiceKind.S3 => "s3",
        AwsServiceKind.Ivs => "ivs",
        AwsServiceKind.Sts => "sts",
        AwsServiceKind.CloudWatch => "monitoring",
        AwsServiceKind.Kms => "kms",
        AwsServiceKind.SecretsManager => "secretsmanager",
        _ => "cloudfront",
    };

    public override string ToString() => $"{Service}.{Name}";
}
