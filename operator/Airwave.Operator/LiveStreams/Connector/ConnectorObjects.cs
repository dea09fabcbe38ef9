using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using static Airwave.Operator.Kubernetes.AppliedObject;

namespace Airwave.Operator.LiveStreams.Connector;

/// <summary>
/// The Deployment of a Chime stream's meeting connector: one pod that opens the meeting page and pushes it into the
/// stream's MediaLive input (the ingest Secret's primaryUrl), named connector-&lt;stream&gt; and owned by the stream.
/// </summary>
public static class ConnectorObjects
{
    public const string Container = "connector";

    /// <summary>On the pod's template: a digest of the push URL it reads from the ingest Secret, a change of which restarts it.</summary>
    public const string PushUrlAnnotation = "media.airwave.dev/push-url-digest";

    /// <summary>On the pod's template: the hash of its egress policy, so that a changed policy is applied with the Deployment.</summary>
    public const string EgressPolicyAnnotation = "media.airwave.dev/egress-policy";

    /// <summary>
    /// connector- and the stream's name with dots as dashes, a DNS label (a stream's name may have dots, or start with
    /// a digit); cut short with a hash when too long.
    /// </summary>
    public static string NameFor(LiveStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return DnsNames.WithSuffix("connector-" + stream.Metadata.Name!.Replace('.', '-'), "", DnsNames.MaxLabelLength);
    }

    public static IReadOnlyDictionary<string, string> Selector(LiveStream stream) => AppliedObject.Selector(stream, Container);

    /// <summary>
    /// The meeting page the connector opens: the stream's meeting URL with broadcast=true in its query, which tells a
    /// Chime meeting to show the meeting as a broadcast (no own camera, no prompts).
    /// </summary>
    public static string JoinUrl(string meetingUrl)
    {
        ArgumentNullException.ThrowIfNull(meetingUrl);
        var fragmentAt = meetingUrl.IndexOf('#', StringComparison.Ordinal);
        var (url, fragment) = fragmentAt < 0 ? (meetingUrl, "") : (meetingUrl[..fragmentAt], meetingUrl[fragmentAt..]);
        var queryAt = url.IndexOf('?', StringComparison.Ordinal);
        var query = queryAt < 0 ? "" : url[(queryAt + 1)..];
        if (query.Split('&').Any(p => p.Split('=')[0] == "broadcast"))
        {
            return meetingUrl;
        }

        var separator = queryAt < 0 ? "?" : query.Length == 0 || query.EndsWith('&') ? "" : "&";
        return url + separator + "broadcast=true" + fragment;
    }

    /// <summary>The Deployment as server-side apply takes it: every field the operator owns, and nothing else.</summary>
    /// <remarks>
    /// One pod, replaced rather than rolled (Recreate): two connectors of one stream would push into the same input.
    /// The pod reads its push URL from the stream's ingest Secret when it starts, and with <paramref name="backup"/> the
    /// backup pipeline's too (a Standard channel's input has two), pushing to both; <paramref name="pushUrlDigest"/> in
    /// its template makes a new key (a rotation, a re-made input) restart it. A failed run's last log lines become its
    /// termination message (FallbackToLogsOnError), which the operator reports.
    /// </remarks>
    public static JsonObject Deployment(LiveStream stream, string pushUrlDigest, bool backup, ConnectorOptions connector)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(pushUrlDigest);
        var meetingUrl = stream.Spec.Source.Chime?.MeetingUrl ?? throw new ArgumentException("not a Chime stream", nameof(stream));
        var container = new JsonObject
        {
            ["name"] = Container,
            ["image"] = connector.Image,
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = connector.Port, ["protocol"] = "TCP" }),
            ["env"] = new JsonArray(
                Env("CONNECTOR_MEETING_URL", JoinUrl(meetingUrl)),
                SecretEnv("CONNECTOR_PUSH_URL", IngestSecret.NameFor(stream), IngestSecret.PrimaryUrl),
                Env("AIRWAVE_Connector__Port", connector.Port),
                FieldEnv("AIRWAVE_Connector__BindAddress", "status.podIP"),
                Env("AIRWAVE_Connector__JoinTimeout", connector.JoinTimeout.ToString("c", CultureInfo.InvariantCulture)),

                // The root file system is read-only: the browser's profile, its caches and the sound server's socket go to /tmp.
                Env("HOME", "/tmp"),
                Env("AIRWAVE_Connector__WorkFolder", "/tmp")),
            ["readinessProbe"] = new JsonObject
            {
                ["httpGet"] = new JsonObject { ["path"] = "/readyz", ["port"] = "http" },
                ["periodSeconds"] = 2,
            },
            ["livenessProbe"] = new JsonObject
            {
                ["httpGet"] = new JsonObject { ["path"] = "/healthz", ["port"] = "http" },
                ["periodSeconds"] = 10,
                ["failureThreshold"] = 3,
            },
            ["terminationMessagePolicy"] = "FallbackToLogsOnError",
            ["resources"] = new JsonObject
            {
                ["requests"] = new JsonObject { ["cpu"] = connector.CpuRequest, ["memory"] = connector.MemoryRequest },
                ["limits"] = new JsonObject { ["memory"] = connector.MemoryLimit },
            },
        };

        if (backup)
        {
            // Added as JsonNode: JsonArray.Add of a JsonObject would pick the generic overload, which reflects.
            container["env"]!.AsArray().Add((JsonNode)SecretEnv("CONNECTOR_PUSH_BACKUP_URL", IngestSecret.NameFor(stream), IngestSecret.BackupUrl));
        }

        var annotations = new JsonObject { [PushUrlAnnotation] = pushUrlDigest[..16], [EgressPolicyAnnotation] = HashOf(EgressPolicy(stream, connector)) };
        return For(stream, NameFor(stream), Labels(stream), "apps/v1", "Deployment", new JsonObject
        {
            ["replicas"] = 1,
            ["selector"] = new JsonObject { ["matchLabels"] = Json(Selector(stream)) },
            ["strategy"] = new JsonObject { ["type"] = "Recreate" },
            ["template"] = PodTemplate(Labels(stream), annotations, container),
        });
    }

    /// <summary>
    /// The connector pod's NetworkPolicy, of the Deployment's name: it may resolve names with the cluster's DNS
    /// (kube-dns in kube-system) and reach the internet (the meeting, the stream's ingest), but no address in
    /// <see cref="ConnectorOptions.EgressDenied"/>: not the cluster's pods, services and nodes, nor the cloud's
    /// metadata service, whatever page the meeting URL turns out to load. Ingress is left alone (probes, metrics).
    /// </summary>
    public static JsonObject EgressPolicy(LiveStream stream, ConnectorOptions connector)
    {
        ArgumentNullException.ThrowIfNull(connector);
        return For(stream, NameFor(stream), Labels(stream), "networking.k8s.io/v1", "NetworkPolicy", InternetEgress.Spec(Selector(stream), connector.EgressDenied));
    }

    private static IReadOnlyDictionary<string, string> Labels(LiveStream stream) => AppliedObject.Labels(stream, Container, "airwave-connector");
}
