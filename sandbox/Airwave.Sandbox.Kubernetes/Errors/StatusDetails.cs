namespace Airwave.Sandbox.Kubernetes.Errors;

/// <summary>A Status object's details: the object the error is about and, for Invalid, the field causes.</summary>
internal sealed record StatusDetails(string? Name, string? Group, string? Kind, IReadOnlyList<StatusCause>? Causes = null, int? RetryAfterSeconds = null);
