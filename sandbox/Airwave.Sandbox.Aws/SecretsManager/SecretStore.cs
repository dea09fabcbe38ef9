using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Airwave.Sandbox.Aws.Pipeline;

namespace Airwave.Sandbox.Aws.SecretsManager;

/// <summary>One version of a secret's value, with the staging labels on it (AWSCURRENT, AWSPREVIOUS).</summary>
internal sealed record SecretVersion(string Id, string? SecretString, DateTimeOffset Created, IReadOnlyList<string> Stages);

/// <summary>A secret: its name, ARN (the name and six random characters, as Secrets Manager makes it) and versions, newest last.</summary>
internal sealed record StoredSecret(string Name, string Arn, string? Description, DateTimeOffset Created, IReadOnlyList<SecretVersion> Versions)
{
    public SecretVersion? Current => Versions.LastOrDefault(v => v.Stages.Contains(SecretStore.Current));
}

/// <summary>The account's secrets, in memory for the emulator's lifetime: made, read and given new values, never deleted.</summary>
internal sealed class SecretStore(AwsEmulatorOptions options)
{
    public const string Current = "AWSCURRENT";
    private const string Previous = "AWSPREVIOUS";
    private const string ArnSuffixAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private readonly ConcurrentDictionary<string, StoredSecret> _secrets = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public StoredSecret Create(string name, string? description, string? secretString, string? versionId)
    {
        lock (_gate)
        {
            if (_secrets.ContainsKey(name))
            {
                throw new AwsApiException(HttpStatusCode.BadRequest, "ResourceExistsException", $"The operation failed because the secret {name} already exists.");
            }

            var now = options.Time.GetUtcNow();
            var arn = $"arn:aws:secretsmanager:{options.Region}:{options.AccountId}:secret:{name}-{RandomNumberGenerator.GetString(ArnSuffixAlphabet, 6)}";
            var versions = secretString is null ? [] : new[] { new SecretVersion(versionId ?? Guid.NewGuid().ToString("D"), secretString, now, [Current]) };
            return _secrets[name] = new StoredSecret(name, arn, description, now, versions);
        }
    }

    /// <summary>The secret with this name or ARN.</summary>
    public StoredSecret Find(string secretId) =>
        (secretId.StartsWith("arn:", StringComparison.Ordinal) ? _secrets.Values.FirstOrDefault(s => s.Arn == secretId) : _secrets.GetValueOrDefault(secretId))
        ?? throw new AwsApiException(HttpStatusCode.BadRequest, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");

    /// <summary>A new current version; the one that was current becomes the previous one.</summary>
    public (StoredSecret Secret, SecretVersion Version) Put(string secretId, string secretString, string? versionId)
    {
        lock (_gate)
        {
            var secret = Find(secretId);
            var version = new SecretVersion(versionId ?? Guid.NewGuid().ToString("D"), secretString, options.Time.GetUtcNow(), [Current]);
            var kept = secret.Versions
                .Select(v => v.Stages.Contains(Current) ? v with { Stages = [Previous] } : v with { Stages = [.. v.Stages.Where(s => s != Previous)] })
                .Where(v => v.Stages.Count > 0);
            var updated = secret with { Versions = [.. kept, version] };
            _secrets[secret.Name] = updated;
            return (updated, version);
        }
    }
}
