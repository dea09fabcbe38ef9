using System.Globalization;
using Airwave.Aws.Credentials;
using Airwave.Kubernetes.Client;
using Airwave.Sandbox.Aws;
using Airwave.Sandbox.Mux;
using Airwave.Webhook.Configuration;
using Airwave.Webhook.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Airwave.Sandbox;

/// <summary>The webhook service the sandbox runs beside its operator.</summary>
internal static class SandboxWebhook
{
    /// <summary>
    /// The webhook service, as its image runs it, verifying callbacks with the Mux emulator's webhook secret, listed
    /// where the operator finds it (<see cref="SandboxWebhookEndpoints"/>); with <see cref="SandboxOptions.Admission"/>,
    /// also validating the three kinds, registered through <paramref name="client"/>.
    /// </summary>
    public static async Task<(WebApplication Webhook, SandboxAdmission? Admission)> StartAsync(SandboxOptions options, string kubeconfig, AwsEmulator aws, MuxEmulator mux, Uri callbackUrl, int managementPort, KubernetesClient client, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kubernetes:Kubeconfig"] = kubeconfig,
            [WebhookSettings.SecretVariable] = mux.Options.WebhookSecret,
            ["Webhook:BindAddress"] = "127.0.0.1",
            ["Webhook:CallbackPort"] = callbackUrl.Port.ToString(CultureInfo.InvariantCulture),
            ["Webhook:ManagementPort"] = managementPort.ToString(CultureInfo.InvariantCulture),

            // Uploaded playlists are read from the emulated S3 and served on the callback port.
            ["Webhook:PublicUrl"] = new Uri(callbackUrl, "/").ToString(),
            ["Aws:Region"] = aws.Options.Region,
            ["Aws:EndpointUrl"] = aws.BaseAddress.ToString(),

            // Video files past one PUT's 5 GB go to the operator's video bucket in parts.
            ["Webhook:VideoUploads:Bucket"] = aws.Options.VideoBucket,
            ["Webhook:VideoUploads:SignedKeyPrefix"] = aws.Options.SignedVideoKeyPrefix,
            ["Webhook:SignedVideos:PlaybackBaseUrl"] = aws.EdgeAddress(aws.Options.VideoDistributionId).ToString(),

            // App backends start and stop upload streams at /stream/start and /stream/stop, with the operator's role.
            ["Webhook:StreamApi:Enabled"] = "true",
            ["Operator:Upload:RoleArn"] = SandboxHost.UploadRoleArn,
        };

        // Admission refuses the buckets and meeting hosts the operator would: the same settings.
        foreach (var (key, value) in SandboxOperatorSettings.InstallationPolicy(aws))
        {
            settings[key] = value;
        }

        foreach (var (key, value) in options.OperatorSettings.Where(s => s.Key.StartsWith("Operator:ArchiveBucket", StringComparison.Ordinal) || s.Key.StartsWith("Operator:AllowedArchiveBuckets", StringComparison.Ordinal) || s.Key.StartsWith("Operator:Clips:Bucket", StringComparison.Ordinal) || s.Key == "Operator:Upload:RoleArn" || s.Key.StartsWith("Operator:StreamApiKeyNamespaces", StringComparison.Ordinal) || s.Key.StartsWith(SandboxOperatorSettings.AllowedMeetingHosts, StringComparison.Ordinal)))
        {
            settings[key] = value;
        }

        var admission = options.Admission ? SandboxAdmission.Prepare(settings) : null;
        var webhook = WebhookHost.Build(configure: builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton<ICredentialsProvider>(new StaticCredentialsProvider(aws.Options.Credentials));
            SandboxLogging.Readable(builder.Logging);
        });
        await PlaybackSigningKey.InstallAsync(client, aws, cancellationToken);
        await webhook.StartAsync(cancellationToken);
        await SandboxWebhookEndpoints.RegisterAsync(client, managementPort, cancellationToken);
        if (admission is not null)
        {
            await admission.RegisterAsync(client, cancellationToken);
        }

        return (webhook, admission);
    }
}
