using System.Text;
using System.Text.Json.Serialization.Metadata;
using Airwave.Aws.Credentials;
using Airwave.Configuration;

namespace Airwave.Aws.Http;

/// <summary>
/// Where a service reaches AWS, and as whom (the configuration's Aws section, shared by the operator and the webhook
/// service).
/// </summary>
public sealed record AwsSettings : ISettingsSection<AwsSettings>
{
    public static JsonTypeInfo<AwsSettings> JsonType => AwsSettingsJson.Default.AwsSettings;

    public string Region { get; init; } = "us-east-1";

    /// <summary>One endpoint for every media service instead of AWS's own, e.g. the sandbox's AWS emulator.</summary>
    public Uri? EndpointUrl { get; init; }

    /// <summary>
    /// An IAM user's access key, for deployments that give the service keys rather than a role; unset, credentials
    /// come from the SDK's default chain (IRSA, Pod Identity, environment, profile, IMDS), which is what to prefer.
    /// </summary>
    public string? AccessKeyId { get; init; }

    /// <summary>The secret of <see cref="AccessKeyId"/>; never printed.</summary>
    public string? SecretAccessKey { get; init; }

    /// <summary>The clients' options: AWS's own endpoints in the region, or every service at the one endpoint.</summary>
    public AwsClientOptions ClientOptions() =>
        EndpointUrl is { } endpoint ? AwsClientOptions.ForEmulator(endpoint, Region) : new AwsClientOptions { Region = Region };

    /// <summary>The keys given, or the SDK's default chain without them; half a key stops startup.</summary>
    public ICredentialsProvider Credentials()
    {
        if (string.IsNullOrEmpty(AccessKeyId) != string.IsNullOrEmpty(SecretAccessKey))
        {
            var (set, unset) = string.IsNullOrEmpty(AccessKeyId) ? ("Aws:SecretAccessKey", "Aws:AccessKeyId") : ("Aws:AccessKeyId", "Aws:SecretAccessKey");
            throw new SettingException($"{EarlierNames.Named(set)} is set but {EarlierNames.Named(unset)} is not: an AWS access key is both its id and its secret");
        }

        return string.IsNullOrEmpty(AccessKeyId)
            ? new DefaultChainCredentialsProvider()
            : new StaticCredentialsProvider(new AwsCredentials(AccessKeyId, SecretAccessKey!));
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Region = {Region}, EndpointUrl = {EndpointUrl}, AccessKeyId = {AccessKeyId}");
        return true;
    }
}
