using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Core;
using Airwave.Sandbox.Aws;
using Airwave.Sandbox.Kubernetes.Hosting;

namespace Airwave.Sandbox;

/// <summary>
/// The webhook service's admission port in the sandbox, set up as a cluster's installation does it: a serving
/// certificate from a CA made up for the run (PEM files, as a mounted TLS Secret holds them), and a
/// ValidatingWebhookConfiguration that sends the three kinds' creates and updates to it, trusting that CA.
/// </summary>
internal sealed class SandboxAdmission : IDisposable
{
    public const string ConfigurationName = "airwave-validation";

    private readonly string _authorityPem;
    private readonly DirectoryInfo _folder;

    private SandboxAdmission(Uri url, string authorityPem, DirectoryInfo folder)
    {
        Url = url;
        _authorityPem = authorityPem;
        _folder = folder;
    }

    public Uri Url { get; }

    /// <summary>Makes the certificate and its files and adds the admission port's settings to <paramref name="settings"/>.</summary>
    public static SandboxAdmission Prepare(IDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var folder = Directory.CreateTempSubdirectory("airwave-sandbox-admission-");
        using var certificates = SandboxCertificates.Create(DateTimeOffset.UtcNow);
        var (certificate, key) = (Path.Combine(folder.FullName, "tls.crt"), Path.Combine(folder.FullName, "tls.key"));
        certificates.WriteServerPem(certificate, key);
        var port = LoopbackPorts.Reserve();
        settings["Webhook:AdmissionPort"] = port.ToString(CultureInfo.InvariantCulture);
        settings["Webhook:AdmissionCertificateFile"] = certificate;
        settings["Webhook:AdmissionKeyFile"] = key;
        return new SandboxAdmission(new Uri($"https://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/validate"), certificates.AuthorityPem, folder);
    }

    /// <summary>Removes the certificate files; call once the webhook service has stopped.</summary>
    public void Dispose() => _folder.Delete(recursive: true);

    /// <summary>Registers the webhook (server-side apply, so a sandbox started again takes its own URL and CA).</summary>
    public async Task RegisterAsync(KubernetesClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var configuration = new JsonObject
        {
            ["apiVersion"] = "admissionregistration.k8s.io/v1",
            ["kind"] = "ValidatingWebhookConfiguration",
            ["metadata"] = new JsonObject { ["name"] = ConfigurationName },
            ["webhooks"] = new JsonArray(new JsonObject
            {
                ["name"] = "validate.media.airwave.dev",
                ["clientConfig"] = new JsonObject
                {
                    ["url"] = Url.ToString(),
                    ["caBundle"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(_authorityPem)),
                },
                ["rules"] = new JsonArray(new JsonObject
                {
                    ["operations"] = new JsonArray("CREATE", "UPDATE"),
                    ["apiGroups"] = new JsonArray("media.airwave.dev"),
                    ["apiVersions"] = new JsonArray("*"),
                    ["resources"] = new JsonArray("livestreams", "videoassets", "archivesplits"),
                    ["scope"] = "Namespaced",
                }),
                ["failurePolicy"] = "Fail",
                ["sideEffects"] = "None",
                ["timeoutSeconds"] = 5,
                ["admissionReviewVersions"] = new JsonArray("v1"),
            }),
        };
        await client.PatchAsync<PartialObjectMetadata>(ResourceType.ValidatingWebhookConfigurations, null, ConfigurationName, KubernetesPatch.Apply(configuration, "airwave-sandbox", force: true), cancellationToken);
    }
}
