using System.Net;
using Airwave.Api.LiveStreams;
using Airwave.Api.Validation;
using Airwave.Configuration;
using Airwave.Operator.Configuration;
using Microsoft.Extensions.Configuration;

namespace Airwave.Operator.Hosting;

/// <summary>
/// The operator's settings as configured, checked before anything starts: a value the operator cannot use stops it
/// with one line naming the setting and what it should be.
/// </summary>
public static class OperatorOptionsReader
{
    private const string Ipv4Cidr = "an IPv4 CIDR block such as 203.0.113.0/24";

    public static OperatorOptions Read(IConfiguration configuration)
    {
        var options = Settings.Bind<OperatorOptions>(configuration, "Operator");
        CheckAddresses(configuration, options);
        CheckClips(configuration, options.Clips);
        CheckAwsVideos(configuration, options.VideoAssets.Aws);
        CheckSfu(configuration, options.Sfu);
        CheckConnector(configuration, options.Connector);
        CheckViewers(configuration, options.Viewers);
        if (options.MaxRunningChannelsPerNamespace is < 1)
        {
            throw Settings.Invalid(configuration, "Operator:MaxRunningChannelsPerNamespace", "a number of channels of at least 1 (leave it unset for no limit)");
        }

        if (options.IdleStopAfter < LiveStreamRules.MinimumIdleStop)
        {
            throw Settings.Invalid(configuration, "Operator:IdleStopAfter", "a duration of at least 1m (leave it unset to let streams run until asked to stop)");
        }

        if (options.MaxMonthlySpendUsdPerNamespace is <= 0)
        {
            throw Settings.Invalid(configuration, "Operator:MaxMonthlySpendUsdPerNamespace", "US dollars above 0 (leave it unset for no limit)");
        }

        foreach (var (ns, budget) in options.Budgets ?? new Dictionary<string, NamespaceBudget>())
        {
            if (budget.MaxRunningChannels is < 0)
            {
                throw Settings.Invalid(configuration, $"Operator:Budgets:{ns}:MaxRunningChannels", "a number of channels, 0 for no limit");
            }

            if (budget.MaxMonthlySpendUsd is < 0)
            {
                throw Settings.Invalid(configuration, $"Operator:Budgets:{ns}:MaxMonthlySpendUsd", "US dollars, 0 for no limit");
            }
        }

        return options;
    }

    private static void CheckViewers(IConfiguration configuration, ViewerOptions viewers)
    {
        if (viewers.WebhookService is not null && string.IsNullOrEmpty(viewers.WebhookNamespace))
        {
            throw new SettingException("Operator:Viewers:WebhookService is set but Operator:Viewers:WebhookNamespace is not: the Service is looked up in that namespace");
        }

        if (viewers.WebhookManagementPort is < 1 or > 65535)
        {
            throw Settings.Invalid(configuration, "Operator:Viewers:WebhookManagementPort", "a port number from 1 to 65535");
        }

        if (viewers.CountInterval < TimeSpan.FromSeconds(1))
        {
            throw Settings.Invalid(configuration, "Operator:Viewers:CountInterval", "a duration of at least one second, such as 00:00:10");
        }
    }

    private static void CheckAddresses(IConfiguration configuration, OperatorOptions options)
    {
        CheckEach(configuration, "Operator:DefaultAllowedCidrs", options.DefaultAllowedCidrs, Ipv4Cidr, IsIpv4Cidr);
        CheckEach(configuration, "Operator:Sfu:EgressCidrs", options.Sfu.EgressCidrs, Ipv4Cidr, IsIpv4Cidr);
        CheckEach(configuration, "Operator:AllowedArchiveBuckets", options.AllowedArchiveBuckets, "an S3 bucket name, where * stands for any run of characters (team-*-archive)", BucketPattern.IsValid);
        CheckEach(configuration, "Operator:Connector:DeniedEgressCidrs", options.Connector.DeniedEgressCidrs, "a CIDR block such as 10.0.0.0/8 or fc00::/7", cidr => IPNetwork.TryParse(cidr, out _));
        CheckEach(configuration, "Operator:Connector:AllowedMeetingHosts", options.Connector.AllowedMeetingHosts, "a host name such as meet.example.com, or *.example.com for every host under example.com", MeetingHostPolicy.IsValidPattern);
        if (options.LivePlaybackBaseUrl is { } liveBase && (!liveBase.IsAbsoluteUri || liveBase.Scheme is not ("http" or "https") || liveBase.Query.Length > 0))
        {
            throw Settings.Invalid(configuration, "Operator:LivePlaybackBaseUrl", "an absolute http(s) URL without a query, such as https://live.example.com");
        }
    }

