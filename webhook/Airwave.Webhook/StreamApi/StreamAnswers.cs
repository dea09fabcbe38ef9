using System.Globalization;
using System.Text.Json.Serialization;

namespace Airwave.Webhook.StreamApi;

/// <summary>A stream as django-broadcast's calls answer it: its id, the name it was started with, its times in GMT.</summary>
public sealed record StreamAnswer(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("start_date")] string StartDate,
    [property: JsonPropertyName("stop_date"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StopDate)
{
    /// <summary>django-broadcast's date format: GMT, to the second, without a zone.</summary>
    public static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}

/// <summary>Where and how the app uploads: the session's prefix and credentials limited to it.</summary>
public sealed record S3Endpoint(
    [property: JsonPropertyName("aws_access_key_id")] string AwsAccessKeyId,
    [property: JsonPropertyName("aws_secret_access_key")] string AwsSecretAccessKey,
    [property: JsonPropertyName("aws_session_token")] string AwsSessionToken,
    [property: JsonPropertyName("aws_expiration")] double AwsExpiration,
    [property: JsonPropertyName("s3_bucket_name")] string S3BucketName,
    [property: JsonPropertyName("s3_bucket_path")] string S3BucketPath,
    [property: JsonPropertyName("s3_bucket_region")] string S3BucketRegion);

/// <summary>What /stream/start answers.</summary>
public sealed record StartAnswer(
    [property: JsonPropertyName("stream")] StreamAnswer Stream,
    [property: JsonPropertyName("endpoint")] StartEndpoints Endpoint);

public sealed record StartEndpoints([property: JsonPropertyName("S3")] S3Endpoint S3);

/// <summary>What /stream/stop answers.</summary>
public sealed record StopAnswer([property: JsonPropertyName("stream")] StreamAnswer Stream);
