using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Airwave.Api.Validation;
using Airwave.Operator.Configuration;
using Airwave.Sandbox.Aws;
using Airwave.Sandbox.Mux;

namespace Airwave.Sandbox;

/// <summary>The operator's settings in the sandbox, the same whether the sandbox runs it or it is run by hand.</summary>
internal static class SandboxOperatorSettings
{
    /// <summary>
    /// What the operator needs to know about the sandbox: where AWS and Mux are, the roles, bucket and distribution it
    /// made up, and the Mux emulator's access token.
    /// </summary>
    public static Dictionary<string, string?> For(SandboxOptions options, OperatorIdentity identity, AwsEmulator aws, MuxEmulator mux) => new(InstallationPolicy(aws))
    {
        ["Aws:Region"] = aws.Options.Region,
        ["Aws:EndpointUrl"] = aws.BaseAddress.ToString(),
        ["Operator:MediaLiveRoleArn"] = SandboxHost.MediaLiveRoleArn,
        ["Operator:Upload:RoleArn"] = SandboxHost.UploadRoleArn,
        ["Operator:Upload:OriginAccessControlId"] = aws.Options.ArchiveOriginAccessControlId,
        ["Operator:LiveDistributionId"] = aws.Options.LiveDistributionId,
        ["Operator:LivePlaybackBaseUrl"] = aws.EdgeAddress(aws.Options.LiveDistributionId).ToString(),
        ["Operator:PlaybackKeyGroupId"] = aws.Options.PlaybackKeyGroupId,
        ["Operator:CdnAuthorization:SecretArn"] = aws.CdnIdentifierSecretArn,
        ["Operator:CdnAuthorization:RoleArn"] = aws.Options.CdnSecretsRoleArn,
        ["Operator:VideoAssets:Aws:Bucket"] = aws.Options.VideoBucket,
        ["Operator:VideoAssets:Aws:SignedKeyPrefix"] = aws.Options.SignedVideoKeyPrefix,
        ["Operator:VideoAssets:Aws:PlaybackBaseUrl"] = aws.EdgeAddress(aws.Options.VideoDistributionId).ToString(),
        ["Operator:ContentKeys:KmsKeyId"] = aws.Options.ContentKeySeedKmsKeyId,
        ["Operator:ResyncInterval"] = options.OperatorResyncInterval.ToString("c", CultureInfo.InvariantCulture),
        ["Operator:PollInterval"] = options.OperatorPollInterval.ToString("c", CultureInfo.InvariantCulture),
        ["LeaderElection:Namespace"] = identity.Namespace,
        ["Mux:ApiUrl"] = mux.BaseAddress.ToString(),
        ["Mux:PlaybackUrlTemplate"] = MuxEmulator.PlaybackUrlTemplate(mux.BaseAddress),
        ["Mux:ThumbnailUrlTemplate"] = MuxEmulator.ThumbnailUrlTemplate(mux.BaseAddress),
        ["Mux:UploadPollInterval"] = options.OperatorPollInterval.ToString("c", CultureInfo.InvariantCulture),
        [MuxSettings.TokenIdVariable] = mux.Options.TokenId,
        [MuxSettings.TokenSecretVariable] = mux.Options.TokenSecret,
    };

    /// <summary>Where the operator and admission read the hosts connectors may open.</summary>
    public const string AllowedMeetingHosts = "Operator:Connector:AllowedMeetingHosts";

    /// <summary>
    /// The installation's limits, which the operator and admission enforce alike: the archive bucket, and the meeting
    /// hosts connectors may open (Chime's and the AWS emulator's stand-in meetings).
    /// </summary>
    public static Dictionary<string, string?> InstallationPolicy(AwsEmulator aws) => new()
    {
        ["Operator:ArchiveBucket"] = SandboxHost.ArchiveBucket,
        [$"{AllowedMeetingHosts}:0"] = MeetingHostPolicy.ChimeMeetingHosts[0],
        [$"{AllowedMeetingHosts}:1"] = aws.Options.Host,
    };

    /// <summary>
    /// The settings given, over those the sandbox chooses before it starts anything: SFU ports, and with an operator
    /// (<paramref name="callbackUrl"/>, where the webhook service will listen) the webhook service's management port to
    /// count viewers at, every second, as often as the operator may, and unless the operator runs in a pod, the webhook
    /// service as MediaPackage's key provider.
    /// </summary>
    public static Dictionary<string, string?> Settled(SandboxOptions options, int webhookManagementPort, Uri? callbackUrl)
    {
        var chosen = SfuPorts();
        if (callbackUrl is not null)
        {
            chosen = [.. chosen, .. SandboxWebhookEndpoints.OperatorSettings(webhookManagementPort, TimeSpan.FromSeconds(1))];
            if (!options.OperatorInPod)
            {
                chosen = [.. chosen, .. SandboxKeyProvider.OperatorSettings(callbackUrl)];
            }
        }

        var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in chosen.Concat(options.OperatorSettings))
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>
    /// Pods run on the machine's network here, so the SFU pods of WebRtc streams listen on ports chosen for this sandbox
    /// (free, outside the ephemeral range) rather than the fixed ones a cluster gives each pod.
    /// </summary>
    private static List<KeyValuePair<string, string?>> SfuPorts() =>
    [
        Reserved("ApiPort"),
        Reserved("ManagementPort"),
        Reserved("TurnPort"),

        // The pods share the machine's loopback, each on an address of its own, but the engine binds 127.0.0.1 alone:
        // each pod picks free ports there for the engine's APIs.
        KeyValuePair.Create("Operator:Sfu:EnginePort", (string?)"0"),
        KeyValuePair.Create("Operator:Sfu:AdminPort", (string?)"0"),
    ];

    private static KeyValuePair<string, string?> Reserved(string port) =>
        KeyValuePair.Create($"Operator:Sfu:{port}", (string?)LoopbackPorts.Reserve().ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// With no built-in operator: the same settings as a `--config` file (next to the kubeconfig), so an operator
    /// build run by hand is wired to this sandbox exactly as the built-in one would be.
    /// </summary>
    public static string WriteConfigFile(SandboxOptions options, string kubeconfig, AwsEmulator aws, MuxEmulator mux)
    {
        var root = new JsonObject();
        var settings = For(options, new OperatorIdentity(kubeconfig, "default"), aws, mux);
        foreach (var (key, value) in options.OperatorSettings)
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            var parts = key.Split(':');
            var node = root;
            foreach (var part in parts[..^1])
            {
                node = (JsonObject)(node[part] ??= new JsonObject());
            }

            node[parts[^1]] = value;
        }

        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(kubeconfig))!, Path.GetFileNameWithoutExtension(kubeconfig) + ".operator.json");
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return path;
    }
}
