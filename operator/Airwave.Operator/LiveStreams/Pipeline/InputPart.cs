using Airwave.Api.LiveStreams;
using Airwave.Aws.Errors;
using Airwave.Aws.MediaLive;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Conditions;
using Airwave.Kubernetes.Events;
using Airwave.Kubernetes.Secrets;
using Airwave.Operator.Configuration;
using Airwave.Operator.LiveStreams.Resources;
using k8s.Models;

namespace Airwave.Operator.LiveStreams.Pipeline;

/// <summary>
/// The stream's MediaLive input and the security group that says who may push to it: made with the stream's key
/// (stored first), kept to the allowed CIDRs, and reported with what the channel's alerts say of it. How media reaches
/// it is the stream's row's (<see cref="MediaIngest"/>): a pulled input has no key and no security group.
/// </summary>
public sealed class InputPart(LiveStreamAws aws, IngestSecret ingestSecret, OperatorOptions options) : IStreamPart
{
    public async Task<PartResult> ReconcileAsync(StreamPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var (stream, draft, pipeline) = (pass.Stream, pass.Draft, pass.Pipeline);
        var pulled = pass.Layout.Ingest == MediaIngest.Pulled;
        var ids = draft.Status.Aws ?? new AwsResources();
        var secret = pulled ? null : ingestSecret.Written(stream);
        if (secret is null && ids.InputId is null && !pulled)
        {
            // The key is stored before AWS sees it, so a stream that may not write its Secret (no right to, or one
            // of its name that is not the stream's) fails here, having made nothing.
            secret = (await ingestSecret.WriteAsync(stream, new Dictionary<string, string> { [IngestSecret.StreamKey] = IngestSecret.NewKey() }, verify: true, cancellationToken)).Secret;
        }

        // A pulled input takes no connections, so it has no security group.
        var group = pulled ? null : await EnsureSecurityGroupAsync(pass, ids, cancellationToken);
        ids = ids with { InputSecurityGroupId = group?.Id };
        var (input, keyRotation) = await EnsureInputAsync(pass, ids, group, secret, cancellationToken);
        ids = ids with { InputId = input.Id };
        draft.Update(s => s with { Aws = ids, Ingest = pulled ? null : IngestOf(stream, input, keyRotation) });
        pipeline.Input = input;
        await ReportInputAsync(pass, input, cancellationToken);
        return PartResult.Done;
    }

    /// <summary>The input, then its security group, which is in use until the input is gone.</summary>
    public async Task<bool> TeardownAsync(StreamTeardownPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var (ids, resources) = (pass.Stream.Status?.Aws ?? new AwsResources(), pass.Resources);
        if (await resources.Inputs.RemainingAsync(ids.InputId, cancellationToken) is { } input)
        {
            // An input still attached to a channel cannot be deleted; the channel's deletion detaches it.
            if (input.State == InputState.Detached)
            {
                await resources.Inputs.DeleteAsync(input.Id, cancellationToken);
            }

            return false;
        }

        if (await resources.SecurityGroups.RemainingAsync(ids.InputSecurityGroupId, cancellationToken) is not { } group)
        {
            return true;
        }

        if (group.State != InputSecurityGroupState.InUse)
        {
            await resources.SecurityGroups.DeleteAsync(group.Id, cancellationToken);
        }

        return false;
    }

    /// <summary>
    /// The input, made with the stream's key (or its pull URL) when it has none, else put back behind the stream's
    /// security group when someone changed that; and the key rotation status reports.
    /// </summary>
    private static async Task<(Input Input, string? KeyRotation)> EnsureInputAsync(StreamPass pass, AwsResources ids, InputSecurityGroup? group, V1Secret? secret, CancellationToken cancellationToken)
    {
        var stream = pass.Stream;
        var inputs = pass.Resources.Inputs;
        var found = await inputs.ReadOneAsync(ids.InputId, pass.Identity, cancellationToken);
        var keyRotation = pass.Draft.Status.Ingest?.KeyRotation;
        var pipelines = stream.Spec.Encoding.ChannelClass == Api.LiveStreams.ChannelClass.Standard ? 2 : 1;
        var plan = new InputPlan(group?.Id, StreamNames: null, pass.Layout.Ingest == MediaIngest.Pulled ? stream.Spec.Source.Pull!.Url : null, pipelines);
        if (found.Resource is { } input)
        {
            return (await RestoreSecurityGroupAsync(pass, input, plan, cancellationToken), keyRotation);
        }

        // The Secret's key: a new one for a new stream (which also answers a rotation the stream was applied with),
        // the one encoders already use when an input vanished and is made again.
        if (!found.WentMissing)
        {
            keyRotation = pass.RotationAsked ?? keyRotation;
        }

        var streamNames = plan.PullUrl is null ? IngestSecret.StreamNames(pipelines, secret?.GetString(IngestSecret.StreamKey) ?? IngestSecret.NewKey()) : null;
        input = await inputs.CreateAsync(plan with { StreamNames = streamNames }, pass.Identity, found.WentMissing ? ids.InputId : null, cancellationToken);
        await pass.CreatedAsync("input", input.Id, found.WentMissing, cancellationToken);
        return (input, keyRotation);
    }

