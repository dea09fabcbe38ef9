namespace Airwave.Events.Sinks;

/// <summary>The sinks an event goes to: none when its kind is switched off (events or analytics), else those whose filter accepts it.</summary>
public sealed class SinkRouter(DownstreamOptions options)
{
    private readonly (string Sink, SinkFilter Filter)[] _filters = [.. options.Sinks.Select(s => (s.Name, new SinkFilter(s.Types, s.Namespaces)))];

    /// <param name="namespace">What the sinks' <c>Namespaces</c> patterns match: the resource's namespace, or the site of a broadcast.</param>
    public IReadOnlyList<string> SinksFor(string type, string @namespace) =>
        options.Publishes(type) ? [.. _filters.Where(f => f.Filter.Accepts(type, @namespace)).Select(f => f.Sink)] : [];
}
