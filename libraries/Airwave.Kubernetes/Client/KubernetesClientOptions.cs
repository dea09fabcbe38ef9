using System.Text.Json;
using Airwave.Kubernetes.Metrics;
using Airwave.Kubernetes.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Airwave.Kubernetes.Client;

public sealed record KubernetesClientOptions
{
    /// <summary>Must resolve every object type used with the client; see <see cref="KubernetesJson.CreateOptions"/>.</summary>
    public JsonSerializerOptions Json { get; init; } = KubernetesJson.Default;

    /// <summary>How often a request answered with 429 (or 5xx with Retry-After) is sent again before the error surfaces.</summary>
    public int MaxRetries { get; init; } = 10;

    /// <summary>Longest a server-requested Retry-After is waited for.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Limit for one non-watch request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an HTTP/2 connection may stay silent before the client pings it (client-go's ReadIdleTimeout), and
    /// how long the ping may go unanswered before the connection is taken for dead (PingTimeout): a watch on a
    /// connection that silently died fails within their sum and is started again, instead of waiting forever.
    /// </summary>
    public TimeSpan HealthCheckInterval { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan HealthCheckTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Handlers every request passes through before it is sent, outermost first, each made for this client: the
    /// operator's check that only the leader writes, for one.
    /// </summary>
    public IReadOnlyList<Func<DelegatingHandler>> Handlers { get; init; } = [];

    /// <summary>Identifies this client in API server audit logs; include the instance when several run.</summary>
    public string UserAgent { get; init; } = "airwave-operator";

    public KubernetesMetrics Metrics { get; init; } = KubernetesMetrics.Unexported;
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
