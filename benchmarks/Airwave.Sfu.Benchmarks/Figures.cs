using System.Globalization;

namespace Airwave.Sfu.Benchmarks;

/// <summary>One measurement: what the viewers received in the window and the CPU the engine and the viewers used.</summary>
/// <param name="EngineCores">The engine's CPU time over the window's length: 1 is one core busy.</param>
/// <param name="JanusCores">Of it, janus's (the rest is the SFU pod's own program).</param>
/// <param name="LowestFps">The frame rate of the viewer that got the fewest frames (the publisher sends 30).</param>
/// <param name="LoadCores">The viewers' processes' CPU: near 1 per process, they rather than the engine are the limit.</param>
public sealed record Figures(int Viewers, double PacketsPerSecond, double EngineCores, double JanusCores, double LowestFps, double LoadCores)
{
    public double PacketsPerCore => EngineCores > 0 ? PacketsPerSecond / EngineCores : 0;

    public double CpuPerViewerMs => EngineCores * 1000 / Viewers;

    /// <summary>Each figure's median over the rounds.</summary>
    public static Figures Median(IReadOnlyList<Figures> rounds) => new(
        rounds[0].Viewers,
        Middle(rounds.Select(r => r.PacketsPerSecond)),
        Middle(rounds.Select(r => r.EngineCores)),
        Middle(rounds.Select(r => r.JanusCores)),
        Middle(rounds.Select(r => r.LowestFps)),
        Middle(rounds.Select(r => r.LoadCores)));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{PacketsPerSecond:N0} packets/s, engine {EngineCores * 100:F1}% of a core (janus {JanusCores * 100:F1}%, {PacketsPerCore:N0} packets/s per core, {CpuPerViewerMs:F2} ms/s per viewer), lowest {LowestFps:F1} fps, viewers' processes {LoadCores * 100:F0}%");

    private static double Middle(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
