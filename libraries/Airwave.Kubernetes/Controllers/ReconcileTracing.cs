using System.Diagnostics;
using Airwave.Kubernetes.Client;

namespace Airwave.Kubernetes.Controllers;

/// <summary>
/// A span per reconcile (source <c>Airwave.Kubernetes.Controllers</c>), tagged with the object it was about and how
/// it ended; the calls the reconcile makes to the API server, AWS and Mux are its children.
/// </summary>
internal static class ReconcileTracing
{
    private static readonly ActivitySource Source = new("Airwave.Kubernetes.Controllers");

    /// <summary>The reconcile's span, a trace of its own; null when nobody listens.</summary>
    public static Activity? Start(string controller, string kind, ObjectKey key)
    {
        var span = Source.StartActivity($"reconcile {controller}", ActivityKind.Internal, parentContext: default);
        span?.SetTag("airwave.controller", controller);
        span?.SetTag("airwave.object.kind", kind);
        span?.SetTag("k8s.namespace.name", key.Namespace);
        span?.SetTag("airwave.object.name", key.Name);
        return span;
    }

    /// <summary>How the reconcile ended, as the reconcile metric's result label says it; an error marks the span failed.</summary>
    public static void Ended(Activity? span, string result, Exception? error = null)
    {
        span?.SetTag("airwave.reconcile.result", result);
        if (error is not null)
        {
            span?.SetTag("error.type", error.GetType().Name);
            span?.SetStatus(ActivityStatusCode.Error, error.Message);
        }
    }
}
