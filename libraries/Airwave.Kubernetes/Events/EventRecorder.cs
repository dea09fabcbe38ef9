using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Kubernetes.Serialization;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using KubernetesObject = Airwave.Kubernetes.ApiMachinery.Meta.KubernetesObject;

namespace Airwave.Kubernetes.Events;

/// <summary>
/// Writes Events through core v1 with the fields of both views: events.k8s.io's (eventTime, reporting controller
/// and instance, action, series) and the core view's (source, firstTimestamp, lastTimestamp, count), which a writer
/// through events.k8s.io/v1 may not set, so that `kubectl get events --sort-by=.lastTimestamp`, `kubectl events`
/// and tools reading either API see every event on any cluster. An event that repeats (same object, type, reason,
/// action and note) within <see cref="SeriesWindow"/> is not created again: the first one's count, last timestamp
/// and series are raised instead, as client-go's recorders do, so a flapping reconcile cannot flood etcd.
/// Recording never fails the caller: an event is worth less than the reconcile that reports it.
/// </summary>
public sealed partial class EventRecorder(KubernetesClient client, string reportingController, string reportingInstance)
{
    public static readonly TimeSpan SeriesWindow = TimeSpan.FromMinutes(6);

    // The API server rejects notes longer than 1 kB.
    private const int MaxNoteLength = 1024;
    private const int MaxTrackedSeries = 4096;

    private readonly ILogger _logger = client.LoggerFactory.CreateLogger<EventRecorder>();
    private readonly Lock _lock = new();
    private readonly Dictionary<SeriesKey, Series> _series = [];

    /// <summary>Records an event about one of Airwave's own objects.</summary>
    /// <param name="type"><see cref="EventType.Normal"/> or <see cref="EventType.Warning"/>.</param>
    /// <param name="note">Shown to users; must never contain secrets.</param>
    public Task RecordAsync(ResourceType regardingType, KubernetesObject regarding, string type, string reason, string action, string note, CancellationToken cancellationToken) =>
        RecordAsync(Regarding(regardingType, regarding), type, reason, action, note, cancellationToken);

    /// <summary>Records an event about a built-in object (a Secret, a Pod).</summary>
    /// <param name="type"><see cref="EventType.Normal"/> or <see cref="EventType.Warning"/>.</param>
    /// <param name="note">Shown to users; must never contain secrets.</param>
    public Task RecordAsync(ResourceType regardingType, IMetadata<V1ObjectMeta> regarding, string type, string reason, string action, string note, CancellationToken cancellationToken) =>
        RecordAsync(Regarding(regardingType, regarding), type, reason, action, note, cancellationToken);