    private static void CheckClips(IConfiguration configuration, ClipOptions clips)
    {
        if (clips.Bucket is { } clipBucket && (!BucketPattern.IsValid(clipBucket) || clipBucket.Contains('*', StringComparison.Ordinal)))
        {
            throw Settings.Invalid(configuration, "Operator:Clips:Bucket", "an S3 bucket name");
        }

        if (clips.BackoffLimit < 0)
        {
            throw Settings.Invalid(configuration, "Operator:Clips:BackoffLimit", "a number of retries of at least 0");
        }

        if (string.IsNullOrWhiteSpace(clips.FfmpegImage) || string.IsNullOrWhiteSpace(clips.UploadImage))
        {
            throw Settings.Invalid(configuration, string.IsNullOrWhiteSpace(clips.FfmpegImage) ? "Operator:Clips:FfmpegImage" : "Operator:Clips:UploadImage", "a container image reference");
        }
    }

    private static void CheckAwsVideos(IConfiguration configuration, AwsVideoOptions videos)
    {
        const string Section = "Operator:VideoAssets:Aws";
        CheckEach(configuration, $"{Section}:DeniedEgressCidrs", videos.DeniedEgressCidrs, "a CIDR block such as 10.0.0.0/8 or fc00::/7", cidr => IPNetwork.TryParse(cidr, out _));
        if (videos.Bucket is null)
        {
            return;
        }

        if (!BucketPattern.IsValid(videos.Bucket) || videos.Bucket.Contains('*', StringComparison.Ordinal))
        {
            throw Settings.Invalid(configuration, $"{Section}:Bucket", "an S3 bucket name");
        }

        if (videos.PlaybackBaseUrl is not { IsAbsoluteUri: true, Scheme: "http" or "https", Query.Length: 0 })
        {
            throw Settings.Invalid(configuration, $"{Section}:PlaybackBaseUrl", "the absolute http(s) URL viewers reach the distribution serving the bucket at, such as https://vod.example.com (it is needed once the bucket is set)");
        }

        if (videos.KeyPrefix.StartsWith('/') || (videos.KeyPrefix.Length > 0 && !videos.KeyPrefix.EndsWith('/')))
        {
            throw Settings.Invalid(configuration, $"{Section}:KeyPrefix", "a key prefix ending in / and not starting with one, such as videos/ (or empty)");
        }

        // Neither may hold the other, or a Signed video's files would fall under the public path (an empty KeyPrefix
        // holds every key, so there the namespace named as the signed prefix is the one whose Public videos would not play).
        if (videos.SignedKeyPrefix.Length == 0 || videos.SignedKeyPrefix.StartsWith('/') || !videos.SignedKeyPrefix.EndsWith('/')
            || (videos.KeyPrefix.Length > 0 && (videos.SignedKeyPrefix.StartsWith(videos.KeyPrefix, StringComparison.Ordinal) || videos.KeyPrefix.StartsWith(videos.SignedKeyPrefix, StringComparison.Ordinal))))
        {
            throw Settings.Invalid(configuration, $"{Section}:SignedKeyPrefix", $"a key prefix ending in / and not starting with one, such as signed-videos/, that neither holds nor is held by KeyPrefix ({videos.KeyPrefix})");
        }

        if (string.IsNullOrWhiteSpace(videos.TranscoderImage))
        {
            throw Settings.Invalid(configuration, $"{Section}:TranscoderImage", "a container image reference");
        }

        if (videos.MaxDuration <= TimeSpan.Zero || videos.JobDeadline <= TimeSpan.Zero)
        {
            throw Settings.Invalid(configuration, videos.MaxDuration <= TimeSpan.Zero ? $"{Section}:MaxDuration" : $"{Section}:JobDeadline", "a positive duration, such as 4h");
        }

        if (videos.MaxSourceBytes <= 0 || videos.BackoffLimit < 0)
        {
            throw Settings.Invalid(configuration, videos.MaxSourceBytes <= 0 ? $"{Section}:MaxSourceBytes" : $"{Section}:BackoffLimit", videos.MaxSourceBytes <= 0 ? "a positive number of bytes" : "a number of retries of at least 0");
        }
    }

