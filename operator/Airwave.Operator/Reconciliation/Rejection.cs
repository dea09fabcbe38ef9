namespace Airwave.Operator.Reconciliation;

/// <summary>
/// A provider (AWS, Mux) refused what the spec asks for, so the same request would be refused again: the object's
/// Ready condition and a Warning Event say so with <paramref name="Reason"/> and <paramref name="Message"/>, and it is
/// tried again only after <paramref name="RetryAfter"/> (never, unless the spec changes, when null).
/// </summary>
public sealed record Rejection(string Reason, string Message, TimeSpan? RetryAfter);
