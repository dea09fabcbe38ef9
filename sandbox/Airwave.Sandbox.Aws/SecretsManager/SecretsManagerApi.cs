using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Aws.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Aws.SecretsManager;

/// <summary>
/// AWS Secrets Manager over the AWS JSON 1.1 protocol (<see cref="Protocol"/>): string secrets made, described, read
/// and given new values (CreateSecret, DescribeSecret, GetSecretValue, PutSecretValue), as a platform team keeps the
/// CDN identifier that MediaPackage endpoints check.
/// </summary>
internal sealed class SecretsManagerApi(SecretStore secrets)
{
    public static readonly JsonTargetProtocol Protocol = new(
        AwsServiceKind.SecretsManager,
        "secretsmanager.",
        new HashSet<string>(["CreateSecret", "DescribeSecret", "GetSecretValue", "PutSecretValue"], StringComparer.Ordinal));

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public async Task InvokeAsync(HttpContext context, AwsOperation operation)
    {
        var body = JsonNode.Parse(await SignedRequest.ReadBodyAsync(context.Request, rewind: true, context.RequestAborted)) as JsonObject ?? [];
        object result = operation.Name switch
        {
            "CreateSecret" => Create(body),
            "DescribeSecret" => Describe(secrets.Find((string)body["SecretId"]!)),
            "GetSecretValue" => Value(body),
            _ => Put(body),
        };
        context.Response.ContentType = "application/x-amz-json-1.1";
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(result, Json), context.RequestAborted);
    }

    private object Create(JsonObject body)
    {
        if (body["SecretBinary"] is not null)
        {
            throw AwsErrorWriter.NotSupported(new AwsOperation(AwsServiceKind.SecretsManager, "CreateSecret with SecretBinary"));
        }

        var secret = secrets.Create((string)body["Name"]!, (string?)body["Description"], (string?)body["SecretString"], (string?)body["ClientRequestToken"]);
        return new { ARN = secret.Arn, secret.Name, VersionId = secret.Current?.Id };
    }

    private static object Describe(StoredSecret secret) => new
    {
        ARN = secret.Arn,
        secret.Name,
        secret.Description,
        CreatedDate = Epoch(secret.Created),
        LastChangedDate = Epoch(secret.Versions is [.., var newest] ? newest.Created : secret.Created),
        VersionIdsToStages = secret.Versions.ToDictionary(v => v.Id, v => v.Stages),
    };

    private object Value(JsonObject body)
    {
        var secret = secrets.Find((string)body["SecretId"]!);
        var stage = (string?)body["VersionStage"] ?? SecretStore.Current;
        var version = (string?)body["VersionId"] is { } id
            ? secret.Versions.FirstOrDefault(v => v.Id == id)
            : secret.Versions.LastOrDefault(v => v.Stages.Contains(stage));
        if (version is null)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "ResourceNotFoundException", $"Secrets Manager can't find the specified secret value for staging label: {stage}");
        }

        return new { ARN = secret.Arn, secret.Name, VersionId = version.Id, version.SecretString, VersionStages = version.Stages, CreatedDate = Epoch(version.Created) };
    }

    private object Put(JsonObject body)
    {
        if ((string?)body["SecretString"] is not { } value)
        {
            throw AwsErrorWriter.NotSupported(new AwsOperation(AwsServiceKind.SecretsManager, "PutSecretValue without SecretString"));
        }

        var (secret, version) = secrets.Put((string)body["SecretId"]!, value, (string?)body["ClientRequestToken"]);
        return new { ARN = secret.Arn, secret.Name, VersionId = version.Id, VersionStages = version.Stages };
    }

    private static double Epoch(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;
}
