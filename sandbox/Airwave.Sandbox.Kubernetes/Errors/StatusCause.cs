namespace Airwave.Sandbox.Kubernetes.Errors;

/// <summary>One entry of a Status object's details.causes: what is wrong with which field.</summary>
internal sealed record StatusCause(string Reason, string Message, string Field);
