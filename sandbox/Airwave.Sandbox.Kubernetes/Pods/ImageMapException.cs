namespace Airwave.Sandbox.Kubernetes.Pods;

/// <summary>An image map file that cannot be used; the message names the file and what is wrong.</summary>
public sealed class ImageMapException(string message, Exception? inner = null) : Exception(message, inner);
