namespace Airwave.Webhook.Admission.Certificates;

/// <summary>
/// Where the admission port's self-issued certificate is kept and who trusts it (section Webhook:AdmissionIssuer),
/// for installations without cert-manager. Set <see cref="Secret"/> to turn it on.
/// </summary>
public sealed record SelfIssuedCertificateSettings
{
    /// <summary>The Secret holding the authority and the serving certificate; empty: not self-issued.</summary>
    public string Secret { get; init; } = "";

    /// <summary>The namespace of the Secret and the Service (the pod's own).</summary>
    public string Namespace { get; init; } = "";

    /// <summary>The Service the API server calls the admission port through; the certificate is for its DNS names.</summary>
    public string Service { get; init; } = "";

    /// <summary>The ValidatingWebhookConfiguration whose webhooks get the authority as their caBundle.</summary>
    public string WebhookConfiguration { get; init; } = "";

    /// <summary>How long a serving certificate is valid; it is renewed with a third of that left.</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromDays(365);

    public bool IsSet => Secret.Length > 0;

    /// <summary>The names the API server may use for the Service (it uses &lt;service&gt;.&lt;namespace&gt;.svc).</summary>
    public IReadOnlyList<string> DnsNames =>
        [$"{Service}.{Namespace}.svc", Service, $"{Service}.{Namespace}", $"{Service}.{Namespace}.svc.cluster.local"];
}
