using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Airwave.Aws.Credentials;
using Airwave.Aws.Http;

namespace Airwave.Aws.SecretsManager;

/// <summary>
/// AWS Secrets Manager over its AWS JSON 1.1 protocol: a POST to / naming the operation in <c>X-Amz-Target</c>
/// (<c>secretsmanager.</c>), signed with SigV4 for the service name <c>secretsmanager</c>. Only GetSecretValue: the
/// AWS SDK for .NET's Secrets Manager package is not among the packages this project can use.
/// </summary>
public sealed class SecretsManagerClient : ISecretsManagerClient
{
    private const string TargetPrefix = "secretsmanager.";
    private const string ContentType = "application/x-amz-json-1.1";
    private readonly AwsRestClient _client;

    public SecretsManagerClient(HttpClient http, AwsClientOptions options, ICredentialsProvider credentials, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = new AwsRestClient(http, AwsService.SecretsManager(options), credentials, options.Retry, options.Metrics, time ?? TimeProvider.System);
    }

    public async Task<string?> GetSecretStringAsync(string secretId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretId);
        var headers = new Dictionary<string, string> { ["X-Amz-Target"] = TargetPrefix + "GetSecretValue" };
        var body = Encoding.UTF8.GetBytes(new JsonObject { ["SecretId"] = secretId }.ToJsonString());
        var response = await _client.SendAsync(new AwsRequest(HttpMethod.Post, "/", body, ContentType, headers), cancellationToken, "GetSecretValue");
        using var document = JsonDocument.Parse(response.Body);
        return document.RootElement.TryGetProperty("SecretString", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