    /// <summary>
    /// Puts a push input back behind the stream's security group alone, and says so; MediaLive changes no input of a
    /// running channel, so until the stream stops that waits, and UpdatePending says why.
    /// </summary>
    private static async Task<Input> RestoreSecurityGroupAsync(StreamPass pass, Input input, InputPlan plan, CancellationToken cancellationToken)
    {
        var inputs = pass.Resources.Inputs;
        if (inputs.Delta(input, plan, pass.SpecChanged) is not { NeedsUpdate: true } delta)
        {
            return input;
        }

        try
        {
            var updated = await inputs.UpdateAsync(input, plan, cancellationToken);
            await pass.ReportUpdateAsync($"input {input.Id}", delta, $"Input {input.Id} takes pushes through input security group {plan.SecurityGroupId} again", cancellationToken);
            return updated;
        }
        catch (AwsConflictException)
        {
            pass.Pipeline.Waiting.Add($"Input {input.Id} was changed outside Airwave ({delta.Describe()}); it is set back when the stream next stops: MediaLive cannot update the input of a running channel.");
            return input;
        }
    }

    /// <summary>What status says about ingest: the endpoints without their key, and where the key is.</summary>
    internal static IngestStatus IngestOf(LiveStream stream, Input input, string? keyRotation) => new()
    {
        Primary = IngestSecret.WithoutKey(input.Destinations?.ElementAtOrDefault(0)?.Url),
        Backup = IngestSecret.WithoutKey(input.Destinations?.ElementAtOrDefault(1)?.Url),
        SecretRef = new LocalObjectReference { Name = IngestSecret.NameFor(stream) },
        KeyRotation = keyRotation,
    };

    /// <summary>The input's security group, made or brought to the CIDRs the stream allows.</summary>
    private async Task<InputSecurityGroup> EnsureSecurityGroupAsync(StreamPass pass, AwsResources ids, CancellationToken cancellationToken)
    {
        // The user's encoders push from where the stream allows; the operator's own pods from the cluster's addresses.
        var cidrs = pass.Layout.Ingest == MediaIngest.Encoders
            ? options.IngestCidrsFor(pass.Stream.Spec.Source.RtmpPush?.AllowedCidrs)
            : options.Sfu.EgressCidrs ?? options.IngestCidrsFor(null);
        return await pass.EnsureAsync(
            new ManagedResource<InputSecurityGroup, SecurityGroupPlan>(pass.Resources.SecurityGroups, "input security group", g => g.Id, (g, _) => $"Allowed CIDRs of input security group {g.Id} set to {string.Join(", ", cidrs)}"),
            ids.InputSecurityGroupId,
            new SecurityGroupPlan(cidrs),
            cancellationToken);
    }

    /// <summary>
    /// InputReady, from the input's state and, once the stream was seen Running (alerts are raised by a running
    /// channel), from what the channel's alerts say; an Event when a problem starts, and when it is over.
    /// </summary>
    private async Task ReportInputAsync(StreamPass pass, Input input, CancellationToken cancellationToken)
    {
        var (stream, draft) = (pass.Stream, pass.Draft);
        var problem = draft.Status.Phase == LiveStreamPhase.Running && draft.Status.Aws?.ChannelId is { } channelId
            ? await InputProblem.ReadAsync(aws.Channels, pass, input.Id, channelId, cancellationToken)
            : null;
        pass.Pipeline.Problem = problem;
        if (problem is not null)
        {
            draft.Condition(LiveStreamConditions.InputReady, false, problem.Reason, problem.Message);
        }
        else
        {
            var creating = input.State == InputState.Creating;
            draft.Condition(LiveStreamConditions.InputReady, !creating, creating ? "Creating" : "Created", creating ? $"Input {input.Id} is being created." : $"Input {input.Id} is ready.");
        }

        var lastReason = ConditionList.Find(stream.Status?.Conditions, LiveStreamConditions.InputReady)?.Reason;
        if (problem is not null && problem.Reason != lastReason)
        {
            await pass.RecordAsync(EventType.Warning, problem.Reason, "Ingest", problem.Warning, cancellationToken);
        }
        else if (problem is null && InputProblem.Recovery(stream, input.Id, lastReason) is { } recovery)
        {
            await pass.RecordAsync(EventType.Normal, recovery.Reason, "Ingest", recovery.Message, cancellationToken);
        }
    }
}
