using Airwave.Api.VideoAssets;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Kubernetes.Secrets;
using Airwave.Mux;
using Airwave.Mux.Signing;
using k8s;
using k8s.Models;

namespace Airwave.Operator.VideoAssets.MuxHosting;

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
    public sealed record Outcome(string KeyId, string? Created, string? Replaced, V1Secret? Written = null);

    public async Task<Outcome> EnsureAsync(CancellationToken cancellationToken)
    {
        var @namespace = client.Namespace;
        var secret = await client.Api.CoreV1.ReadNamespacedSecretAsync(Name, @namespace, cancellationToken: cancellationToken).OrNull();
        if (mux.SigningKey is { } configured)
        {
            return await KeepConfiguredAsync(@namespace, secret, configured, cancellationToken);
        }

        var muxClient = mux.Client ?? throw new InvalidOperationException("no Mux access token is configured");
        if (secret?.GetString(KeyIdKey) is { } current && secret.GetString(PrivateKeyKey) is not null)
        {
            var annotations = new Dictionary<string, string>(secret.Metadata.Annotations ?? new Dictionary<string, string>());
            var request = annotations.GetValueOrDefault(RotateAnnotation);
            if (request is null || request == annotations.GetValueOrDefault(RotatedAnnotation))
            {
                return new Outcome(current, null, null);
            }

            var replacement = await muxClient.CreateSigningKeyAsync(cancellationToken);
            var rotated = new Dictionary<string, string>(annotations) { [RotatedAnnotation] = request, [CreatedKeyAnnotation] = replacement.Id };
            var written = await WriteOrForgetAsync(muxClient, replacement, () => ReplaceAsync(secret, rotated, replacement, cancellationToken), cancellationToken);

            // Only a key the operator made is deleted: one written into the Secret by hand may serve something else.
            if (annotations.GetValueOrDefault(CreatedKeyAnnotation) == current)
            {
                await DeleteAtMuxAsync(muxClient, current, cancellationToken);
            }

            return new Outcome(replacement.Id, replacement.Id, current, written);
        }

        var made = await muxClient.CreateSigningKeyAsync(cancellationToken);
        var stored = await WriteOrForgetAsync(muxClient, made, () => secret is null
            ? CreateAsync(@namespace, made, madeHere: true, cancellationToken)
            : ReplaceAsync(secret, new Dictionary<string, string>(secret.Metadata.Annotations ?? new Dictionary<string, string>()) { [CreatedKeyAnnotation] = made.Id }, made, cancellationToken), cancellationToken);
        return new Outcome(made.Id, made.Id, null, stored);
    }

    /// <summary>Writes the Secret for a key just made; when another reconcile wrote first, ours is deleted at Mux and the write retried later.</summary>
    private static async Task<V1Secret> WriteOrForgetAsync(IMuxClient muxClient, SigningKey made, Func<Task<V1Secret>> write, CancellationToken cancellationToken)
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

    private async Task<Outcome> KeepConfiguredAsync(string @namespace, V1Secret? secret, SigningKey configured, CancellationToken cancellationToken)
    {
        if (secret is null)
        {
            await CreateAsync(@namespace, configured, madeHere: false, cancellationToken);
        }
        else if (secret.GetString(KeyIdKey) != configured.Id || secret.GetString(PrivateKeyKey) != configured.PrivateKey)
        {
            var annotations = new Dictionary<string, string>(secret.Metadata.Annotations ?? new Dictionary<string, string>());
            annotations.Remove(CreatedKeyAnnotation);
            await ReplaceAsync(secret, annotations, configured, cancellationToken);
        }

        return new Outcome(configured.Id, null, null);
    }

    /// <summary>Replaces the Secret as read, on the condition that it was not changed since.</summary>
    private Task<V1Secret> ReplaceAsync(V1Secret secret, IDictionary<string, string> annotations, SigningKey key, CancellationToken cancellationToken)
    {
        secret.Metadata.Annotations = annotations;
        secret.Data = Data(key.Id, key.PrivateKey!);
        return client.Api.CoreV1.ReplaceNamespacedSecretAsync(secret, Name, secret.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
    }

    private Task<V1Secret> CreateAsync(string @namespace, SigningKey key, bool madeHere, CancellationToken cancellationToken) =>
        client.Api.CoreV1.CreateNamespacedSecretAsync(Build(@namespace, key.Id, key.PrivateKey!, madeHere), @namespace, cancellationToken: cancellationToken);

    private static Task DeleteAtMuxAsync(IMuxClient muxClient, string keyId, CancellationToken cancellationToken) =>
        MuxLookup.DeleteAsync(() => muxClient.DeleteSigningKeyAsync(keyId, cancellationToken));

    private static Dictionary<string, byte[]> Data(string keyId, string privateKey) =>
        SecretText.Encode(new Dictionary<string, string> { [KeyIdKey] = keyId, [PrivateKeyKey] = privateKey });

    private static V1Secret Build(string @namespace, string keyId, string privateKey, bool madeHere) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Type = SecretText.Opaque,
        Metadata = new V1ObjectMeta
        {
            Name = Name,
            NamespaceProperty = @namespace,
            Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "airwave" },
            Annotations = madeHere ? new Dictionary<string, string> { [CreatedKeyAnnotation] = keyId } : null,
        },
        Data = Data(keyId, privateKey),
    };
}
