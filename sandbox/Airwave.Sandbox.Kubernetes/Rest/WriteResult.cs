using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Rest;

/// <summary>The object as written, whether it was new, and warnings for the client's Warning headers.</summary>
internal sealed record WriteResult(StoredObject Object, bool Created, IReadOnlyList<string> Warnings);
