using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Events;
using Airwave.Operator.NamespaceAccess;

namespace Airwave.Operator.Reconciliation;

/// <summary>What the reconcile skeleton of every Airwave kind uses, registered once.</summary>
public sealed record ReconcilerBasics(KubernetesClient Client, NamespaceWriteAccess NamespaceAccess, EventRecorder Events, TimeProvider Time);
