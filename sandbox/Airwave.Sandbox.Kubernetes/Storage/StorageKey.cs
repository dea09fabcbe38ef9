namespace Airwave.Sandbox.Kubernetes.Storage;

/// <summary>Where a resource's objects live, whatever version they are served in.</summary>
internal readonly record struct StorageKey(string Group, string Resource);
