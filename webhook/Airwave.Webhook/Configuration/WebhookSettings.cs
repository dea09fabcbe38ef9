using System.Text.Json.Serialization.Metadata;
using Airwave.Configuration;
using Airwave.Webhook.Admission.Certificates;
using Airwave.Webhook.Views;

namespace Airwave.Webhook.Configuration;

/// <summary>How the webhook service listens and what it accepts. The Mux signing secrets come from VIDEO_WEBHOOK_SECRET.</summary>
public sealed record WebhookSettings : ISettingsSection<WebhookSettings>
{
    public static JsonTypeInfo<WebhookSettings> JsonType => WebhookSettingsJson.Default.WebhookSettings;

    /// <summary>One or more Mux webhook signing secrets, separated by spaces: during a rotation, the old and the new.</summary>
    public const string SecretVariable = "VIDEO_WEBHOOK_SECRET";

    /// <summary>The public port: provider callbacks, playback tokens, uploaded playlists, view reports and video uploads in parts.</summary>
    public int CallbackPort { get; init; } = 8080;

    /// <summary>The cluster-internal port: /healthz, /readyz and /metrics.</summary>
    public int ManagementPort { get; init; } = 9090;

    public string BindAddress { get; init; } = "0.0.0.0";

    /// <summary>The admission port (HTTPS), for the API server's validating webhook calls alone.</summary>
    public int AdmissionPort { get; init; } = 9443;

    /// <summary>
    /// The admission port's serving certificate and key, PEM files as a mounted TLS Secret holds them (tls.crt,
    /// tls.key, as cert-manager writes them); read again when they change, so a renewed certificate is served without
    /// a restart. Without them and without <see cref="AdmissionIssuer"/>, the service takes no admission calls.
    /// </summary>
    public string AdmissionCertificateFile { get; init; } = "";

    public string AdmissionKeyFile { get; init; } = "";

    /// <summary>Instead of files, a certificate the service issues and renews itself (where there is no cert-manager).</summary>
    public SelfIssuedCertificateSettings AdmissionIssuer { get; init; } = new();

    /// <summary>
    /// Where Mux's webhooks arrive on the public port. A deployment whose Mux webhook already points at another path
    /// (the status path of an earlier VOD service's action map) sets that path here rather than changing Mux.
    /// </summary>
    public string MuxCallbackPath { get; init; } = Callbacks.MuxCallbackEndpoint.DefaultPath;

    /// <summary>Larger request bodies (callbacks, token requests) are refused with 413; Mux's events are a few kilobytes.</summary>
    public int MaxBodyBytes { get; init; } = 256 * 1024;

    /// <summary>Callbacks accepted per second across all senders; more are refused with 429 (Mux retries them).</summary>
    public int CallbacksPerSecond { get; init; } = 50;

    /// <summary>How far a callback's signed timestamp may be from now.</summary>
    public TimeSpan SignatureTolerance { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many recent event ids are remembered to answer repeats without acting twice.</summary>
    public int RememberedEvents { get; init; } = 10_000;

    /// <summary>
    /// Where viewers reach the public port (https://hooks.example.com): uploaded playlists of S3Upload streams are
    /// served there. Unset: token requests for them are refused with 503.
    /// </summary>
    public Uri? PublicUrl { get; init; }

    /// <summary>
    /// The audience a caller's bearer token for POST /v1/playback-tokens must be issued for (`kubectl create token
    /// --audience`, or a projected token with it). A token for the API server itself is refused, so the service never
    /// receives one it could use against the cluster.
    /// </summary>
    public string PlaybackTokenAudience { get; init; } = "airwave-playback";

    /// <summary>
    /// Uploaded playlists larger than this are not served (413): each is read whole and rewritten, so an app uploading a
    /// huge one cannot make the service hold it. A ten-hour event playlist of two-second segments is about 1 MB.
    /// </summary>
    public int MaxPlaylistBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Requests to the key provider (POST /v1/speke and GET /v1/keys/...) one address may make per second; more are
    /// refused with 429. MediaPackage asks once per endpoint and rotation period, a player once per period and rendition.
    /// </summary>
    public int ContentKeyRequestsPerAddressPerSecond { get; init; } = 50;

    /// <summary>
    /// Playlist requests (GET /v1/uploads/..., /v1/videos/..., /v1/live/...) one address may make per second; more are
    /// refused with 429. A player refreshes a live playlist about once per segment and rendition, so this is room for
    /// many viewers behind one address.
    /// </summary>
    public int PlaylistRequestsPerAddressPerSecond { get; init; } = 50;

    /// <summary>Token requests one caller may make per second; more are refused with 429.</summary>
    public int PlaybackTokensPerCallerPerSecond { get; init; } = 10;

    /// <summary>/stream/start and /stream/stop for app backends; off unless enabled.</summary>
    public StreamApi.StreamApiSettings StreamApi { get; init; } = new();

    /// <summary>Players' view reports (POST /v1/views).</summary>
    public ViewSettings Views { get; init; } = new();

    /// <summary>Uploads in parts to the AWS video bucket (POST /v1/video-uploads/...).</summary>
    public VideoUploads.VideoUploadSettings VideoUploads { get; init; } = new();

    /// <summary>Playing Signed VideoAssets on provider Aws (GET /v1/videos/...).</summary>
    public VideoPlayback.SignedVideoSettings SignedVideos { get; init; } = new();

    /// <summary>The namespaces whose VideoAssets callbacks may concern; empty: every namespace.</summary>
    public IReadOnlyList<string> WatchNamespaces { get; init; } = [];
}
