using Airwave.Api.VideoAssets;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Kubernetes.Core;
using Airwave.Mux;
using Airwave.Mux.Signing;
using Airwave.Operator.VideoAssets.Resources;

namespace Airwave.Operator.VideoAssets;

/// <summary>
/// The installation's playback signing key: a Mux signing key kept in Secret <see cref="PlaybackSigningSecret"/> in
/// the operator's namespace, which the webhook service signs viewers' tokens with for callers allowed to get the
/// VideoAsset. Made the first time a Signed VideoAsset needs it; replaced when the Secret's rotate annotation takes a
/// new value, the old key then deleted at Mux (so tokens it signed stop working: rotation is for a key that leaked)
/// if the operator made it, as the Secret's created-key record says. A configured key is kept there instead, and never
/// deleted.
/// </summary>
public sealed class PlaybackSigningKey(KubernetesClient client, MuxAccount mux)
{
    private const string Name = PlaybackSigningSecret.Name;
    private const string KeyIdKey = PlaybackSigningSecret.KeyIdKey;
    private const string PrivateKeyKey = PlaybackSigningSecret.PrivateKeyKey;
    private const string RotateAnnotation = PlaybackSigningSecret.RotateAnnotation;
    private const string RotatedAnnotation = PlaybackSigningSecret.RotatedAnnotation;
    private const string CreatedKeyAnnotation = PlaybackSigningSecret.CreatedKeyAnnotation;

    /// <summary>What became of the key: its id, the id made by this call or null, the id it replaced or null, and the Secret when this call wrote it.</summary>
    public sealed record Outcome(string KeyId, string? Created, string? Replaced, Secret? Written = null);

    public async Task<Outcome> EnsureAsync(CancellationToken cancellationToken)
    {
        var @namespace = client.Namespace;
        var secret = await client.TryGetAsync<Secret>(ResourceType.Secrets, @namespace, Name, cancellationToken);
        if (mux.SigningKey is { } configured)
        {
            return await KeepConfiguredAsync(@namespace, secret, configured, cancellationToken);
        }

        var muxClient = mux.Client ?? throw new InvalidOperationException("no Mux access token is configured");
        if (secret?.GetString(KeyIdKey) is { } current && secret.GetString(PrivateKeyKey) is not null)
        {
            var annotations = secret.Metadata.Annotations ?? new Dictionary<string, string>();
            var request = annotations.GetValueOrDefault(RotateAnnotation);
            if (request is null || request == annotations.GetValueOrDefault(RotatedAnnotation))
            {
                return new Outcome(current, null, null);
            }

            var replacement = await muxClient.CreateSigningKeyAsync(cancellationToken);
            var rotated = new Dictionary<string, string>(annotations) { [RotatedAnnotation] = request, [CreatedKeyAnnotation] = replacement.Id };
            var written = await WriteOrForgetAsync(muxClient, replacement, () => client.UpdateAsync(
                ResourceType.Secrets,
                secret with { Metadata = secret.Metadata with { Annotations = rotated }, Data = Data(replacement.Id, replacement.PrivateKey!) },
                cancellationToken), cancellationToken);

            // Only a key the operator made is deleted: one written into the Secret by hand may serve something else.
            if (annotations.GetValueOrDefault(CreatedKeyAnnotation) == current)
            {
                await DeleteAtMuxAsync(muxClient, current, cancellationToken);
            }

            return new Outcome(replacement.Id, replacement.Id, current, written);
        }

        var made = await muxClient.CreateSigningKeyAsync(cancellationToken);
        var stored = await WriteOrForgetAsync(muxClient, made, () => secret is null
            ? client.CreateAsync(ResourceType.Secrets, Build(@namespace, made.Id, made.PrivateKey!, madeHere: true), cancellationToken)
            : client.UpdateAsync(ResourceType.Secrets, secret with { Metadata = Recorded(secret.Metadata, made.Id), Data = Data(made.Id, made.PrivateKey!) }, cancellationToken), cancellationToken);
        return new Outcome(made.Id, made.Id, null, stored);
    }

    /// <summary>Writes the Secret for a key just made; when another reconcile wrote first, ours is deleted at Mux and the write retried later.</summary>
    private static async Task<Secret> WriteOrForgetAsync(IMuxClient muxClient, SigningKey made, Func<Task<Secret>> write, CancellationToken cancellationToken)
    {
        try
        {
            return await write();
        }
        catch (Exception e) when (e is AlreadyExistsException or ConflictException)
        {
            await DeleteAtMuxAsync(muxClient, made.Id, cancellationToken);
            throw;
        }
    }

    private async Task<Outcome> KeepConfiguredAsync(string @namespace, Secret? secret, SigningKey configured, CancellationToken cancellationToken)
    {
        if (secret is null)
        {
            await client.CreateAsync(ResourceType.Secrets, Build(@namespace, configured.Id, configured.PrivateKey!, madeHere: false), cancellationToken);
        }
        else if (secret.GetString(KeyIdKey) != configured.Id || secret.GetString(PrivateKeyKey) != configured.PrivateKey)
        {
            var annotations = new Dictionary<string, string>(secret.Metadata.Annotations ?? new Dictionary<string, string>());
            annotations.Remove(CreatedKeyAnnotation);
            await client.UpdateAsync(ResourceType.Secrets, secret with { Metadata = secret.Metadata with { Annotations = annotations }, Data = Data(configured.Id, configured.PrivateKey!) }, cancellationToken);
        }

        return new Outcome(configured.Id, null, null);
    }

    private static ObjectMeta Recorded(ObjectMeta metadata, string createdKey) =>
        metadata with { Annotations = new Dictionary<string, string>(metadata.Annotations ?? new Dictionary<string, string>()) { [CreatedKeyAnnotation] = createdKey } };

    private static Task DeleteAtMuxAsync(IMuxClient muxClient, string keyId, CancellationToken cancellationToken) =>
        MuxLookup.DeleteAsync(() => muxClient.DeleteSigningKeyAsync(keyId, cancellationToken));

    private static IReadOnlyDictionary<string, string> Data(string keyId, string privateKey) =>
        Secret.Encode(new Dictionary<string, string> { [KeyIdKey] = keyId, [PrivateKeyKey] = privateKey });

    private static Secret Build(string @namespace, string keyId, string privateKey, bool madeHere) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Type = Secret.OpaqueType,
        Metadata = new ObjectMeta
        {
            Name = Name,
            Namespace = @namespace,
            Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "airwave" },
            Annotations = madeHere ? new Dictionary<string, string> { [CreatedKeyAnnotation] = keyId } : null,
        },
        Data = Data(keyId, privateKey),
    };
}
