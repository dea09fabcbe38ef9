using Airwave.Sandbox.Kubernetes.Tables;

namespace Airwave.Sandbox.Kubernetes.Watch;

/// <summary>The query parameters that shape a watch stream.</summary>
internal sealed record WatchParameters(bool AllowBookmarks, TimeSpan? Timeout, bool SendInitialEvents, TableRequest? Table);
