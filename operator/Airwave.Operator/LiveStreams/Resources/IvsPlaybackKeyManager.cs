using System.Security.Cryptography;
using System.Text;
using Airwave.Operator.Kubernetes;
using Airwave.Api.LiveStreams;
using Airwave.Aws.Errors;
using Airwave.Aws.Ivs;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Secrets;

namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>
/// The installation's IVS playback key: one key pair for every private channel, since IVS keeps a few per account
/// and region and does not tie one to a channel. Its private half lives in a Secret of the operator's namespace
/// (made on first use; the namespace the operator's Kubernetes client is in), which the webhook service signs viewers' tokens with; its public half is imported into IVS
/// under a name derived from it, so that a replaced Secret gets its key imported and the installation's older key
/// pairs are deleted. Checked once per <see cref="RecheckInterval"/>.
/// </summary>
public sealed class IvsPlaybackKeyManager(KubernetesClient client, IIvsClient ivs, InstallationName installation, TimeProvider time) : IDisposable
{
    private const string ClusterTag = StreamIdentity.ClusterTag;

    private static readonly TimeSpan RecheckInterval = TimeSpan.FromMinutes(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset? _checked;

    /// <summary>Makes sure the key exists, in the Secret and imported into IVS.</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_checked is { } at && time.GetUtcNow() - at < RecheckInterval)
            {
                return;
            }

            var cluster = await installation.GetAsync(cancellationToken);
            using var signer = new IvsPlaybackTokenSigner(await PrivateKeyAsync(cancellationToken));
            var publicKey = signer.PublicKeyPem;
            var name = $"airwave-{cluster}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(publicKey)))[..16]}";
            var pairs = await ivs.ListPlaybackKeyPairsAsync(cancellationToken);
            if (!pairs.Any(p => p.Name == name))
            {
                // A key this installation imported before its Secret was replaced signs nothing any more.
                foreach (var old in pairs.Where(p => p.Name?.StartsWith($"airwave-{cluster}-", StringComparison.Ordinal) == true && p.Tags?.GetValueOrDefault(ClusterTag) == cluster))
                {
                    await AwsLookup.DeleteAsync(() => ivs.DeletePlaybackKeyPairAsync(old.Arn, cancellationToken));
                }

                try
                {
                    await ivs.ImportPlaybackKeyPairAsync(publicKey, name, new Dictionary<string, string> { [ClusterTag] = cluster }, cancellationToken);
                }
                catch (AwsConflictException)
                {
                    // Imported by an earlier call whose answer was lost.
                }
            }

            _checked = time.GetUtcNow();
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>The Secret's private key, made with a new key when there is none (see <see cref="GeneratedSecret"/>).</summary>
    private async Task<string> PrivateKeyAsync(CancellationToken cancellationToken) =>
        (await GeneratedSecret.GetOrCreateAsync(client, client.Namespace, IvsPlaybackKeySecret.Name, IvsPlaybackKeySecret.PrivateKeyKey, IvsPlaybackTokenSigner.NewPrivateKeyPem, cancellationToken)).Value;
}
