using System.Text;
using System.Text.Json;

namespace Airwave.Aws.CloudFront.Signing;

/// <summary>
/// What a CloudFront signed URL or cookie allows: a resource (a URL, or with <c>*</c> and <c>?</c> a set of them),
/// until <see cref="Expires"/>, and optionally not before <see cref="NotBefore"/> and only from <see cref="SourceIp"/>
/// (a CIDR range). A policy of one exact URL and an expiry alone is CloudFront's canned policy, whose URLs carry
/// <c>Expires</c> instead of the policy itself.
/// </summary>
public sealed record CloudFrontPolicy(string Resource, DateTimeOffset Expires, DateTimeOffset? NotBefore = null, string? SourceIp = null)
{
    /// <summary>Whether CloudFront takes this as a canned policy: one URL, an expiry, no other condition.</summary>
    public bool IsCanned => NotBefore is null && SourceIp is null && !Resource.Contains('*', StringComparison.Ordinal) && !Resource.Contains('?', StringComparison.Ordinal);

    /// <summary>The policy statement as CloudFront reads it: compact JSON, epoch seconds.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("Statement");
            json.WriteStartObject();
            json.WriteString(nameof(Resource), Resource);
            json.WriteStartObject("Condition");
            json.WriteStartObject("DateLessThan");
            json.WriteNumber("AWS:EpochTime", Expires.ToUnixTimeSeconds());
            json.WriteEndObject();
            if (SourceIp is not null)
            {
                json.WriteStartObject("IpAddress");
                json.WriteString("AWS:SourceIp", SourceIp);
                json.WriteEndObject();
            }

            if (NotBefore is { } notBefore)
            {
                json.WriteStartObject("DateGreaterThan");
                json.WriteNumber("AWS:EpochTime", notBefore.ToUnixTimeSeconds());
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
