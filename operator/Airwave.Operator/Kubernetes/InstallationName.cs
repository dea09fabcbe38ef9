using System.Security.Cryptography;
using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Operator.Configuration;
using k8s;
using k8s.Models;

namespace Airwave.Operator.Kubernetes;

/// <summary>
/// The name this installation gives its AWS resources (their airwave.dev/cluster tag), so that two installations
/// sharing an AWS account never take each other's resources for their own. The configured clusterName when there is
/// one; else the name kept in ConfigMap airwave-installation of the operator's namespace, made the first time: the
/// name the installation's streams already carry in status.cluster, "default" for streams made by versions that had
/// no other default (their resources carry it), or a new one, the operator's namespace and 8 random hex digits.
/// </summary>
public sealed class InstallationName(KubernetesClient client, OperatorOptions options) : IDisposable
{
    public const string ConfigMapName = "airwave-installation";
    public const string NameKey = "name";

    /// <summary>The name of installations before each had one of its own.</summary>
    public const string Legacy = "default";

    private const int Attempts = 3;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _name = options.ClusterName is { Length: > 0 } configured ? configured : null;

    /// <summary>The name streams made from now on carry; a stream keeps the one in its status.</summary>
    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (_name is { } known)
        {
            return known;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _name ??= await KeptOrMadeAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The name a stream's AWS resources carry: the one in its status; for a stream with AWS resources but no name in
    /// status (made by a version before status.cluster), the configured one or <see cref="Legacy"/>; else this
    /// installation's.
    /// </summary>
    public async Task<string> ForAsync(LiveStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.Status?.Cluster is { Length: > 0 } kept ? kept
            : stream.Status is { Aws: not null } or { Ivs: not null } ? options.ClusterName is { Length: > 0 } configured ? configured : Legacy
            : await GetAsync(cancellationToken);
    }

    public void Dispose() => _gate.Dispose();

    private async Task<string> KeptOrMadeAsync(CancellationToken cancellationToken)
    {
        var @namespace = client.Namespace;
        for (var attempt = 1; ; attempt++)
        {
            if (await client.Api.CoreV1.ReadNamespacedConfigMapAsync(ConfigMapName, @namespace, cancellationToken: cancellationToken).OrNull() is { Data: { } kept }
                && kept.TryGetValue(NameKey, out var name) && name is { Length: > 0 })
            {
                return name;
            }

            var chosen = await FromStreamsAsync(cancellationToken) ?? $"{@namespace}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
            try
            {
                await client.Api.CoreV1.CreateNamespacedConfigMapAsync(
                    new V1ConfigMap
                    {
                        Metadata = new V1ObjectMeta
                        {
                            Name = ConfigMapName,
                            NamespaceProperty = @namespace,
                            Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "airwave" },
                        },
                        Data = new Dictionary<string, string> { [NameKey] = chosen },
                    },
                    @namespace,
                    cancellationToken: cancellationToken);
                return chosen;
            }
            catch (AlreadyExistsException) when (attempt < Attempts)
            {
                // Another replica kept one first: read it back.
            }
        }
    }

    /// <summary>What the installation's streams say: a name one of them carries, "default" when only older ones have AWS resources, null when none has.</summary>
    private async Task<string?> FromStreamsAsync(CancellationToken cancellationToken)
    {
        var namespaces = options.WatchNamespaces.Count > 0 ? options.WatchNamespaces.Select(n => (string?)n) : [null];
        var legacy = false;
        foreach (var @namespace in namespaces)
        {
            var streams = await client.ListAsync<LiveStream>(AirwaveResources.LiveStreams, @namespace, null, cancellationToken);
            if (streams.Items.Select(s => s.Status?.Cluster).FirstOrDefault(c => c is { Length: > 0 }) is { } carried)
            {
                return carried;
            }

            legacy |= streams.Items.Any(s => s.Status is { Aws: not null } or { Ivs: not null });
        }

        return legacy ? Legacy : null;
    }
}
