using System.Diagnostics;

namespace Airwave.Telemetry;

/// <summary>
/// Spans of the calls a library makes to another service (AWS, Mux, the Kubernetes API): one per call, its retries
/// included, named and tagged as OpenTelemetry's RPC conventions say (<c>rpc.system</c>, <c>rpc.service</c>,
/// <c>rpc.method</c>, the last answer's <c>http.response.status_code</c>), plus <c>airwave.attempts</c>. A call made
/// during a reconcile is a child of the reconcile's span.
/// </summary>
/// <param name="source">The library's activity source (<c>Airwave.Aws</c>), which lives as long as the process.</param>
/// <param name="system">The <c>rpc.system</c> tag (<c>aws-api</c>).</param>
public sealed class ClientCallTracing(ActivitySource source, string system)
{
    /// <summary>
    /// The call's span, or null when nobody listens to the source, or when <paramref name="onlyWithinSpan"/> and no
    /// span is current (a watch or a list an informer makes on its own).
    /// </summary>
    public Activity? Start(string service, string operation, bool onlyWithinSpan = false)
    {
        if (onlyWithinSpan && Activity.Current is null)
        {
            return null;
        }

        var call = source.StartActivity($"{service} {operation}", ActivityKind.Client);
        call?.SetTag("rpc.system", system);
        call?.SetTag("rpc.service", service);
        call?.SetTag("rpc.method", operation);
        return call;
    }

    /// <summary>One attempt of the call was answered with <paramref name="statusCode"/> (null: no answer).</summary>
    public static void Attempted(Activity? call, int? statusCode)
    {
        if (call is null)
        {
            return;
        }

        call.SetTag("airwave.attempts", (call.GetTagItem("airwave.attempts") as int? ?? 0) + 1);
        call.SetTag("http.response.status_code", statusCode);
    }

    /// <summary>The call failed for good, after its retries.</summary>
    public static void Failed(Activity? call, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        call?.SetTag("error.type", error.GetType().Name);
        call?.SetStatus(ActivityStatusCode.Error, error.Message);
    }
}
