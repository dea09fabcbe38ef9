using Airwave.Api.LiveStreams;
using Airwave.Operator.Configuration;
using Airwave.Operator.LiveStreams.Cost;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// One piece of what a stream has (its input, its packaging, its channel, its SFU pods …): what it needs of the
/// operator's settings, how it is brought to the spec, and how it is released. <see cref="StreamLayouts"/> says which
/// parts a stream has and in what order; a part never asks which kind of source the stream has.
/// </summary>
public interface IStreamPart
{
    /// <summary>What stops this part from serving the stream with the operator's settings; null when nothing does.</summary>
    StreamProblem? Check(LiveStream stream) => null;

    /// <summary>Brings this part to the spec, recording what it finds in the pass's draft.</summary>
    Task<PartResult> ReconcileAsync(StreamPass pass, CancellationToken cancellationToken);

    /// <summary>
    /// What this part bills while the stream runs, at the installation's prices: one entry per billed component, with
    /// no rate where Airwave cannot know it (status.cost says so rather than count it as free).
    /// </summary>
    IEnumerable<PartCost> Costs(LiveStream stream, PriceTable prices) => [];

    /// <summary>Releases a step of what this part holds; true once nothing of it is left.</summary>
    Task<bool> TeardownAsync(StreamTeardownPass pass, CancellationToken cancellationToken) => Task.FromResult(true);
}

/// <summary>Why a stream cannot be served: the Ready condition's reason and message, and a Warning Event's.</summary>
public sealed record StreamProblem(string Reason, string Message);
