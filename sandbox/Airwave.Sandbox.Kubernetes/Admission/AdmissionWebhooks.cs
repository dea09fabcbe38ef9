using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Networking;
using Airwave.Sandbox.Kubernetes.Patching;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Admission;

/// <summary>
/// Calls the admission webhooks that stored Mutating- and ValidatingWebhookConfigurations register, as kube-apiserver
/// does: mutating webhooks first, each one's JSON patch applied before the next is asked, then the API server's own
/// validation, then validating webhooks. Each matching webhook (rules, namespace and object selectors) gets an
/// AdmissionReview v1 over HTTPS trusting its caBundle; a refusal becomes the client's error, warnings its Warning
/// headers; a webhook that cannot be reached or answers nonsense fails the request unless its failurePolicy is
/// Ignore. A dry run reaches only webhooks without side effects. A service client config is reached through the
/// Service's endpoints (<see cref="ServiceHttpClients"/>), its certificate checked for &lt;service&gt;.&lt;namespace&gt;.svc.
/// matchPolicy Equivalent (the default) sends a request for one version of a resource to a webhook whose rules name
/// another, converted to it; reinvocationPolicy IfNeeded asks a mutating webhook again when a later one changed the
/// object.
/// </summary>
internal sealed class AdmissionWebhooks(ObjectStore store, ResourceRegistry registry, ServiceHttpClients clients)
{
    private static readonly StorageKey Mutating = new("admissionregistration.k8s.io", "mutatingwebhookconfigurations");
    private static readonly StorageKey Validating = new("admissionregistration.k8s.io", "validatingwebhookconfigurations");

    // Every write reads the configurations: each stored version (an immutable object) is parsed once.
    private readonly ConditionalWeakTable<StoredObject, IReadOnlyList<WebhookRegistration>> _registrations = new();

    /// <summary>
    /// The object as the mutating webhooks leave it, and their warnings; or throws the refusal or failure the client
    /// gets. A webhook with reinvocationPolicy IfNeeded is asked once more when a later one changed the object.
    /// </summary>
    /// <param name="operation">CREATE or UPDATE.</param>
    public (JsonObject Object, IReadOnlyList<string> Warnings) Mutate(string operation, ResourceType type, string? subresource, string? ns, string name, JsonObject obj, JsonObject? old, bool dryRun)
    {
        var warnings = new List<string>();
        var changes = 0;
        var seen = new Dictionary<WebhookRegistration, int>();
        void Round(Func<WebhookRegistration, bool> which)
        {
            foreach (var (webhook, presented, response) in Ask(Mutating, operation, type, subresource, ns, name, () => obj, old, dryRun, warnings, which))
            {
                if (Patched(webhook, response, Converted(obj, type, presented), presented) is { } patched)
                {
                    obj = Converted(patched, presented, type);
                    changes++;
                }

                seen[webhook] = changes;
            }
        }

        Round(_ => true);
        var again = seen.Where(s => s.Key.ReinvokeIfNeeded && s.Value < changes).Select(s => s.Key).ToHashSet();
        if (again.Count > 0)
        {
            Round(again.Contains);
        }

        return (obj, warnings);
    }

    /// <summary>The object with the webhook's patch applied, or null when it answered none.</summary>
    private static JsonObject? Patched(WebhookRegistration webhook, JsonObject response, JsonObject obj, ResourceType type)
    {
        if ((string?)response["patch"] is not { Length: > 0 } patch)
        {
            return null;
        }

        try
        {
            if ((string?)response["patchType"] != "JSONPatch")
            {
                throw new FormatException($"the webhook answered a patch of type {(string?)response["patchType"] ?? "(none)"}; only JSONPatch is defined");
            }

            var patched = PatchDispatcher.Apply(type, obj, PatchContentTypes.JsonPatch, Encoding.UTF8.GetString(Convert.FromBase64String(patch)));
            return JsonNode.DeepEquals(patched, obj) ? null : patched;
        }
        catch (Exception e) when (e is FormatException or ApiException or System.Text.Json.JsonException)
        {
            // A patch that cannot be used is the webhook failing, which its failurePolicy decides.
            return webhook.FailOpen ? null : throw Failure(webhook, $"its patch cannot be applied: {e.Message}");
        }
    }

