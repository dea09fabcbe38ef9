using System.Collections.Concurrent;
using System.Text.Json;
using Airwave.Aws.MediaPackage;
using Airwave.Aws.SecretsManager;

namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>
/// The CDN identifiers MediaPackage endpoints with CDN authorization check, read from their Secrets Manager secrets
/// and kept a few minutes, so that the live distribution's origins (and the operator's own playlist reads) send the
/// current one after the administrators rotate it, without a read per pass.
/// </summary>
public sealed class CdnIdentifiers(ISecretsManagerClient secrets, TimeProvider time)
{
    private static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (string Value, DateTimeOffset ReadAt)> _read = new(StringComparer.Ordinal);

    /// <summary>The identifier in the secret <paramref name="secretArn"/>.</summary>
    public async Task<string> GetAsync(string secretArn, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_read.TryGetValue(secretArn, out var kept) && now - kept.ReadAt < KeptFor)
        {
            return kept.Value;
        }

        var text = await secrets.GetSecretStringAsync(secretArn, cancellationToken);
        string? value = null;
        try
        {
            using var document = JsonDocument.Parse(text ?? "");
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(CdnAuthorization.SecretField, out var field) && field.ValueKind == JsonValueKind.String)
            {
                value = field.GetString();
            }
        }
        catch (JsonException)
        {
            // Said below, without the secret's text.
        }

        if (string.IsNullOrEmpty(value))
        {
            throw new InvalidOperationException($"Secrets Manager secret {secretArn} does not hold the CDN identifier as MediaPackage reads it: a JSON string {{\"{CdnAuthorization.SecretField}\": \"...\"}}.");
        }

        _read[secretArn] = (value, now);
        return value;
    }

    /// <summary>The header the live distribution's origin sends an endpoint with CDN authorization; null for one without.</summary>
    public async Task<IReadOnlyDictionary<string, string>?> HeadersForAsync(OriginEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.Authorization is { } authorization
            ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [CdnAuthorization.HeaderName] = await GetAsync(authorization.CdnIdentifierSecret, cancellationToken) }
            : null;
    }
}
