using Airwave.Aws.MediaLive;
using Airwave.Sandbox.Aws.Media;
using Airwave.Sandbox.Aws.Pipeline;
using Airwave.Sandbox.Aws.State;

namespace Airwave.Sandbox.Aws.MediaLive;

/// <summary>
/// MediaLive's resources and their life cycles: channels CREATING → IDLE → STARTING → RUNNING → STOPPING → IDLE
/// → DELETING → DELETED; inputs ATTACHED while a channel uses them; security groups IN_USE while inputs use them.
/// </summary>
internal sealed class MediaLiveStore(AwsEmulatorOptions options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SecurityGroupEntry> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InputEntry> _inputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChannelEntry> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _inputRequests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _channelRequests = new(StringComparer.Ordinal);

    // Set when the emulator runs media: a starting channel then becomes RUNNING only once its pipelines listen, so a
    // push sent the moment DescribeChannel says RUNNING is taken, as MediaLive takes it.
    private bool _startsWaitForPipelines;

    private DateTimeOffset Now => options.Time.GetUtcNow();

    private DateTimeOffset Due => Now + options.TransitionDelay;

    public InputSecurityGroup CreateSecurityGroup(CreateInputSecurityGroupRequest request)
    {
        lock (_lock)
        {
            var rules = request.WhitelistRules ?? [];
            ValidateCidrs(rules);
            var id = ResourceIds.Numeric(6, _groups.ContainsKey);
            var group = new SecurityGroupEntry(id, Arn("inputSecurityGroup", id)) { Rules = [.. rules] };
            AddTags(group.Tags, request.Tags);
            _groups[id] = group;
            return group.ToResponse();
        }
    }

    public InputSecurityGroup DescribeSecurityGroup(string id)
    {
        lock (_lock)
        {
            Advance();
            return Group(id, allowDeleted: true).ToResponse();
        }
    }

    public IReadOnlyList<InputSecurityGroup> ListSecurityGroups()
    {
        lock (_lock)
        {
            Advance();
            return _groups.Values.Where(g => !g.Deleted).Select(g => g.ToResponse()).ToList();
        }
    }

    public InputSecurityGroup UpdateSecurityGroup(string id, UpdateInputSecurityGroupRequest request)
    {
        lock (_lock)
        {
            Advance();
            var group = Group(id);
            var rules = request.WhitelistRules ?? [];
            ValidateCidrs(rules);
            group.Rules = [.. rules];
            if (request.Tags is not null)
            {
                group.Tags.Clear();
                AddTags(group.Tags, request.Tags);
            }
            return group.ToResponse();
        }
    }

    public void DeleteSecurityGroup(string id)
    {
        lock (_lock)
        {
            Advance();
            var group = Group(id);
            if (group.Inputs.Count > 0)
            {
                throw AwsApiException.BadRequest($"Input security group {id} is in use by inputs {string.Join(", ", group.Inputs)}.");
            }
            group.Deleted = true;
        }
    }

    public Input CreateInput(CreateInputRequest request)
    {
        lock (_lock)
        {
            Advance();
            if (request.RequestId is { } requestId && _inputRequests.TryGetValue(requestId, out var existing))
            {
                return _inputs[existing].ToResponse();
            }
            var destinations = request.Destinations ?? [];
            var groups = request.InputSecurityGroups ?? [];
            if (request.Type == InputType.Unknown)
            {
                throw AwsApiException.BadRequest("type must be one of MediaLive's input types.");
            }
            if (request.Type == InputType.RtmpPush && destinations.Count is < 1 or > 2)
            {
                throw AwsApiException.BadRequest("RTMP_PUSH inputs need one destination (SINGLE_PIPELINE) or two (STANDARD).");
            }
            if (request.Type == InputType.RtmpPush)
            {
                ValidateStreamNames(destinations);
            }
            var sources = request.Sources ?? [];
            if (request.Type is InputType.UrlPull or InputType.RtmpPull or InputType.Mp4File)
            {
                ValidateSources(request.Type, sources);
            }
            var group = SecurityGroupFor(request.Type, groups);

            var id = ResourceIds.Numeric(7, key => _inputs.ContainsKey(key) || _channels.ContainsKey(key));
            // Each destination is a loopback port of its own, where the channel listens while it runs.
            var endpoints = request.Type != InputType.RtmpPush ? [] : destinations.Select(d =>
            {
                var port = LoopbackPorts.Reserve().ToString(System.Globalization.CultureInfo.InvariantCulture);
                return new InputDestination("127.0.0.1", port, $"rtmp://127.0.0.1:{port}/{d.StreamName}");
            }).ToList();
            var input = new InputEntry(id, Arn("input", id), request.Name ?? "", request.Type, endpoints, group is null ? [] : [group.Id], [.. sources.Select(s => new InputSource(s.Url, s.Username, s.PasswordParam))]);
            AddTags(input.Tags, request.Tags);
            input.Lifecycle.Begin(InputState.Creating, InputState.Detached, Due);
            group?.Inputs.Add(id);
            _inputs[id] = input;
            if (request.RequestId is { } newRequestId)
            {
                _inputRequests[newRequestId] = id;
            }
            return input.ToResponse();
        }
    }

    public Input DescribeInput(string id)
    {
        lock (_lock)
        {
            Advance();
            return Input(id, allowDeleted: true).ToResponse();
        }
    }

    public IReadOnlyList<Input> ListInputs()
    {
        lock (_lock)
        {
            Advance();
            return _inputs.Values.Where(i => i.Lifecycle.Current != InputState.Deleted).Select(i => i.ToResponse()).ToList();
        }
    }

    public Input UpdateInput(string id, UpdateInputRequest request)
    {
        lock (_lock)
        {
            Advance();
            var input = Input(id);
            if (input.Lifecycle.Current is not InputState.Detached)
            {
                throw AwsApiException.Conflict($"Input {id} is {Wire(input.State)} and cannot be updated now.");
            }
            if (input.AttachedChannels.Select(c => _channels[c]).FirstOrDefault(c => c.State.Current != ChannelState.Idle) is { } busy)
            {
                throw AwsApiException.Conflict($"Input {id} is attached to channel {busy.Id}, which is {Wire(busy.State.Current)}; an input can be updated only while its channels are idle.");
            }
            if (request.Destinations is { } destinations && input.Type == InputType.RtmpPush)
            {
                ValidateStreamNames(destinations);
                if (destinations.Count != input.Destinations.Count)
                {
                    throw AwsApiException.BadRequest($"Input {id} has {input.Destinations.Count} destinations; an update must give the same number.");
                }
                input.Destinations = [.. input.Destinations.Zip(destinations, (d, r) => d with { Url = $"rtmp://{d.Ip}:{d.Port}/{r.StreamName}" })];
            }
            if (request.InputSecurityGroups is { } groups)
            {
                ReplaceSecurityGroups(input, groups);
            }
            return input.ToResponse();
        }
    }

    /// <summary>Moves the input behind the groups asked for, as a new input of its type could be made behind them.</summary>
    private void ReplaceSecurityGroups(InputEntry input, IReadOnlyList<string> groups)
    {
        var group = SecurityGroupFor(input.Type, groups);
        foreach (var old in input.SecurityGroups.Select(g => _groups.GetValueOrDefault(g)).OfType<SecurityGroupEntry>())
        {
            old.Inputs.Remove(input.Id);
        }
        group?.Inputs.Add(input.Id);
        input.SecurityGroups = group is null ? [] : [group.Id];
    }

    /// <summary>
    /// The group an input of <paramref name="type"/> may be behind. Only pushed inputs take encoders' connections,
    /// which their one security group admits; the emulator moves media for RTMP_PUSH and the pull inputs (URL_PULL,
    /// RTMP_PULL, MP4_FILE) and keeps the others as records.
    /// </summary>
    private SecurityGroupEntry? SecurityGroupFor(InputType type, IReadOnlyList<string> groups)
    {
        var pushed = type is InputType.RtmpPush or InputType.RtpPush or InputType.UdpPush;
        if (pushed && groups.Count != 1)
        {
            throw AwsApiException.BadRequest("Push inputs need exactly one input security group.");
        }
        var group = groups.Count == 0 ? null : _groups.GetValueOrDefault(groups[0]);
        if (groups.Count > 0 && (group is null || group.Deleted))
        {
            throw AwsApiException.BadRequest($"Input security group {groups[0]} does not exist.");
        }
        return group;
    }

    public void DeleteInput(string id)
    {
        lock (_lock)
        {
            Advance();
            var input = Input(id);
            if (input.State is InputState.Attached)
            {
                throw AwsApiException.Conflict($"Input {id} is attached to channel {input.AttachedChannels[0]}; delete the channel first.");
            }
            if (input.State is not InputState.Detached)
            {
                throw AwsApiException.Conflict($"Input {id} is {Wire(input.State)} and cannot be deleted now.");
            }
            input.Lifecycle.Begin(InputState.Deleting, InputState.Deleted, Due);
        }
    }

    public Channel CreateChannel(CreateChannelRequest request)
    {
        lock (_lock)
        {
            Advance();
            if (request.RequestId is { } requestId && _channelRequests.TryGetValue(requestId, out var existing))
            {
                return _channels[existing].ToResponse();
            }
            ChannelValidator.Validate(request.ChannelClass, request.Destinations, request.EncoderSettings, request.InputAttachments, _inputs.GetValueOrDefault, null);
            var id = ResourceIds.Numeric(7, key => _inputs.ContainsKey(key) || _channels.ContainsKey(key));
            var channel = new ChannelEntry(id, Arn("channel", id), request.ChannelClass)
            {
                Name = request.Name,
                Destinations = request.Destinations,
                EncoderSettings = request.EncoderSettings,
                InputAttachments = request.InputAttachments,
                InputSpecification = request.InputSpecification,
                RoleArn = request.RoleArn,
            };
            AddTags(channel.Tags, request.Tags);
            channel.State.Begin(ChannelState.Creating, ChannelState.Idle, Due);
            Attach(channel);
            _channels[id] = channel;
            if (request.RequestId is { } newRequestId)
            {
                _channelRequests[newRequestId] = id;
            }
            return channel.ToResponse();
        }
    }

    public Channel DescribeChannel(string id)
    {
        lock (_lock)
        {
            Advance();
            return Channel(id, allowDeleted: true).ToResponse();
        }
    }

    public IReadOnlyList<ChannelSummary> ListChannels()
    {
        lock (_lock)
        {
            Advance();
            return _channels.Values.Where(c => c.State.Current != ChannelState.Deleted).Select(c => c.ToSummary()).ToList();
        }
    }

    public Channel UpdateChannel(string id, UpdateChannelRequest request)
    {
        lock (_lock)
        {
            Advance();
            var channel = Channel(id);
            RequireState(channel, "updated", ChannelState.Idle, ChannelState.CreateFailed, ChannelState.UpdateFailed);
            var destinations = request.Destinations ?? channel.Destinations;
            var encoder = request.EncoderSettings ?? channel.EncoderSettings;
            var attachments = request.InputAttachments ?? channel.InputAttachments;
            ChannelValidator.Validate(channel.ChannelClass, destinations, encoder, attachments, _inputs.GetValueOrDefault, channel.Id);
            Detach(channel);
            channel.Name = request.Name ?? channel.Name;
            channel.Destinations = destinations;
            channel.EncoderSettings = encoder;
            channel.InputAttachments = attachments;
            channel.RoleArn = request.RoleArn ?? channel.RoleArn;
            Attach(channel);
            channel.State.Begin(ChannelState.Updating, ChannelState.Idle, Due);
            return channel.ToResponse();
        }
    }

    public Channel StartChannel(string id) => Transition(id, "started", ChannelState.Starting, ChannelState.Running, ChannelState.Idle);

    public Channel StopChannel(string id) => Transition(id, "stopped", ChannelState.Stopping, ChannelState.Idle, ChannelState.Running, ChannelState.Starting, ChannelState.Recovering);

    public Channel DeleteChannel(string id) =>
        Transition(id, "deleted", ChannelState.Deleting, ChannelState.Deleted, ChannelState.Idle, ChannelState.CreateFailed, ChannelState.UpdateFailed);

    public void CreateTags(string arn, IReadOnlyDictionary<string, string>? tags)
    {
        lock (_lock)
        {
            Advance();
            AddTags(TagsOf(arn), tags);
        }
    }

    public void DeleteTags(string arn, IEnumerable<string> keys)
    {
        lock (_lock)
        {
            Advance();
            var tags = TagsOf(arn);
            foreach (var key in keys)
            {
                tags.Remove(key);
            }
        }
    }

    public IReadOnlyDictionary<string, string> ListTags(string arn)
    {
        lock (_lock)
        {
            Advance();
            return new Dictionary<string, string>(TagsOf(arn));
        }
    }

    /// <summary>
    /// ListAlerts: the channel's alerts, SET, CLEARED or ALL (the default). A deleted channel's are gone with it.
    /// </summary>
    public IReadOnlyList<ChannelAlert> ListAlerts(string channelId, string? stateFilter)
    {
        ChannelAlertState? state = stateFilter switch
        {
            null or "" or "ALL" => null,
            "SET" => ChannelAlertState.Set,
            "CLEARED" => ChannelAlertState.Cleared,
            _ => throw AwsApiException.BadRequest($"stateFilter must be SET, CLEARED or ALL; '{stateFilter}' is not."),
        };
        lock (_lock)
        {
            Advance();
            return Channel(channelId).Alerts.List(state);
        }
    }

    /// <summary>A running pipeline raises an alert (as MediaLive does when, say, it cannot read a pull input's source).</summary>
    public void SetAlert(string channelId, string pipelineId, string alertType, string message)
    {
        lock (_lock)
        {
            if (_channels.TryGetValue(channelId, out var channel) && channel.State.Current is not (ChannelState.Idle or ChannelState.Deleted))
            {
                channel.Alerts.Set(pipelineId, alertType, message, Now);
            }
        }
    }

    /// <summary>The problem an alert reported is over.</summary>
    public void ClearAlert(string channelId, string pipelineId, string alertType)
    {
        lock (_lock)
        {
            if (_channels.TryGetValue(channelId, out var channel))
            {
                channel.Alerts.Clear(pipelineId, alertType, Now);
            }
        }
    }

    /// <summary>From now on, a starting channel stays STARTING until <see cref="PipelinesListen"/> is called for it.</summary>
    public void WaitForPipelinesOnStart()
    {
        lock (_lock)
        {
            _startsWaitForPipelines = true;
        }
    }

    /// <summary>
    /// What the pipelines of the channels RUNNING, or starting, now do with media: a starting channel's pipelines are
    /// wanted so that it can become RUNNING.
    /// </summary>
    public IReadOnlyList<PipelinePlan> PipelinesToRun()
    {
        lock (_lock)
        {
            Advance();
            return [.. _channels.Values
                .Where(c => c.State.Current == ChannelState.Running || c.State.Next == ChannelState.Running)
                .SelectMany(c => PipelinePlanner.For(c, _inputs.GetValueOrDefault, AllowedCidrs))];
        }
    }

    /// <summary>The channel's pipelines listen for pushes; a starting channel may become RUNNING when due.</summary>
    public void PipelinesListen(string channelId)
    {
        lock (_lock)
        {
            if (_channels.TryGetValue(channelId, out var channel) && channel.State.Next == ChannelState.Running)
            {
                channel.PipelinesListen = true;
            }
        }
    }

    private IEnumerable<string> AllowedCidrs(InputEntry input) =>
        input.SecurityGroups.Select(g => _groups.GetValueOrDefault(g)).OfType<SecurityGroupEntry>().SelectMany(g => g.Rules).Select(r => r.Cidr).OfType<string>();

    private Channel Transition(string id, string verb, ChannelState transitional, ChannelState next, params ChannelState[] allowedFrom)
    {
        lock (_lock)
        {
            Advance();
            var channel = Channel(id);
            RequireState(channel, verb, allowedFrom);
            channel.State.Begin(transitional, next, Due);
            if (next != ChannelState.Running)
            {
                // A stopped channel's pipelines report nothing more: what they had raised is over.
                channel.Alerts.Clear(null, null, Now);
            }

            // A channel without a pushed input has no pipeline to wait for.
            channel.PipelinesListen = !PipelinePlanner.For(channel, _inputs.GetValueOrDefault, AllowedCidrs).Any();
            return channel.ToResponse();
        }
    }

    private static void RequireState(ChannelEntry channel, string verb, params ChannelState[] allowed)
    {
        if (!allowed.Contains(channel.State.Current))
        {
            throw AwsApiException.Conflict($"Channel {channel.Id} is {Wire(channel.State.Current)} and cannot be {verb}; it must be {string.Join(" or ", allowed.Select(s => Wire(s)))}.");
        }
    }

    /// <summary>Completes every due transition, with the side effects the real service has when they complete.</summary>
    private void Advance()
    {
        var now = Now;
        foreach (var channel in _channels.Values)
        {
            if (_startsWaitForPipelines && channel.State.Next == ChannelState.Running && !channel.PipelinesListen)
            {
                continue;
            }
            if (channel.State.Advance(now) && channel.State.Current == ChannelState.Deleted)
            {
                Detach(channel);
            }
        }
        foreach (var input in _inputs.Values)
        {
            if (input.Lifecycle.Advance(now) && input.Lifecycle.Current == InputState.Deleted)
            {
                foreach (var group in input.SecurityGroups.Select(g => _groups.GetValueOrDefault(g)).OfType<SecurityGroupEntry>())
                {
                    group.Inputs.Remove(input.Id);
                }
            }
        }
    }

    private void Attach(ChannelEntry channel)
    {
        foreach (var attachment in channel.InputAttachments)
        {
            _inputs[attachment.InputId].AttachedChannels.Add(channel.Id);
        }
    }

    private void Detach(ChannelEntry channel)
    {
        foreach (var input in _inputs.Values)
        {
            input.AttachedChannels.Remove(channel.Id);
        }
    }

    private Dictionary<string, string> TagsOf(string arn)
    {
        var parts = arn.Split(':');
        var id = parts.Length == 7 ? parts[6] : "";
        return (parts.Length == 7 ? parts[5] : "") switch
        {
            "channel" when _channels.TryGetValue(id, out var channel) && channel.Arn == arn && channel.State.Current != ChannelState.Deleted => channel.Tags,
            "input" when _inputs.TryGetValue(id, out var input) && input.Arn == arn && input.Lifecycle.Current != InputState.Deleted => input.Tags,
            "inputSecurityGroup" when _groups.TryGetValue(id, out var group) && group.Arn == arn && !group.Deleted => group.Tags,
            _ => throw AwsApiException.NotFound($"Resource {arn} not found."),
        };
    }

    private SecurityGroupEntry Group(string id, bool allowDeleted = false) =>
        _groups.TryGetValue(id, out var group) && (allowDeleted || !group.Deleted)
            ? group
            : throw AwsApiException.NotFound($"Input security group {id} not found.");

    private InputEntry Input(string id, bool allowDeleted = false) =>
        _inputs.TryGetValue(id, out var input) && (allowDeleted || input.Lifecycle.Current != InputState.Deleted)
            ? input
            : throw AwsApiException.NotFound($"Input {id} not found.");

    private ChannelEntry Channel(string id, bool allowDeleted = false) =>
        _channels.TryGetValue(id, out var channel) && (allowDeleted || channel.State.Current != ChannelState.Deleted)
            ? channel
            : throw AwsApiException.NotFound($"Channel {id} not found.");

    private string Arn(string type, string id) => $"arn:aws:medialive:{options.Region}:{options.AccountId}:{type}:{id}";

    private static void AddTags(Dictionary<string, string> target, IReadOnlyDictionary<string, string>? tags)
    {
        foreach (var (key, value) in tags ?? new Dictionary<string, string>())
        {
            target[key] = value;
        }
    }

    /// <summary>A pull input fetches one URL per pipeline, of the schemes its type pulls.</summary>
    private static void ValidateSources(InputType type, IReadOnlyList<InputSourceRequest> sources)
    {
        var wire = Wire(type);
        if (sources.Count is < 1 or > 2)
        {
            throw AwsApiException.BadRequest($"{wire} inputs need one source (SINGLE_PIPELINE) or two (STANDARD).");
        }
        string[] schemes = type switch
        {
            InputType.RtmpPull => ["rtmp", "rtmps"],
            InputType.Mp4File => ["http", "https", "s3", "s3ssl"],
            _ => ["http", "https"],
        };
        foreach (var source in sources)
        {
            if (source.Url is not { Length: > 0 } url || !Uri.TryCreate(url, UriKind.Absolute, out var parsed) || !schemes.Contains(parsed.Scheme))
            {
                throw AwsApiException.BadRequest($"Each {wire} source needs a url starting with {string.Join(" or ", schemes.Select(s => s + "://"))}; '{source.Url}' does not.");
            }
        }
    }

    private static void ValidateStreamNames(IReadOnlyList<InputDestinationRequest> destinations)
    {
        if (destinations.Any(d => d.StreamName is null || d.StreamName.Split('/').Length != 2 || d.StreamName.Split('/').Any(string.IsNullOrEmpty)))
        {
            throw AwsApiException.BadRequest("Each RTMP_PUSH destination needs a streamName of the form appName/appInstance.");
        }
    }

    private static void ValidateCidrs(IEnumerable<InputWhitelistRule> rules)
    {
        foreach (var rule in rules)
        {
            if (rule.Cidr is null || !System.Net.IPNetwork.TryParse(rule.Cidr, out _))
            {
                throw AwsApiException.BadRequest($"'{rule.Cidr}' is not a valid CIDR block.");
            }
        }
    }

    private static string Wire<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseUpper.ConvertName(value.ToString());
}
