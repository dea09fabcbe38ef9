using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Airwave.Api.LiveStreams;
using Airwave.Aws.Errors;
using Airwave.Aws.Http;
using Airwave.Aws.MediaLive;
using Airwave.Operator.LiveStreams.Transcoding;
using Airwave.Operator.Resources;
using AwsChannelClass = Airwave.Aws.MediaLive.ChannelClass;

namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>
/// The stream's MediaLive channel. Whether it matches the spec is read from the described channel's own fields
/// (<see cref="Delta"/>), so a setting changed in the console is found; a hash of the settings last applied, kept in a
/// tag beside the identity tags, tells such a change from a change of the spec.
/// </summary>
public sealed class ChannelManager(IMediaLiveClient mediaLive, ListingLifetime lifetime) : IAwsResourceManager<Channel, ChannelPlan>
{
    public const string SettingsTag = "airwave.dev/settings";

    private readonly StreamTagIndex _tagged = new(
        async cancellationToken => (await mediaLive.ListChannelsAsync(cancellationToken)).Select(c => new TaggedResource(c.Id, c.Tags)),
        lifetime);

    public Task<Observed<Channel>> ReadOneAsync(string? knownId, StreamIdentity identity, CancellationToken cancellationToken) =>
        AwsLookup.ReadAsync(
            knownId,
            identity,
            _tagged,
            known => mediaLive.DescribeChannelAsync(known, cancellationToken),
            c => c.State is ChannelState.Deleting or ChannelState.Deleted,
            cancellationToken);

    public Task<Channel> CreateAsync(ChannelPlan plan, StreamIdentity identity, string? replacing, CancellationToken cancellationToken)
    {
        var tags = new Dictionary<string, string>(identity.Tags) { [SettingsTag] = plan.SettingsHash };
        return AwsLookup.CreateAsync(
            _tagged,
            () => mediaLive.CreateChannelAsync(
                new CreateChannelRequest(
                    identity.DisplayName,
                    plan.ChannelClass,
                    plan.Destinations,
                    plan.EncoderSettings,
                    [Attachment(plan)],
                    plan.RoleArn,
                    new InputSpecification("AVC", "MAX_10_MBPS", "HD"),
                    identity.RequestId("channel", replacing),
                    tags),
                cancellationToken),
            c => new TaggedResource(c.Id, c.Tags ?? tags));
    }

    /// <summary>
    /// Where the channel differs from the plan: its encoder settings, its MediaPackage destination, whether it
    /// archives, its input and its role. The archive's URL changes with every session, and another channel class needs
    /// another channel, so neither counts. Whether the spec changed the channel knows itself, from the settings tag of
    /// the plan last applied to it (<paramref name="specChanged"/> is not needed).
    /// </summary>
    public ResourceDelta Delta(Channel resource, ChannelPlan plan, bool specChanged)
    {
        var channel = resource;
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(plan);
        var package = plan.Destinations[0];
        var archives = plan.Destinations.Any(d => d.Id == ChannelSettings.ArchiveDestination);
        List<string> fields =
        [
            .. FieldDelta.Of(plan.EncoderSettings, channel.EncoderSettings, AwsJson.TypeInfo<EncoderSettings>(), "encoderSettings"),
            .. FieldDelta.Of(package, channel.Destinations?.FirstOrDefault(d => d.Id == package.Id), AwsJson.TypeInfo<OutputDestination>(), $"destinations[{package.Id}]"),
            .. archives == (channel.Destinations?.Any(d => d.Id == ChannelSettings.ArchiveDestination) == true) ? [] : new[] { $"destinations[{ChannelSettings.ArchiveDestination}]" },
            .. FieldDelta.Of<IReadOnlyList<InputAttachment>>([Attachment(plan)], channel.InputAttachments, AwsJson.TypeInfo<IReadOnlyList<InputAttachment>>(), "inputAttachments"),
            .. channel.RoleArn == plan.RoleArn ? [] : new[] { "roleArn" },
        ];
        return new ResourceDelta(fields, SpecChanged: !WasAppliedFrom(channel, plan));
    }

    /// <summary>Whether the settings last applied to the channel were this plan's (its settings tag).</summary>
    private static bool WasAppliedFrom(Channel channel, ChannelPlan plan) =>
        channel.Tags?.GetValueOrDefault(SettingsTag) == plan.SettingsHash;

    /// <summary>Applies the plan to an idle channel, archive destination included.</summary>
    public async Task<Channel> UpdateAsync(Channel resource, ChannelPlan plan, CancellationToken cancellationToken)
    {
        var channel = resource;
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(plan);
        var updated = await mediaLive.UpdateChannelAsync(
            channel.Id,
            new UpdateChannelRequest(
                Destinations: plan.Destinations,
                EncoderSettings: plan.EncoderSettings,
                InputAttachments: [Attachment(plan)],
                RoleArn: plan.RoleArn),
            cancellationToken);
        if (!WasAppliedFrom(channel, plan))
        {
            await mediaLive.CreateTagsAsync(channel.Arn, new Dictionary<string, string> { [SettingsTag] = plan.SettingsHash }, cancellationToken);
        }

        return updated;
    }

    /// <summary>Starts an idle channel; false when MediaLive refuses because the channel is not idle after all.</summary>
    public async Task<bool> StartAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await mediaLive.StartChannelAsync(id, cancellationToken);
            return true;
        }
        catch (AwsConflictException)
        {
            // Its state moved since we described it; the next pass sees where it went.
            return false;
        }
    }

    public async Task StopAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await mediaLive.StopChannelAsync(id, cancellationToken);
        }
        catch (AwsConflictException)
        {
            // Already stopping or idle.
        }
    }

    /// <summary>The channel's SET alerts: what MediaLive says is wrong now, such as a pull source it cannot read or a refused push.</summary>
    public Task<IReadOnlyList<ChannelAlert>> SetAlertsAsync(string id, CancellationToken cancellationToken) =>
        mediaLive.ListAlertsAsync(id, ChannelAlertState.Set, cancellationToken);

    /// <summary>Deletes an idle channel; false when MediaLive refuses because it is not idle yet, or already deleting.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await AwsLookup.DeleteAsync(_tagged, id, () => mediaLive.DeleteChannelAsync(id, cancellationToken));
            return true;
        }
        catch (AwsConflictException)
        {
            // The teardown reads it again and waits.
            return false;
        }
    }

    // The audio selector the encoder's audio description refers to is declared on the attachment, as MediaLive expects.
    private static InputAttachment Attachment(ChannelPlan plan) =>
        new(plan.InputId, "rtmp", new InputSettings([new AudioSelector(ChannelSettings.AudioSelector)]));

    /// <summary>Everything a channel is created or updated from.</summary>
    public static ChannelPlan Plan(LiveStreamSpec spec, string inputId, string packageChannelId, string? archiveUrl, string roleArn)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var channelClass = spec.Encoding.ChannelClass == Api.LiveStreams.ChannelClass.Standard ? AwsChannelClass.Standard : AwsChannelClass.SinglePipeline;
        var encoder = ChannelSettings.Encoder(spec);
        var destinations = ChannelSettings.Destinations(spec, packageChannelId, archiveUrl);

        // The archive URL changes with every session; it is not part of what makes a channel out of date.
        var fingerprint = JsonSerializer.Serialize(new ChannelFingerprint(channelClass, encoder, destinations[0], inputId, roleArn, spec.Archive.Enabled), ChannelFingerprintJson.Default.ChannelFingerprint);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint)))[..16];
        return new ChannelPlan(channelClass, encoder, destinations, inputId, roleArn, hash);
    }
}
