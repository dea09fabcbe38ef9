using Airwave.Operator.Configuration;
using Airwave.Operator.LiveStreams;
using Airwave.Operator.LiveStreams.Resources;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>What the index of tagged resources answers, and when it asks AWS again.</summary>
public sealed class StreamTagIndexTests
{
    private static readonly StreamIdentity First = new("sandbox", "media", "first", "uid-1");
    private static readonly StreamIdentity Second = new("sandbox", "media", "second", "uid-2");

    private readonly ListingLifetime _lifetime = new(TimeProvider.System, new OperatorOptions());
    private readonly List<TaggedResource> _account = [];
    private int _listings;
    private TaskCompletionSource? _listingHeld;

    [Fact]
    public async Task One_listing_answers_every_stream_and_what_the_operator_creates_and_deletes_keeps_it_current()
    {
        _account.Add(new TaggedResource("a", First.Tags));
        _account.Add(new TaggedResource("b", new Dictionary<string, string> { [StreamIdentity.UidTag] = "uid-1", [StreamIdentity.ClusterTag] = "another-cluster" }));
        var index = NewIndex();

        Assert.Equal(["a"], await index.FindAsync(First, CancellationToken.None));
        Assert.Empty(await index.FindAsync(Second, CancellationToken.None));
        index.Created("c", Second.Tags);
        index.Deleted("a");

        Assert.Empty(await index.FindAsync(First, CancellationToken.None));
        Assert.Equal(["c"], await index.FindAsync(Second, CancellationToken.None));
        Assert.Equal(1, _listings);
    }

    [Fact]
    public async Task A_create_of_unknown_outcome_sends_the_next_lookup_to_aws()
    {
        var index = NewIndex();
        Assert.Empty(await index.FindAsync(First, CancellationToken.None));

        // The create took effect but its answer was lost: only a new listing can show it.
        _account.Add(new TaggedResource("lost-answer", First.Tags));
        index.Doubt();

        Assert.Equal(["lost-answer"], await index.FindAsync(First, CancellationToken.None));
        Assert.Equal(2, _listings);
    }

    [Fact]
    public async Task Creates_and_deletes_made_while_a_listing_is_under_way_are_not_lost_when_it_arrives()
    {
        _account.Add(new TaggedResource("old", First.Tags));
        var index = NewIndex();
        _listingHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finding = index.FindAsync(Second, CancellationToken.None);
        await Eventually.MatchAsync(() => Volatile.Read(ref _listings), n => n == 1, TimeSpan.FromSeconds(10), "the listing under way");

        // The listing's pages were read before these changes.
        index.Created("new", Second.Tags);
        index.Deleted("old");
        _listingHeld.SetResult();

        Assert.Equal(["new"], await finding);
        Assert.Empty(await index.FindAsync(First, CancellationToken.None));
        Assert.Equal(1, _listings);
    }

    private StreamTagIndex NewIndex() => new(
        async _ =>
        {
            var snapshot = _account.ToList();
            Interlocked.Increment(ref _listings);
            if (_listingHeld is { } held)
            {
                await held.Task;
            }

            return snapshot;
        },
        _lifetime);
}
