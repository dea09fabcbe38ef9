using System.Diagnostics;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Metrics;
using Airwave.Kubernetes.Queue;
using Microsoft.Extensions.Logging;

namespace Airwave.Kubernetes.Controllers;

/// <summary>
/// Feeds changes of one resource type (and of the objects it owns) through a work queue to a reconciler,
/// with bounded concurrency, per-object exclusion, backoff on errors and RequeueAfter.
/// </summary>
public sealed partial class Controller<T> : IController, IDisposable
    where T : KubernetesObject
{
    private readonly Informer<T> _informer;
    private readonly IReconciler<T> _reconciler;
    private readonly ControllerOptions _options;
    private readonly KubernetesMetrics _metrics;
    private readonly ILogger _logger;
    private int _running;

    public Controller(Informer<T> informer, IReconciler<T> reconciler, ControllerOptions options, KubernetesMetrics? metrics = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(informer);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentReconciles, 1);
        _informer = informer;
        _reconciler = reconciler ?? throw new ArgumentNullException(nameof(reconciler));
        _options = options;
        _metrics = metrics ?? KubernetesMetrics.Unexported;
        _logger = (loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger($"Airwave.Kubernetes.Controllers.{options.Name}");
        Queue = new WorkQueue<ObjectKey>(new WorkQueueOptions { Name = options.Name, Backoff = options.Backoff, Metrics = _metrics });
        informer.AddHandler(new EnqueueForObject<T>(informer, Queue, options.UpdateFilter));
    }

    public string Name => _options.Name;
    public WorkQueue<ObjectKey> Queue { get; }

    /// <summary>Also reconcile the controlling owner (of type T) whenever an object of this informer changes.</summary>
    public Controller<T> Owns<TOwned>(Informer<TOwned> owned)
        where TOwned : KubernetesObject
    {
        ArgumentNullException.ThrowIfNull(owned);
        owned.AddHandler(new EnqueueForOwner<TOwned>(owned, Queue, _informer.ResourceType));
        return this;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException($"controller {Name} is already running");
        }

        try
        {
            await _informer.WaitForSyncAsync(cancellationToken);

            // Changes seen while not running (another instance led) were queued, but a requeue scheduled
            // by a reconcile cancelled mid-way was not: start from everything, behind those changes.
            foreach (var resource in _informer.Cache.List())
            {
                Queue.AddLowPriority(ObjectKey.Of(resource));
            }

            LogStarted(Name, _options.MaxConcurrentReconciles);
            var workers = Enumerable.Range(0, _options.MaxConcurrentReconciles).Select(_ => WorkAsync(cancellationToken));
            await Task.WhenAll(workers);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: shutdown or lost leadership.
        }
        finally
        {
            Volatile.Write(ref _running, 0);
            LogStopped(Name);
        }
    }

    public void Dispose() => Queue.Dispose();

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var key = await Queue.TakeAsync(cancellationToken);
            try
            {
                await ReconcileAsync(key, cancellationToken);
            }
            finally
            {
                Queue.Done(key);
            }
        }
    }

    private async Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (_informer.Cache.Get(key) is not { } resource)
        {
            // Deleted; whatever it owned is garbage-collected through owner references.
            Queue.Forget(key);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        using var span = ReconcileTracing.Start(Name, _informer.ResourceType.Kind, key);

        // Every log line written during this reconcile, by any logger, carries which object it was about and which pass.
        using var scope = _logger.BeginScope(new KeyValuePair<string, object?>[]
        {
            new("controller", Name),
            new("namespace", key.Namespace),
            new("name", key.Name),
            new("reconcileId", Guid.NewGuid().ToString("N")[..16]),
        });
        try
        {
            var result = await _reconciler.ReconcileAsync(resource, cancellationToken);
            Queue.Forget(key);
            if (result.RequeueAfter is { } delay)
            {
                Queue.AddAfter(key, delay);
                Ended("requeue");
            }
            else
            {
                Ended("success");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TerminalReconcileException e)
        {
            // What the user must change (the reconciler reports it in status too); a stack trace would not help them.
            Queue.Forget(key);
            Ended("terminal_error", e);
            LogTerminal(Name, key, e.Message);
        }
#pragma warning disable CA1031 // Any reconcile failure is retried with backoff; a worker must never die of one.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var delay = Queue.AddRateLimited(key);
            Ended(IsRaceLost(e) ? "conflict" : "error", e);
            LogFailure(e, key, delay);
        }

        void Ended(string result, Exception? error = null)
        {
            _metrics.Reconciled(Name, result, Stopwatch.GetElapsedTime(started));
            ReconcileTracing.Ended(span, result, error);
        }
    }

    /// <summary>
    /// Expected outcomes are one line: a lost race (conflict, or the object deleted meanwhile) at Information, a
    /// server's refusal, throttling or a network failure at Warning. Only what nobody expected carries a stack trace.
    /// </summary>
    private void LogFailure(Exception e, ObjectKey key, TimeSpan delay)
    {
        var level = e switch
        {
            _ when IsRaceLost(e) => LogLevel.Information,
            _ when KubernetesClient.IsRequestFailure(e) || e is OperationCanceledException => LogLevel.Warning,
            _ when _options.IsExpectedFailure(e) => LogLevel.Warning,
            _ => LogLevel.Error,
        };
        if (level == LogLevel.Error)
        {
            LogFailed(e, Name, key, delay);
        }
        else if (_logger.IsEnabled(level))
        {
            var reason = Describe(e);
            if (level == LogLevel.Information)
            {
                LogRaceLost(Name, key, reason, delay);
            }
            else
            {
                LogRefused(Name, key, reason, delay);
            }
        }
    }

    /// <summary>
    /// Someone else changed the object between our read and write, or deleted it (a stream gone once its finalizer
    /// was removed): the next reconcile starts from the new state. Not an error of the reconcile.
    /// </summary>
    private static bool IsRaceLost(Exception e) => e is Client.Errors.ConflictException or Client.Errors.NotFoundException;

    private static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message}";

    [LoggerMessage(Level = LogLevel.Information, Message = "Controller {Controller} started with {Workers} workers")]
    private partial void LogStarted(string controller, int workers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Controller {Controller} stopped")]
    private partial void LogStopped(string controller);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Controller}: {Key} cannot be reconciled until it changes: {Reason}")]
    private partial void LogTerminal(string controller, ObjectKey key, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Controller}: {Key} changed meanwhile ({Reason}); retrying in {Delay}")]
    private partial void LogRaceLost(string controller, ObjectKey key, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Controller}: reconciling {Key} failed: {Reason}; retrying in {Delay}")]
    private partial void LogRefused(string controller, ObjectKey key, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Controller}: reconciling {Key} failed unexpectedly; retrying in {Delay}")]
    private partial void LogFailed(Exception exception, string controller, ObjectKey key, TimeSpan delay);
}