    /// <summary>What an event about one of Airwave's own objects names as what it is about.</summary>
    public static V1ObjectReference Regarding(ResourceType type, KubernetesObject regarding)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(regarding);
        var metadata = regarding.Metadata;
        return new V1ObjectReference { ApiVersion = type.ApiVersion, Kind = type.Kind, NamespaceProperty = metadata.Namespace, Name = metadata.Name, Uid = metadata.Uid, ResourceVersion = metadata.ResourceVersion };
    }

    /// <summary>What an event about a built-in object names as what it is about.</summary>
    public static V1ObjectReference Regarding(ResourceType type, IMetadata<V1ObjectMeta> regarding)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(regarding);
        var metadata = regarding.Metadata;
        return new V1ObjectReference { ApiVersion = type.ApiVersion, Kind = type.Kind, NamespaceProperty = metadata.NamespaceProperty, Name = metadata.Name, Uid = metadata.Uid, ResourceVersion = metadata.ResourceVersion };
    }

    /// <summary>
    /// The core v1 Event a recorder creates about <paramref name="regarding"/> (in its namespace) at
    /// <paramref name="now"/>: the events.k8s.io fields (eventTime, the reporting controller and instance, action)
    /// and the core view's own (source, first and last timestamps, count), which only a core v1 writer may set.
    /// </summary>
    public static Corev1Event Build(V1ObjectReference regarding, string reportingController, string reportingInstance, string type, string reason, string action, string note, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(regarding);
        var second = WholeSecond(now);
        return new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta
            {
                Name = $"{regarding.Name}.{now.ToUnixTimeMilliseconds().ToString("x", CultureInfo.InvariantCulture)}{Random.Shared.Next(0x1000):x3}",
                NamespaceProperty = regarding.NamespaceProperty ?? "default",
            },
            EventTime = now.UtcDateTime,
            ReportingComponent = reportingController,
            ReportingInstance = reportingInstance,
            Source = new V1EventSource { Component = reportingController, Host = reportingInstance },
            FirstTimestamp = second,
            LastTimestamp = second,
            Count = 1,
            Action = action,
            Reason = reason,
            InvolvedObject = regarding,
            Message = note,
            Type = type,
        };
    }

    private async Task RecordAsync(V1ObjectReference regarding, string type, string reason, string action, string note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(note);
        if (note.Length > MaxNoteLength)
        {
            note = note[..MaxNoteLength];
        }

        var now = client.TimeProvider.GetUtcNow();
        var made = Build(regarding, reportingController, reportingInstance, type, reason, action, note, now);
        var key = new SeriesKey(regarding.Uid ?? $"{regarding.NamespaceProperty}/{regarding.Name}", type, reason, action, note);
        var @namespace = made.Metadata.NamespaceProperty;

        try
        {
            if (NextRepeat(key, now) is { } repeat && await TryIncrementAsync(@namespace, repeat, now, cancellationToken))
            {
                return;
            }

            var created = await client.Api.CoreV1.CreateNamespacedEventAsync(made, @namespace, cancellationToken: cancellationToken);
            Remember(key, new Series(created.Metadata.Name, 1, now));
        }
        catch (Exception e) when (KubernetesClient.IsRequestFailure(e))
        {
            LogFailed(e, reason, regarding.Name);
        }
    }

    /// <summary>The series to extend when this event repeats a recent one, with its count already raised.</summary>
    private Series? NextRepeat(SeriesKey key, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_series.TryGetValue(key, out var series) || now - series.LastObserved > SeriesWindow)
            {
                return null;
            }

            var next = series with { Count = series.Count + 1, LastObserved = now };
            _series[key] = next;
            return next;
        }
    }

    private async Task<bool> TryIncrementAsync(string eventNamespace, Series series, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var patch = new V1Patch(
            new JsonObject
            {
                ["series"] = new JsonObject
                {
                    ["count"] = series.Count,
                    ["lastObservedTime"] = KubernetesMicroTimeConverter.ToText(now),
                },
                ["lastTimestamp"] = ApiMachinery.Meta.KubernetesTimeConverter.ToText(now),
                ["count"] = series.Count,
            }.ToJsonString(),
            V1Patch.PatchType.MergePatch);
        try
        {
            await client.Api.CoreV1.PatchNamespacedEventAsync(patch, series.EventName, eventNamespace, cancellationToken: cancellationToken);
            return true;
        }
        catch (NotFoundException)
        {
            // Events expire (an hour by default); start a new series.
            return false;
        }
    }

    /// <summary>The time as a metav1.Time (firstTimestamp, lastTimestamp) holds it: to the second.</summary>
    private static DateTime WholeSecond(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    private void Remember(SeriesKey key, Series series)
    {
        lock (_lock)
        {
            if (_series.Count >= MaxTrackedSeries)
            {
                var oldest = _series.MinBy(s => s.Value.LastObserved).Key;
                _series.Remove(oldest);
            }

            _series[key] = series;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record event {Reason} for {Name}")]
    private partial void LogFailed(Exception exception, string reason, string? name);

    private sealed record SeriesKey(string Regarding, string Type, string Reason, string Action, string Note);

    private sealed record Series(string EventName, int Count, DateTimeOffset LastObserved);
}
