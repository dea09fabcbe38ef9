using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Api.Validation;
using Airwave.Api.VideoAssets;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Kubernetes.Informers;
using k8s;
using k8s.Models;

namespace Airwave.Operator.Spending;

/// <summary>
/// What each namespace is estimated to have spent this month, as its limit counts it: its LiveStreams' and VideoAssets'
/// status.cost from the informers' caches, and the deleted ones' from the spend ledger (<see cref="SpendLedger"/>), a
/// ConfigMap beside the operator that the leader reads when it begins to lead and writes as each resource's teardown
/// ends. Only the leader writes, so between reads its own copy is current; reads and writes take turns, so that an
/// older copy never replaces a newer one.
/// </summary>
public sealed class NamespaceSpend(KubernetesClient client, Informer<LiveStream> streams, Informer<VideoAsset> assets) : IDisposable
{
    private const int MaxWriteAttempts = 10;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private volatile SpendLedger _deleted = SpendLedger.Empty;

    /// <summary>
    /// The namespace's spend in <paramref name="now"/>'s month; a stream being reconciled counts with
    /// <paramref name="drafted"/>, its cost as the pass has it, which may be newer than the cache's.
    /// </summary>
    public decimal Spent(string ns, DateTimeOffset now, (string Uid, CostStatus? Cost)? drafted = null)
    {
        ArgumentNullException.ThrowIfNull(ns);
        var live = streams.Cache.ListByNamespace(ns)
            .Select(s => (Uid: s.Metadata.Uid ?? "", s.Status?.Cost))
            .Where(s => s.Uid != drafted?.Uid)
            .Concat(assets.Cache.ListByNamespace(ns).Select(a => (Uid: a.Metadata.Uid ?? "", a.Status?.Cost)));
        return SpendLimit.Spent(ns, [.. drafted is { } d ? live.Append(d) : live], _deleted, now);
    }

    /// <summary>Every namespace that has a LiveStream or a VideoAsset.</summary>
    public IReadOnlySet<string> Namespaces() =>
        streams.Cache.List().Select(s => s.Metadata.Namespace ?? "")
            .Concat(assets.Cache.List().Select(a => a.Metadata.Namespace ?? ""))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Reads the ledger as stored.</summary>
    public async Task ReadAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            _deleted = SpendLedger.From((await ReadConfigMapAsync(cancellationToken))?.Data);
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>
    /// Records what a deleted resource cost this month before its finalizer goes; again after a conflict, from what is
    /// stored. Recording it twice changes nothing.
    /// </summary>
    public async Task RecordDeletedAsync(string ns, string uid, CostStatus? cost, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var stored = await ReadConfigMapAsync(cancellationToken);
                var ledger = SpendLedger.From(stored?.Data);
                if (ledger.With(ns, uid, cost, now) is not { } recorded)
                {
                    _deleted = ledger;
                    return;
                }

                try
                {
                    await WriteAsync(stored, recorded, cancellationToken);
                    _deleted = recorded;
                    return;
                }
                catch (KubernetesApiException e) when (e is ConflictException or AlreadyExistsException && attempt < MaxWriteAttempts)
                {
                    // Written since it was read (a replica that led until just now): record it again on what is stored.
                }
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    public void Dispose() => _turn.Dispose();

    private Task<V1ConfigMap?> ReadConfigMapAsync(CancellationToken cancellationToken) =>
        client.Api.CoreV1.ReadNamespacedConfigMapAsync(SpendLedger.ConfigMapName, client.Namespace, cancellationToken: cancellationToken).OrNull();

    /// <summary>Replaces the ConfigMap on the condition that it is unchanged since read (its resourceVersion), or makes it.</summary>
    private Task<V1ConfigMap> WriteAsync(V1ConfigMap? stored, SpendLedger ledger, CancellationToken cancellationToken)
    {
        if (stored is not null)
        {
            stored.Data = ledger.ToData();
            return client.Api.CoreV1.ReplaceNamespacedConfigMapAsync(stored, SpendLedger.ConfigMapName, client.Namespace, cancellationToken: cancellationToken);
        }

        var made = new V1ConfigMap
        {
            Metadata = new V1ObjectMeta
            {
                Name = SpendLedger.ConfigMapName,
                NamespaceProperty = client.Namespace,
                Labels = new Dictionary<string, string>
                {
                    ["app.kubernetes.io/managed-by"] = "airwave",
                    ["app.kubernetes.io/component"] = "spend-ledger",
                },
            },
            Data = ledger.ToData(),
        };
        return client.Api.CoreV1.CreateNamespacedConfigMapAsync(made, client.Namespace, cancellationToken: cancellationToken);
    }
}
