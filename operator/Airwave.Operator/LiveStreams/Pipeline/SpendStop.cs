using System.Globalization;
using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Api.Validation;
using Airwave.Events;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Conditions;
using Airwave.Kubernetes.Events;
using Airwave.Operator.Configuration;
using Airwave.Operator.Spending;
using Channel = Airwave.Aws.MediaLive.Channel;

namespace Airwave.Operator.LiveStreams.Pipeline;

/// <summary>
/// A namespace's monthly spend limit (its budget's maxMonthlySpendUsd, or maxMonthlySpendUsdPerNamespace), counted by
/// <see cref="NamespaceSpend"/>: once reached, a stream does not start until the month ends or the limit rises, and a
/// running stream says so (condition QuotaExceeded, an Event, a stream.quota_exceeded event), and is stopped where the
/// budget says stopAtLimit.
/// </summary>
public sealed class SpendStop(OperatorOptions options, NamespaceSpend spending)
{
    /// <summary>The namespace's limit and what it spent this month, if the spend reached the limit; else null.</summary>
    public SpendReached? Reached(StreamPass pass)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var ns = pass.Stream.Metadata.Namespace!;
        if (options.SpendLimitFor(ns) is not { } limit)
        {
            return null;
        }

        var spent = spending.Spent(ns, pass.Now, (pass.Stream.Metadata.Uid!, pass.Draft.Status.Cost));
        return limit.IsReached(spent) ? new SpendReached(ns, limit, spent, SpendMonth.Of(pass.Now)) : null;
    }

    /// <summary>An idle stream asked to run waits, Idle, saying why; it is looked at again at each resync and starts once the month ends or the limit rises.</summary>
    public static async Task WaitAsync(StreamPass pass, SpendReached reached, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(reached);
        var message = string.Create(CultureInfo.InvariantCulture, $"The {reached.Describe()}; the stream starts when the month ends ({reached.Month.End:yyyy-MM-dd HH:mm} UTC) or the limit is raised. Set spec.state to Stopped to keep it stopped.");
        var before = ConditionList.Find(pass.Stream.Status?.Conditions, ConditionTypes.Ready);
        pass.Draft.Update(s => s with { Phase = LiveStreamPhase.Idle });
        pass.Draft.Condition(ConditionTypes.Ready, false, RequeueWhenSlotFrees.WaitingReason, message);
        // Once, not at each change of the amount spent while it waits.
        if (before?.Reason != RequeueWhenSlotFrees.WaitingReason)
        {
            await pass.RecordAsync(EventType.Warning, RequeueWhenSlotFrees.WaitingReason, "Start", message, cancellationToken);
        }
    }

    /// <summary>
    /// A running stream: once its namespace reached its limit, told once (condition, Event, downstream event), and
    /// stopped where the budget says so; within the limit, nothing to tell. Returns whether the channel is being stopped.
    /// </summary>
    public async Task<bool> CheckRunningAsync(StreamPass pass, LiveStreamAws aws, Channel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(aws);
        ArgumentNullException.ThrowIfNull(channel);
        if (Reached(pass) is not { } reached)
        {
            Clear(pass);
            return false;
        }

        if (!reached.Limit.StopAtLimit)
        {
            await TellRunningAsync(pass, reached, cancellationToken);
            return false;
        }

        await aws.Channels.StopAsync(channel.Id, cancellationToken);
        await StoppedAsync(pass, reached, $"Stopped channel {channel.Id}", cancellationToken);
        pass.Transition(LiveStreamPhase.Stopping, LiveStreamConditions.QuotaExceeded, "Waiting for the channel to stop: the namespace reached its monthly spend limit.");
        return true;
    }

    /// <summary>A stream that runs on past its namespace's limit (its budget does not stop it) says so, once.</summary>
    public static async Task TellRunningAsync(StreamPass pass, SpendReached reached, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(reached);
        var message = $"The {reached.Describe()}; the stream runs on: the budget does not stop streams at the limit.";
        pass.Draft.Condition(LiveStreamConditions.QuotaExceeded, true, LiveStreamConditions.SpendLimitReached, message);
        if (!Told(pass.Stream))
        {
            await pass.RecordAsync(EventType.Warning, LiveStreamConditions.QuotaExceeded, "Run", message, cancellationToken);
            pass.Announce(EventTypes.StreamQuotaExceeded, Occurrence(pass, reached), pass.Draft.Status.CurrentSessionId);
        }
    }

    /// <summary>
    /// A running stream stopped at its namespace's limit: the condition that makes its session end for the quota, an
    /// Event beginning with <paramref name="what"/>, and the downstream event.
    /// </summary>
    public static async Task StoppedAsync(StreamPass pass, SpendReached reached, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(reached);
        var stopped = $"{what}: the {reached.Describe()}, and the budget stops streams at the limit";
        pass.Draft.Condition(LiveStreamConditions.QuotaExceeded, true, LiveStreamConditions.StoppedAtSpendLimit, stopped + ".");
        await pass.RecordAsync(EventType.Warning, LiveStreamConditions.QuotaExceeded, "Stop", stopped, cancellationToken);
        pass.Announce(EventTypes.StreamQuotaExceeded, Occurrence(pass, reached), pass.Draft.Status.CurrentSessionId);
    }

    /// <summary>Whether a running stream's report of its namespace's limit is not what it was: reached and untold, or told and no longer reached.</summary>
    public bool WouldReportAnew(StreamPass pass)
    {
        ArgumentNullException.ThrowIfNull(pass);
        return (Reached(pass) is not null) != Told(pass.Stream);
    }

    /// <summary>The stream runs within its namespace's limit, or no longer runs: nothing to report.</summary>
    public static void Clear(StreamPass pass)
    {
        ArgumentNullException.ThrowIfNull(pass);
        pass.Draft.Update(s => s with { Conditions = ConditionList.Remove(s.Conditions, LiveStreamConditions.QuotaExceeded) });
    }

    private static bool Told(LiveStream stream) =>
        ConditionList.Find(stream.Status?.Conditions, LiveStreamConditions.QuotaExceeded) is { Status: ConditionStatus.True };

    // One event per session and month: a resync that finds the limit still reached announces nothing new.
    private static string Occurrence(StreamPass pass, SpendReached reached) =>
        string.Create(CultureInfo.InvariantCulture, $"quota-{reached.Month.Name}-{pass.Draft.Status.CurrentSessionId}");
}

/// <summary>A namespace's monthly spend limit, reached: what it spent in the month.</summary>
public sealed record SpendReached(string Namespace, SpendLimit Limit, decimal Spent, SpendMonth Month)
{
    public string Describe() => Limit.Describe(Namespace, Spent);
}