    /// <summary>Returns the webhooks' warnings, or throws the refusal or failure the client gets.</summary>
    /// <param name="operation">CREATE, UPDATE or DELETE.</param>
    public IReadOnlyList<string> Validate(string operation, ResourceType type, string? subresource, string? ns, string name, JsonObject? obj, JsonObject? old, bool dryRun)
    {
        var warnings = new List<string>();
        foreach (var _ in Ask(Validating, operation, type, subresource, ns, name, () => obj, old, dryRun, warnings, _ => true))
        {
            // Allowed: nothing to do but gather the warnings.
        }

        return warnings;
    }

    /// <summary>
    /// Each matching webhook (of those <paramref name="which"/> picks) of the configurations in
    /// <paramref name="configurations"/> asked in turn about the object <paramref name="current"/> returns when asked
    /// (so a mutation is seen by the next webhook), presented as the resource its rules matched; yields the allowed
    /// answers, throws a refusal.
    /// </summary>
    private IEnumerable<(WebhookRegistration Webhook, ResourceType Presented, JsonObject Response)> Ask(
        StorageKey configurations, string operation, ResourceType type, string? subresource, string? ns, string name, Func<JsonObject?> current, JsonObject? old, bool dryRun, List<string> warnings, Func<WebhookRegistration, bool> which)
    {
        if (type.Group == "admissionregistration.k8s.io")
        {
            // As in Kubernetes: webhooks are never called for webhook configurations, so one cannot lock itself in.
            yield break;
        }

        foreach (var configuration in store.List(configurations, null).Items.OrderBy(c => c.Key.Name, StringComparer.Ordinal))
        {
            foreach (var webhook in _registrations.GetValue(configuration, stored => [.. WebhookRegistration.From(stored.ToJson())]))
            {
                var obj = current();
                if (!which(webhook) || webhook.Url is null || Presented(webhook, operation, type, subresource) is not { } presented || !AdmissionSelectors.Match(store, webhook.NamespaceSelector, webhook.ObjectSelector, type, ns, obj, old))
                {
                    continue;
                }

                if (dryRun && !webhook.SupportsDryRun)
                {
                    throw ApiErrors.BadRequest($"admission webhook \"{webhook.Name}\" does not support dry run");
                }

                var review = Request(operation, presented, type, subresource, ns, name, obj is null ? null : Converted(obj, type, presented), old is null ? null : Converted(old, type, presented), dryRun);
                var response = Call(webhook, review);
                if (response is null)
                {
                    continue;
                }

                warnings.AddRange((response["warnings"] as JsonArray ?? []).Select(w => (string?)w ?? "").Where(w => w.Length > 0));
                if ((bool?)response["allowed"] != true)
                {
                    throw Denial(webhook.Name, response["status"] as JsonObject);
                }

                yield return (webhook, presented, response);
            }
        }
    }

    /// <summary>
    /// The resource the webhook is sent the request as: the requested one when its rules name it, or with matchPolicy
    /// Equivalent another version of it (or a resource sharing its storage, as events.k8s.io Events share core
    /// Events') that they name; null when it is not called.
    /// </summary>
    private ResourceType? Presented(WebhookRegistration webhook, string operation, ResourceType type, string? subresource)
    {
        if (webhook.Rules.Any(r => r.Matches(operation, type, subresource)))
        {
            return type;
        }

        return webhook.MatchEquivalent
            ? registry.All.FirstOrDefault(t => t != type && t.StorageKey == type.StorageKey && webhook.Rules.Any(r => r.Matches(operation, t, subresource)))
            : null;
    }

