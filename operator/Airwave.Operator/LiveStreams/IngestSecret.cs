using System.Security.Cryptography;
using Airwave.Api.LiveStreams;
using Airwave.Aws.MediaLive;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Core;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Kubernetes.Ownership;
using Airwave.Operator.Kubernetes;
using PackageChannel = Airwave.Aws.MediaPackage.Channel;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// The Secret that holds what must not appear in status: the stream key, the full ingest URLs and the
/// MediaPackage ingest credentials. Owned by the stream, so it goes when the stream goes.
/// </summary>
public sealed class IngestSecret(KubernetesClient client)
{
    public const string StreamKey = "streamKey";
    public const string PrimaryUrl = "primaryUrl";
    public const string BackupUrl = "backupUrl";

    public static string NameFor(LiveStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return DnsNames.WithSuffix(stream.Metadata.Name!, "-ingest", DnsNames.MaxSubdomainLength);
    }

    /// <summary>The stream key, created with the Secret the first time and kept for the stream's life.</summary>
    public async Task<string> EnsureStreamKeyAsync(LiveStream stream, CancellationToken cancellationToken)
    {
        var existing = await client.TryGetAsync<Secret>(ResourceType.Secrets, stream.Metadata.Namespace, NameFor(stream), cancellationToken);
        if (existing?.GetString(StreamKey) is { } key)
        {
            return key;
        }

        key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        try
        {
            await client.CreateAsync(ResourceType.Secrets, Build(stream, new Dictionary<string, string> { [StreamKey] = key }), cancellationToken);
            return key;
        }
        catch (AlreadyExistsException)
        {
            // Created by a concurrent reconcile of ours that did not get to read it back; its key wins.
            var winner = await client.GetAsync<Secret>(ResourceType.Secrets, stream.Metadata.Namespace, NameFor(stream), cancellationToken);
            return winner.GetString(StreamKey) ?? throw new InvalidOperationException($"Secret {NameFor(stream)} has no {StreamKey}");
        }
    }

    /// <summary>The RTMP stream names an input is created with: the app, then the key, one per pipeline.</summary>
    public static IReadOnlyList<string> StreamNames(LiveStreamSpec spec, string streamKey)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Encoding.ChannelClass == Api.LiveStreams.ChannelClass.Standard
            ? [$"live/{streamKey}", $"live/{streamKey}-backup"]
            : [$"live/{streamKey}"];
    }

    /// <summary>Writes the full URLs once the input and the MediaPackage channel exist.</summary>
    public async Task UpdateAsync(LiveStream stream, string streamKey, Input input, PackageChannel packageChannel, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string> { [StreamKey] = streamKey };
        var destinations = input.Destinations ?? [];
        if (destinations.Count > 0 && destinations[0].Url is { } primary)
        {
            values[PrimaryUrl] = primary;
        }

        if (destinations.Count > 1 && destinations[1].Url is { } backup)
        {
            values[BackupUrl] = backup;
        }

        var ingest = packageChannel.HlsIngest?.IngestEndpoints ?? [];
        for (var i = 0; i < ingest.Count; i++)
        {
            values[$"mediaPackageIngest{i}Url"] = ingest[i].Url;
            values[$"mediaPackageIngest{i}Username"] = ingest[i].Username;
            values[$"mediaPackageIngest{i}Password"] = ingest[i].Password;
        }

        var current = await client.GetAsync<Secret>(ResourceType.Secrets, stream.Metadata.Namespace, NameFor(stream), cancellationToken);
        var wanted = Secret.Encode(values);
        if (current.Data is not null && current.Data.Count == wanted.Count && wanted.All(kv => current.Data.GetValueOrDefault(kv.Key) == kv.Value))
        {
            return;
        }

        await client.UpdateAsync(ResourceType.Secrets, current with { Data = wanted }, cancellationToken);
    }

    /// <summary>The URL shown in status: the ingest endpoint without its key.</summary>
    public static string? WithoutKey(string? url, string streamKey) =>
        url is null ? null : url.Replace("/" + streamKey + "-backup", string.Empty, StringComparison.Ordinal).Replace("/" + streamKey, string.Empty, StringComparison.Ordinal);

    private static Secret Build(LiveStream stream, IReadOnlyDictionary<string, string> values) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Type = Secret.OpaqueType,
        Metadata = OwnerReferences.WithController(
            new ObjectMeta
            {
                Name = NameFor(stream),
                Namespace = stream.Metadata.Namespace,
                Labels = new Dictionary<string, string>
                {
                    ["app.kubernetes.io/managed-by"] = "airwave",
                    ["media.airwave.dev/livestream"] = DnsNames.LabelValue(stream.Metadata.Name!),
                },
            },
            AirwaveResources.LiveStreams,
            stream),
        Data = Secret.Encode(values),
    };
}
