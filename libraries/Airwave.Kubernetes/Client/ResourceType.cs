namespace Airwave.Kubernetes.Client;

/// <summary>Everything the client needs to address one kind of resource, described once.</summary>
/// <param name="Group">API group; empty for the core group ("" for pods, secrets).</param>
public sealed record ResourceType(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public static readonly ResourceType Pods = new("", "v1", "pods", "Pod", Namespaced: true);
    public static readonly ResourceType Secrets = new("", "v1", "secrets", "Secret", Namespaced: true);
    public static readonly ResourceType Services = new("", "v1", "services", "Service", Namespaced: true);
    public static readonly ResourceType ConfigMaps = new("", "v1", "configmaps", "ConfigMap", Namespaced: true);
    public static readonly ResourceType Deployments = new("apps", "v1", "deployments", "Deployment", Namespaced: true);
    public static readonly ResourceType Jobs = new("batch", "v1", "jobs", "Job", Namespaced: true);
    public static readonly ResourceType NetworkPolicies = new("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", Namespaced: true);
    public static readonly ResourceType Namespaces = new("", "v1", "namespaces", "Namespace", Namespaced: false);
    public static readonly ResourceType RoleBindings = new("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", Namespaced: true);
    public static readonly ResourceType Events = new("", "v1", "events", "Event", Namespaced: true);
    public static readonly ResourceType Leases = new("coordination.k8s.io", "v1", "leases", "Lease", Namespaced: true);
    public static readonly ResourceType ValidatingWebhookConfigurations = new("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration", Namespaced: false);

    /// <summary>The collection path: /api/v1/namespaces/ns/pods or /apis/group/version/plural.</summary>
    public string CollectionPath(string? @namespace)
    {
        var root = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        if (!Namespaced || @namespace is null)
        {
            return $"{root}/{Plural}";
        }

        return $"{root}/namespaces/{Uri.EscapeDataString(@namespace)}/{Plural}";
    }

    public string ObjectPath(string? @namespace, string name, string? subresource = null)
    {
        if (Namespaced && @namespace is null)
        {
            throw new ArgumentException($"{Kind} is namespaced: a namespace is required", nameof(@namespace));
        }

        var path = $"{CollectionPath(@namespace)}/{Uri.EscapeDataString(name)}";
        return subresource is null ? path : $"{path}/{subresource}";
    }
}
