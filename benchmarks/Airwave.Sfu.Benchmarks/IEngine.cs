namespace Airwave.Sfu.Benchmarks;

/// <summary>A media engine the load runs against, started for one measurement and stopped when disposed.</summary>
public interface IEngine : IAsyncDisposable
{
    string Name { get; }

    /// <summary>How the load script speaks to it: whip (an SFU pod's WHIP and WHEP) or janus (the Janus API).</summary>
    string Mode { get; }

    /// <summary>Where the load script reaches it.</summary>
    string Url { get; }

    /// <summary>The processes whose CPU time is the engine's.</summary>
    IReadOnlyList<int> Pids { get; }

    /// <summary>Of <see cref="Pids"/>, the janus process.</summary>
    int JanusPid { get; }
}
