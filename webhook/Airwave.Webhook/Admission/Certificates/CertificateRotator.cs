using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Airwave.Configuration;
using Airwave.Kubernetes.AdmissionRegistration;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Airwave.Webhook.Admission.Certificates;

/// <summary>
/// Issues and renews the admission port's certificate where no cert-manager does: keeps a certificate authority and
/// a serving certificate for the Service's names in a Secret the chart makes empty (this service may read and update
/// that one Secret, and create none), puts the authority into the configuration's caBundle (the only part of it the
/// chart's admission policy lets this service change), and serves what the Secret holds. Every
/// replica runs one; they agree through the Secret's resourceVersion (the first write wins, the others read it back),
/// and check again every twentieth of the lifetime (at most hourly), so a renewal one replica wrote is served by all
/// well before the old certificate expires.
/// </summary>
public sealed partial class CertificateRotator(
    KubernetesClient client,
    SelfIssuedCertificateSettings settings,
    TimeProvider time,
    ILogger<CertificateRotator> logger) : BackgroundService, IServingCertificate
{
    private static readonly ExponentialBackoff Retry = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), Jitter: 0.2);

    private volatile X509Certificate2? _serving;

    public X509Certificate2? Current() => _serving;

    private TimeSpan CheckInterval => TimeSpan.FromTicks(Math.Clamp(settings.Lifetime.Ticks / 20, TimeSpan.TicksPerSecond, TimeSpan.TicksPerHour));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            bool settled;
            try
            {
                settled = await RotateAsync(stoppingToken);
            }
            catch (Exception e) when (e is KubernetesApiException or HttpRequestException or OperationCanceledException && !stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, e.Message);
                settled = false;
            }

            failures = settled ? 0 : failures + 1;
            await Task.Delay(settled ? CheckInterval : Retry.Delay(failures - 1), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>One pass; false when it must be tried again soon (another replica wrote first, or something is missing).</summary>
    private async Task<bool> RotateAsync(CancellationToken cancellationToken)
    {
        if (await client.TryGetAsync<ValidatingWebhookConfiguration>(ResourceType.ValidatingWebhookConfigurations, null, settings.WebhookConfiguration, cancellationToken) is not { } configuration)
        {
            LogNoConfiguration(logger, settings.WebhookConfiguration);
            return false;
        }

        if (await client.Api.CoreV1.ReadNamespacedSecretAsync(settings.Secret, settings.Namespace, cancellationToken: cancellationToken).OrNull() is not { } secret)
        {
            LogNoSecret(logger, settings.Namespace, settings.Secret);
            return false;
        }

        var stored = IssuedCertificates.From(secret);
        var current = stored.Renewed(time.GetUtcNow(), settings.DnsNames, settings.Lifetime, $"airwave-admission-ca.{settings.Namespace}", out var reason);
        if (reason is not null)
        {
            if (!await StoreAsync(secret, current, cancellationToken))
            {
                return false;
            }

            LogIssued(logger, settings.Namespace, settings.Secret, current.Serving!.NotAfter, reason);
        }

        // Served (and so ready) once the API server trusts it, so a ready pod is one admission calls succeed on.
        if (!await TrustAsync(configuration, current.TrustedPem, cancellationToken))
        {
            return false;
        }

        _serving = current.Serving;
        return true;
    }

    private async Task<bool> StoreAsync(V1Secret existing, IssuedCertificates issued, CancellationToken cancellationToken)
    {
        try
        {
            // Conditional on the resourceVersion read.
            existing.Data = issued.ToData();
            await client.Api.CoreV1.ReplaceNamespacedSecretAsync(existing, settings.Secret, settings.Namespace, cancellationToken: cancellationToken);
            return true;
        }
        catch (ConflictException)
        {
            // Another replica wrote first: the next pass reads and serves what it stored.
            return false;
        }
    }

    /// <summary>Sets every webhook's caBundle of the configuration to the trusted authorities.</summary>
    private async Task<bool> TrustAsync(ValidatingWebhookConfiguration configuration, string trustedPem, CancellationToken cancellationToken)
    {
        var bundle = Convert.ToBase64String(Encoding.UTF8.GetBytes(trustedPem));
        var changed = false;
        foreach (var webhook in configuration.Webhooks ?? [])
        {
            var clientConfig = webhook["clientConfig"] as JsonObject ?? [];
            if ((string?)clientConfig["caBundle"] != bundle)
            {
                clientConfig["caBundle"] = bundle;
                webhook["clientConfig"] = clientConfig;
                changed = true;
            }
        }

        if (!changed)
        {
            return true;
        }

        try
        {
            await client.UpdateAsync(ResourceType.ValidatingWebhookConfigurations, configuration, cancellationToken);
            LogTrusted(logger, settings.WebhookConfiguration);
            return true;
        }
        catch (ConflictException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Issued the admission certificate in Secret {Namespace}/{Name}, valid until {NotAfter:u}: {Reason}")]
    private static partial void LogIssued(ILogger logger, string @namespace, string name, DateTime notAfter, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Set the caBundle of ValidatingWebhookConfiguration {Name} to the admission certificate's authority")]
    private static partial void LogTrusted(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ValidatingWebhookConfiguration {Name} does not exist: no admission certificate is issued until it does (is the chart's webhook.admission enabled?)")]
    private static partial void LogNoConfiguration(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Secret {Namespace}/{Name} does not exist: no admission certificate is kept until it does (the chart makes it with webhook.admission.certificate.provider self)")]
    private static partial void LogNoSecret(ILogger logger, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the admission certificate, trying again: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