    private static void CheckConnector(IConfiguration configuration, ConnectorOptions connector)
    {
        if (string.IsNullOrWhiteSpace(connector.Image))
        {
            throw Settings.Invalid(configuration, "Operator:Connector:Image", "a container image reference");
        }

        if (connector.Port is < 1 or > 65535)
        {
            throw Settings.Invalid(configuration, "Operator:Connector:Port", "a port number from 1 to 65535");
        }

        if (connector.JoinTimeout < TimeSpan.FromSeconds(10))
        {
            throw Settings.Invalid(configuration, "Operator:Connector:JoinTimeout", "a time span of at least ten seconds, such as 00:02:00");
        }
    }

    private static void CheckSfu(IConfiguration configuration, SfuOptions sfu)
    {
        if (sfu.BroadcastKey is { } broadcastKey && broadcastKey.Length < BroadcastKey.MinimumSharedKeyLength)
        {
            // Not Settings.Invalid: that would print the key.
            throw new SettingException($"Operator:Sfu:BroadcastKey is {broadcastKey.Length} characters long: it needs at least {BroadcastKey.MinimumSharedKeyLength} (for example 32 random bytes in hex), the same as the signaling service's Signaling:Sfu:BroadcastKey");
        }

        if (string.IsNullOrWhiteSpace(sfu.Image))
        {
            throw Settings.Invalid(configuration, "Operator:Sfu:Image", "a container image reference");
        }
        if (sfu.ViewersPerPod < 1)
        {
            throw Settings.Invalid(configuration, "Operator:Sfu:ViewersPerPod", "a number of viewers of at least 1");
        }
        foreach (var (key, port) in new[] { ("ApiPort", sfu.ApiPort), ("ManagementPort", sfu.ManagementPort), ("TurnPort", sfu.TurnPort) })
        {
            if (port is < 1 or > 65535)
            {
                throw Settings.Invalid(configuration, $"Operator:Sfu:{key}", "a port number from 1 to 65535");
            }
        }

        foreach (var (key, port) in new[] { ("EnginePort", sfu.EnginePort), ("AdminPort", sfu.AdminPort) })
        {
            if (port is < 0 or > 65535)
            {
                throw Settings.Invalid(configuration, $"Operator:Sfu:{key}", "a port number from 1 to 65535, or 0 for a free one the pod picks");
            }
        }
        foreach (var (key, range) in new[] { ("MediaPorts", sfu.MediaPorts), ("RelayPorts", sfu.RelayPorts) })
        {
            if (!PortRange.TryParse(range, out _))
            {
                throw Settings.Invalid(configuration, $"Operator:Sfu:{key}", PortRange.Expected);
            }
        }
        if (sfu.ScaleUpAt is <= 0 or > 1)
        {
            throw Settings.Invalid(configuration, "Operator:Sfu:ScaleUpAt", "a share of a pod's viewers above 0 and at most 1, such as 0.8");
        }
        if (sfu.ScaleDownAt <= 0 || sfu.ScaleDownAt >= sfu.ScaleUpAt)
        {
            throw Settings.Invalid(configuration, "Operator:Sfu:ScaleDownAt", $"a share of a pod's viewers above 0 and below Operator:Sfu:ScaleUpAt ({sfu.ScaleUpAt.ToString(System.Globalization.CultureInfo.InvariantCulture)}), such as 0.5");
        }
        if (sfu.DrainTimeout < TimeSpan.Zero)
        {
            throw Settings.Invalid(configuration, "Operator:Sfu:DrainTimeout", "a time span of zero or more, such as 00:10:00");
        }
        if (sfu.LoadInterval < TimeSpan.FromSeconds(1))
        {
            throw Settings.Invalid(configuration, "Operator:Sfu:LoadInterval", "a time span of at least one second, such as 00:00:15");
        }
        if (sfu.SignalingUrl is { } signaling && (!signaling.IsAbsoluteUri || signaling.Scheme is not ("https" or "http") || signaling.Query.Length > 0))
        {
            throw Settings.Invalid(configuration, "Operator:Sfu:SignalingUrl", "the signaling service's public URL, such as https://live.example.com");
        }
    }

    /// <summary>Stops startup at the first item of a list setting that is not what it should be, naming it.</summary>
    private static void CheckEach(IConfiguration configuration, string key, IReadOnlyList<string>? items, string expected, Func<string, bool> isValid)
    {
        for (var i = 0; i < items?.Count; i++)
        {
            if (!isValid(items[i]))
            {
                throw Settings.Invalid(configuration, $"{key}:{i}", expected);
            }
        }
    }

    private static bool IsIpv4Cidr(string cidr) =>
        IPNetwork.TryParse(cidr, out var network) && network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;
}
