using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Selectors;

namespace Airwave.Sandbox.Kubernetes.Admission;

/// <summary>One entry of a webhook configuration's webhooks, with the API server's defaults applied.</summary>
/// <param name="Url">Where it is called: the url client config, or for a service client config
/// https://&lt;service&gt;.&lt;namespace&gt;.svc:&lt;port&gt;&lt;path&gt;, the name its certificate must carry.</param>
internal sealed record WebhookRegistration(
    string Name,
    Uri? Url,
    string? CaBundle,
    IReadOnlyList<WebhookRule> Rules,
    bool FailOpen,
    LabelSelector NamespaceSelector,
    LabelSelector ObjectSelector,
    string SideEffects,
    TimeSpan Timeout,
    bool SpeaksV1,
    bool MatchEquivalent,
    bool ReinvokeIfNeeded)
{
    /// <summary>Safe to call for a dry run: the webhook says it changes nothing else.</summary>
    public bool SupportsDryRun => SideEffects is "None" or "NoneOnDryRun";

    public static IEnumerable<WebhookRegistration> From(JsonObject configuration)
    {
        foreach (var webhook in (configuration["webhooks"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var client = webhook["clientConfig"] as JsonObject ?? [];
            yield return new WebhookRegistration(
                (string?)webhook["name"] ?? "",
                ClientUrl(client),
                (string?)client["caBundle"],
                [.. (webhook["rules"] as JsonArray ?? []).OfType<JsonObject>().Select(WebhookRule.From)],
                (string?)webhook["failurePolicy"] == "Ignore",
                AdmissionSelectors.Selector(webhook["namespaceSelector"] as JsonObject),
                AdmissionSelectors.Selector(webhook["objectSelector"] as JsonObject),
                (string?)webhook["sideEffects"] ?? "Unknown",
                TimeSpan.FromSeconds((int?)webhook["timeoutSeconds"] ?? 10),
                (webhook["admissionReviewVersions"] as JsonArray ?? []).Any(v => (string?)v == "v1"),
                (string?)webhook["matchPolicy"] != "Exact",
                (string?)webhook["reinvocationPolicy"] == "IfNeeded");
        }
    }

    private static Uri? ClientUrl(JsonObject client)
    {
        if ((string?)client["url"] is { } url)
        {
            return new Uri(url);
        }

        if (client["service"] is not JsonObject service)
        {
            return null;
        }

        var port = (int?)service["port"] ?? 443;
        return new Uri($"https://{(string?)service["name"]}.{(string?)service["namespace"]}.svc:{port.ToString(CultureInfo.InvariantCulture)}{(string?)service["path"] ?? "/"}");
    }
}
