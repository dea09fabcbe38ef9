namespace Airwave.Prometheus.Collection;

/// <summary>Decides which meters are collected, from <see cref="PrometheusExporterOptions.Meters"/> patterns.</summary>
internal sealed class MeterSelector(IEnumerable<string> patterns)
{
    private readonly string[] exactNames = [.. patterns.Where(p => !p.EndsWith('*'))];

    // "Airwave.*" keeps its dot, so it selects Airwave.Operator but not AirwaveLegacy; "*" selects everything.
    private readonly string[] prefixes = [.. patterns.Where(p => p.EndsWith('*')).Select(p => p[..^1])];

    public bool Selects(string meterName) =>
        exactNames.Any(name => string.Equals(name, meterName, StringComparison.OrdinalIgnoreCase))
        || prefixes.Any(prefix => meterName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
}
