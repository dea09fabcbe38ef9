using System.Diagnostics;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using Microsoft.Extensions.Logging;

namespace Airwave.Kubernetes.Informers;

/// <summary>
/// Keeps a cache of one resource type in step with the server: LIST, then WATCH from the list's
/// resourceVersion (with bookmarks), resuming from the last seen version when a watch ends, listing again
/// when that version has expired (410), and reconnecting with capped, jittered backoff after failures.
/// Handlers see each change once; a relist reports only what actually differs from the cache. Limited to some
/// namespaces, it runs that loop once per namespace into the one cache.
/// </summary>
public sealed partial class Informer<T> : IInformer
    where T : KubernetesObject
{
    // A watch that ends this quickly without news counts as a failure, so a server that closes
    // every watch at once is not hammered.
    private static readonly TimeSpan HealthyWatchDuration = TimeSpan.FromSeconds(1);

    private readonly KubernetesClient _client;
    private readonly ResourceType _type;
    private readonly InformerOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _dispatch = new();
    private readonly List<IResourceChangeHandler<T>> _handlers = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _unsyncedScopes;

    public Informer(KubernetesClient client, ResourceType type, InformerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _type = type ?? throw new ArgumentNullException(nameof(type));
        _options = options ?? new InformerOptions();
        _logger = client.LoggerFactory.CreateLogger($"Airwave.Kubernetes.Informers.Informer.{type.Plural}");
        _unsyncedScopes = Math.Max(1, _options.Namespaces.Count);
    }

    public ResourceType ResourceType => _type;
    public ResourceCache<T> Cache { get; } = new();
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>Registers a handler; objects already cached are reported to it as adds first.</summary>
    public void AddHandler(IResourceChangeHandler<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_dispatch)
        {
            _handlers.Add(handler);
            foreach (var resource in Cache.List())
            {
                handler.OnAdd(resource);
            }
        }
    }

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    public Task RunAsync(CancellationToken cancellationToken) =>
        _options.Namespaces.Count == 0
            ? RunAsync(new Scope(null), cancellationToken)
            : Task.WhenAll(_options.Namespaces.Select(n => RunAsync(new Scope(n), cancellationToken)));

    private async Task RunAsync(Scope scope, CancellationToken cancellationToken)
    {
        var needsList = true;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            string reason;
            long? watchStarted = null;
            try
            {
                if (needsList)
                {
                    await ListAsync(scope, cancellationToken);
                    needsList = false;
                }

                watchStarted = Stopwatch.GetTimestamp();
                var timeout = RandomWatchTimeout();
                var events = await WatchAsync(scope, timeout, cancellationToken);
                if (events > 0 || WasHealthy(watchStarted, timeout))
                {
                    // The server ended the watch at its timeout, as it does every few minutes: resume at once.
                    failures = 0;
                    _client.Metrics.WatchRestarted(_type.Plural, "closed");
                    continue;
                }

                reason = "closed";
                LogEndedEarly(_type.Plural, Stopwatch.GetElapsedTime(watchStarted.Value).TotalMilliseconds);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (GoneException) when (!needsList)
            {
                LogExpired(_type.Plural, scope.ResourceVersion);
                _client.Metrics.WatchRestarted(_type.Plural, "expired");
                needsList = true;
                continue;
            }
            catch (OperationCanceledException)
            {
                // The client-side guard fired: the server never ended the watch it was asked to end.
                LogNotEnded(_type.Plural);
                reason = "timeout";
            }
#pragma warning disable CA1031 // An informer that stops on an unforeseen error is a watch that silently stops: retry everything.
            catch (Exception e)
#pragma warning restore CA1031
            {
                // A watch that served well before it broke starts the backoff over: failures are counted in a row, so
                // an installation that has run for days reconnects as fast as a new one.
                if (WasHealthy(watchStarted))
                {
                    failures = 0;
                }

                LogFailed(e, _type.Plural, failures + 1);
                reason = "error";
            }

            _client.Metrics.WatchRestarted(_type.Plural, reason);
            var delay = _options.ReconnectBackoff.Delay(failures++);
            try
            {
                await Task.Delay(delay, _client.TimeProvider, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>
    /// Whether a watch served long enough to be no failure: the healthy duration, or half of what it was asked for if
    /// that is shorter. Not all of it: the server ends a watch at its timeout by its own coarse clock, which can read a
    /// few milliseconds short of ours, while a server that closes every watch at once ends it far sooner than half.
    /// </summary>
    private static bool WasHealthy(long? watchStarted, TimeSpan? asked = null) =>
        watchStarted is { } started && Stopwatch.GetElapsedTime(started) >= (asked / 2 is { } half && half < HealthyWatchDuration ? half : HealthyWatchDuration);

    private async Task ListAsync(Scope scope, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? continueToken = null;
        string? version = null;

        // The first list asks for any version, as client-go's informers do: the API server answers from its watch
        // cache, in one response whatever the limit, and spares etcd. A relist (the watch's version expired) asks for
        // the latest, in pages, so the cache never goes back to an older state another server's cache may hold.
        var anyVersion = !scope.Listed;
        do
        {
            var page = await _client.ListAsync<T>(
                _type,
                scope.Namespace,
                new ListOptions
                {
                    LabelSelector = _options.LabelSelector,
                    Limit = _options.PageSize,
                    Continue = continueToken,
                    ResourceVersion = anyVersion && continueToken is null ? "0" : null,
                },
                cancellationToken);
            items.AddRange(page.Items);
            version ??= page.Metadata.ResourceVersion;
            continueToken = page.Metadata.Continue is { Length: > 0 } next ? next : null;
        }
        while (continueToken is not null);

        lock (_dispatch)
        {
            var listed = new HashSet<ObjectKey>();
            foreach (var item in items)
            {
                listed.Add(ObjectKey.Of(item));
                Apply(item);
            }

            foreach (var key in Cache.Keys().Where(k => !listed.Contains(k) && (scope.Namespace is null || k.Namespace == scope.Namespace)))
            {
                if (Cache.Remove(key) is { } gone)
                {
                    Dispatch(h => h.OnDelete(gone));
                }
            }

            scope.ResourceVersion = version;
        }

        LogListed(_type.Plural, items.Count, version);
        if (!scope.Listed)
        {
            scope.Listed = true;
            if (Interlocked.Decrement(ref _unsyncedScopes) == 0)
            {
                _synced.TrySetResult();
            }
        }
    }

    /// <summary>Watches until the stream ends, which the server does after <paramref name="timeout"/>; returns how many events arrived.</summary>
    private async Task<int> WatchAsync(Scope scope, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Guards against a connection that silently died: the server should have ended the watch by now.
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        guard.CancelAfter(timeout + TimeSpan.FromMinutes(1));

        var options = new WatchOptions
        {
            ResourceVersion = scope.ResourceVersion,
            LabelSelector = _options.LabelSelector,
            Timeout = timeout,
            AllowWatchBookmarks = true,
        };
        var events = 0;
        await foreach (var change in _client.WatchAsync<T>(_type, scope.Namespace, options, guard.Token))
        {
            events++;
            lock (_dispatch)
            {
                switch (change.Type)
                {
                    case WatchEventType.Added or WatchEventType.Modified:
                        Apply(change.Resource!);
                        break;
                    case WatchEventType.Deleted:
                        if (Cache.Remove(ObjectKey.Of(change.Resource!)) is not null)
                        {
                            Dispatch(h => h.OnDelete(change.Resource!));
                        }

                        break;
                }

                if (change.ResourceVersion is { Length: > 0 } version)
                {
                    scope.ResourceVersion = version;
                }
            }
        }

        return events;
    }

    /// <summary>Stores an object and reports it, unless the cache already holds this very version.</summary>
    private void Apply(T resource)
    {
        var old = Cache.Upsert(resource);
        if (old is null)
        {
            Dispatch(h => h.OnAdd(resource));
        }
        else if (old.Metadata.ResourceVersion != resource.Metadata.ResourceVersion)
        {
            Dispatch(h => h.OnUpdate(old, resource));
        }
    }

    private void Dispatch(Action<IResourceChangeHandler<T>> notify)
    {
        foreach (var handler in _handlers)
        {
            try
            {
                notify(handler);
            }
#pragma warning disable CA1031 // One faulty handler must not stop the informer or starve the others.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogHandlerFailed(e, _type.Plural);
            }
        }
    }

    /// <summary>One list/watch loop: a namespace (null for all) and the resourceVersion its watch resumes from.</summary>
    private sealed class Scope(string? @namespace)
    {
        public string? Namespace { get; } = @namespace;

        public string? ResourceVersion { get; set; }

        public bool Listed { get; set; }
    }

    private TimeSpan RandomWatchTimeout()
    {
        var spread = (_options.MaxWatchTimeout - _options.MinWatchTimeout).TotalSeconds;
        return _options.MinWatchTimeout + TimeSpan.FromSeconds(spread * Random.Shared.NextDouble());
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Listed {Resource}: {Count} objects at resourceVersion {ResourceVersion}")]
    private partial void LogListed(string resource, int count, string? resourceVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of {Resource} from resourceVersion {ResourceVersion} expired; listing again")]
    private partial void LogExpired(string resource, string? resourceVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The server never ended the watch of {Resource} it was asked to end; reconnecting with backoff")]
    private partial void LogNotEnded(string resource);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The watch of {Resource} ended after {Milliseconds:F0} ms without events, sooner than asked; reconnecting with backoff")]
    private partial void LogEndedEarly(string resource, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "List/watch of {Resource} failed ({Failures} in a row); reconnecting with backoff")]
    private partial void LogFailed(Exception exception, string resource, int failures);

    [LoggerMessage(Level = LogLevel.Error, Message = "An event handler for {Resource} failed")]
    private partial void LogHandlerFailed(Exception exception, string resource);
}