    /// <summary>The object as the other resource serves it (through their shared storage).</summary>
    private static JsonObject Converted(JsonObject obj, ResourceType from, ResourceType to)
    {
        if (from == to)
        {
            return obj;
        }

        var stored = from.Conversion?.ToStorage(obj) ?? obj.DeepClone().AsObject();
        var served = to.Conversion?.ToServed(stored) ?? stored;
        served["apiVersion"] = to.GroupVersion;
        served["kind"] = to.Kind;
        return served;
    }

    /// <summary>The webhook's response, or null when it failed and its failurePolicy is Ignore.</summary>
    private JsonObject? Call(WebhookRegistration webhook, JsonObject review)
    {
        var url = new UriBuilder(webhook.Url!) { Query = $"timeout={(int)webhook.Timeout.TotalSeconds}s" }.Uri;
        try
        {
            if (!webhook.SpeaksV1)
            {
                throw new InvalidOperationException("it accepts no admissionReviewVersions this API server sends (v1)");
            }

            using var timeout = new CancellationTokenSource(webhook.Timeout);
            using var answer = clients.For(webhook.CaBundle).PostAsJsonAsync(url, review, timeout.Token).GetAwaiter().GetResult();
            if (!answer.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"the server responded with {(int)answer.StatusCode}");
            }

            var body = answer.Content.ReadFromJsonAsync<JsonObject>(timeout.Token).GetAwaiter().GetResult();
            return body?["response"] as JsonObject
                ?? throw new InvalidOperationException("the response held no AdmissionReview response");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException or System.Text.Json.JsonException)
        {
            if (webhook.FailOpen)
            {
                return null;
            }

            var reason = e is OperationCanceledException ? "context deadline exceeded" : e.Message;
            throw Failure(webhook, $"failed to call webhook: Post \"{url}\": {reason}");
        }
    }

    private static ApiException Failure(WebhookRegistration webhook, string reason) =>
        new(500, "InternalError", $"Internal error occurred: failed calling webhook \"{webhook.Name}\": {reason}");

    private static JsonObject Request(string operation, ResourceType type, ResourceType requested, string? subresource, string? ns, string name, JsonObject? obj, JsonObject? old, bool dryRun)
    {
        static JsonObject Kind(ResourceType t) => new() { ["group"] = t.Group, ["version"] = t.Version, ["kind"] = t.Kind };
        static JsonObject Resource(ResourceType t) => new() { ["group"] = t.Group, ["version"] = t.Version, ["resource"] = t.Plural };
        var request = new JsonObject
        {
            ["uid"] = Guid.NewGuid().ToString(),
            ["kind"] = Kind(type),
            ["resource"] = Resource(type),
            ["requestKind"] = Kind(requested),
            ["requestResource"] = Resource(requested),
            ["name"] = name,
            ["operation"] = operation,
            ["userInfo"] = new JsonObject(),
            ["object"] = obj?.DeepClone(),
            ["oldObject"] = old?.DeepClone(),
            ["dryRun"] = dryRun,
        };
        if (subresource is not null)
        {
            request["subResource"] = subresource;
        }

        if (ns is not null)
        {
            request["namespace"] = ns;
        }

        return new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["request"] = request };
    }

    /// <summary>The client's error for a refusal, worded as kube-apiserver words it.</summary>
    private static ApiException Denial(string webhook, JsonObject? status)
    {
        var message = (string?)status?["message"];
        var reason = (string?)status?["reason"];
        var deniedBy = $"admission webhook \"{webhook}\" denied the request";
        var text = message is { Length: > 0 } ? $"{deniedBy}: {message}" : reason is { Length: > 0 } ? $"{deniedBy}: {reason}" : $"{deniedBy} without explanation";
        var details = status?["details"] is JsonObject d
            ? new StatusDetails(
                (string?)d["name"],
                (string?)d["group"],
                (string?)d["kind"],
                [.. (d["causes"] as JsonArray ?? []).OfType<JsonObject>().Select(c => new StatusCause((string?)c["reason"] ?? "", (string?)c["message"] ?? "", (string?)c["field"] ?? ""))])
            : null;
        return new ApiException((int?)status?["code"] is { } code and > 0 ? code : 400, reason ?? "BadRequest", text, details);
    }
}
