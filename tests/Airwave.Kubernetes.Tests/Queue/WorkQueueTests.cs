using System.Collections.Concurrent;
using Airwave.Kubernetes.Queue;

namespace Airwave.Kubernetes.Tests.Queue;

public sealed class WorkQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_key_added_several_times_while_waiting_is_handed_out_once()
    {
        using var queue = new WorkQueue<string>();

        queue.Add("a");
        queue.Add("b");
        queue.Add("a");
        queue.Add("a");

        Assert.Equal(2, queue.Count);
        Assert.Equal("a", await Take(queue));
        Assert.Equal("b", await Take(queue));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task A_key_added_while_processing_waits_until_done_and_is_then_handed_out_again()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        var key = await Take(queue);

        queue.Add("a");
        queue.Add("a");

        Assert.Equal(0, queue.Count);
        queue.Done(key);
        Assert.Equal(1, queue.Count);
        Assert.Equal("a", await Take(queue));
    }

    [Fact]
    public async Task Low_priority_keys_wait_behind_every_other_key_and_an_ordinary_add_moves_one_up()
    {
        using var queue = new WorkQueue<string>();

        queue.AddLowPriority("resync-1");
        queue.AddLowPriority("resync-2");
        queue.AddLowPriority("changed");
        queue.Add("new");
        queue.Add("changed");
        queue.AddLowPriority("new");

        Assert.Equal(4, queue.Count);
        Assert.Equal(["new", "changed", "resync-1", "resync-2"], [await Take(queue), await Take(queue), await Take(queue), await Take(queue)]);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task A_key_moved_up_and_added_again_at_low_priority_while_processing_is_never_handed_out_twice()
    {
        using var queue = new WorkQueue<string>();
        queue.AddLowPriority("a");
        queue.Add("a");
        var first = await Take(queue);

        // Its stale low-priority entry is still in the queue while it is processed and wanted again.
        queue.AddLowPriority("a");
        queue.AddLowPriority("b");

        Assert.Equal("b", await Take(queue));
        Assert.Equal(0, queue.Count);
        queue.Done(first);
        Assert.Equal(1, queue.Count);
        Assert.Equal("a", await Take(queue));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task Concurrent_workers_never_hold_the_same_key_and_every_add_is_processed_after_it_was_made()
    {
        using var queue = new WorkQueue<int>();
        var inFlight = new ConcurrentDictionary<int, bool>();
        var overlaps = 0;
        var lastAddVersion = new ConcurrentDictionary<int, int>();
        var processedVersion = new ConcurrentDictionary<int, int>();
        using var stop = new CancellationTokenSource(Patience);

        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                int key;
                try
                {
                    key = await queue.TakeAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                if (!inFlight.TryAdd(key, true))
                {
                    Interlocked.Increment(ref overlaps);
                }

                var seen = lastAddVersion.GetValueOrDefault(key);
                await Task.Yield();
                processedVersion[key] = seen;
                inFlight.TryRemove(key, out bool _);
                queue.Done(key);
            }
        })).ToList();

        for (var version = 1; version <= 500; version++)
        {
            var key = version % 5;
            lastAddVersion[key] = version;
            queue.Add(key);
        }

        // Every key must eventually be processed having seen its last add.
        while (!stop.IsCancellationRequested && Enumerable.Range(0, 5).Any(k => processedVersion.GetValueOrDefault(k) != lastAddVersion[k]))
        {
            await Task.Delay(10);
        }

        await stop.CancelAsync();
        await Task.WhenAll(workers);
        Assert.Equal(0, overlaps);
        Assert.All(Enumerable.Range(0, 5), k => Assert.Equal(lastAddVersion[k], processedVersion[k]));
    }

    [Fact]
    public async Task A_delayed_add_arrives_and_the_earliest_of_two_delays_wins()
    {
        using var queue = new WorkQueue<string>();

        queue.AddAfter("a", TimeSpan.FromHours(1));
        queue.AddAfter("a", TimeSpan.FromMilliseconds(20));

        Assert.Equal("a", await Take(queue));
    }

    [Fact]
    public void A_later_delay_does_not_postpone_an_earlier_one()
    {
        using var queue = new WorkQueue<string>();

        queue.AddAfter("a", TimeSpan.FromMilliseconds(1));
        queue.AddAfter("a", TimeSpan.FromHours(1));

        SpinWait.SpinUntil(() => queue.Count == 1, Patience);
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task Rate_limited_adds_back_off_exponentially_per_key_until_forgotten()
    {
        using var queue = new WorkQueue<string>();

        var delays = Enumerable.Range(0, 4).Select(_ => queue.AddRateLimited("a")).ToList();
        var other = queue.AddRateLimited("b");

        Assert.Equal([5, 10, 20, 40], delays.Select(d => d.TotalMilliseconds));
        Assert.Equal(TimeSpan.FromMilliseconds(5), other);
        Assert.Equal(4, queue.Failures("a"));

        queue.Forget("a");
        Assert.Equal(0, queue.Failures("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), queue.AddRateLimited("a"));
        Assert.True(await Take(queue) is "a" or "b");
    }

    [Fact]
    public void Done_for_a_key_not_being_processed_is_a_programming_error()
    {
        using var queue = new WorkQueue<string>();

        Assert.Throws<InvalidOperationException>(() => queue.Done("a"));
    }

    private static async Task<T> Take<T>(WorkQueue<T> queue)
        where T : notnull
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await queue.TakeAsync(timeout.Token);
    }
}
