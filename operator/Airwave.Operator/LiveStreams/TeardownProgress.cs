using System.Collections.Concurrent;
using Airwave.Api.LiveStreams;

namespace Airwave.Operator.LiveStreams;

/// <summary>The resources a stream's teardown waits for, one after the other.</summary>
public enum TornDown
{
    Channel,
    Input,
    InputSecurityGroup,
}

/// <summary>
/// What a stream's teardown has already found gone, by id and by tags, so that its later steps do not read it again:
/// AWS does not bring a deleted resource back, and nothing new is made for a stream being deleted. Kept in memory,
/// so a restarted operator (or a new leader) looks once more.
/// </summary>
public sealed class TeardownProgress
{
    private readonly ConcurrentDictionary<(string Stream, TornDown Resource), bool> _gone = new();

    public bool IsGone(LiveStream stream, TornDown resource) => _gone.ContainsKey((Key(stream), resource));

    public void MarkGone(LiveStream stream, TornDown resource) => _gone[(Key(stream), resource)] = true;

    public void Forget(LiveStream stream)
    {
        foreach (var resource in Enum.GetValues<TornDown>())
        {
            _gone.TryRemove((Key(stream), resource), out _);
        }
    }

    private static string Key(LiveStream stream) => stream.Metadata.Uid ?? $"{stream.Metadata.Namespace}/{stream.Metadata.Name}";
}
