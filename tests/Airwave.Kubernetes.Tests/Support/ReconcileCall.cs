namespace Airwave.Kubernetes.Tests.Support;

/// <summary>One reconcile, with Stopwatch timestamps of its start and end.</summary>
internal sealed record ReconcileCall(TestObject Resource, long Started, long Ended);
