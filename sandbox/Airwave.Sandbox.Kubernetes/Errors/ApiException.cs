using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Errors;

/// <summary>A request failed the way the apiserver reports failures: an HTTP code and a Status object.</summary>
internal sealed class ApiException(int code, string reason, string message, StatusDetails? details = null) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public StatusDetails? Details { get; } = details;

    public JsonObject ToStatus() => StatusObjects.Failure(Code, Reason, Message, Details);
}
