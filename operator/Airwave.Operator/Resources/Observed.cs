namespace Airwave.Operator.Resources;

/// <summary>
/// What a resource manager found at the provider (AWS, Mux): the resource (or nothing), and whether a resource the status
/// remembered has vanished — deleted out of band, so the reconciler recreates it and says so.
/// </summary>
public sealed record Observed<T>(T? Resource, bool WentMissing)
    where T : class;

public static class Observed
{
    public static Observed<T> Found<T>(T resource)
        where T : class => new(resource, false);

    /// <summary>Nothing there, and nothing was expected: status never recorded one.</summary>
    public static Observed<T> Absent<T>()
        where T : class => new(null, false);

    /// <summary>Status recorded a resource that AWS no longer has.</summary>
    public static Observed<T> Missing<T>()
        where T : class => new(null, true);
}
