using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Resources;

/// <summary>The built-in resources the operator and its users need, with the real server's names and scopes.</summary>
internal static class BuiltInResources
{
    public static readonly ResourceType Namespaces = new("", "v1", "Namespace", "namespaces", "namespace", Namespaced: false) { ShortNames = ["ns"], HasStatus = true };

    public static readonly ResourceType CustomResourceDefinitions = new("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", "customresourcedefinition", Namespaced: false)
    {
        ShortNames = ["crd", "crds"],
        Categories = ["api-extensions"],
        HasStatus = true,
        TracksGeneration = true,
    };

    public static readonly ResourceType Nodes = new("", "v1", "Node", "nodes", "node", Namespaced: false) { ShortNames = ["no"], HasStatus = true };

    public static readonly ResourceType Leases = new("coordination.k8s.io", "v1", "Lease", "leases", "lease", Namespaced: true);

    public static readonly ResourceType Events = new("", "v1", "Event", "events", "event", Namespaced: true) { ShortNames = ["ev"] };

    public static readonly ResourceType ServiceAccounts = new("", "v1", "ServiceAccount", "serviceaccounts", "serviceaccount", Namespaced: true) { ShortNames = ["sa"] };

    public static readonly ResourceType Roles = new("rbac.authorization.k8s.io", "v1", "Role", "roles", "role", Namespaced: true);

    public static readonly ResourceType RoleBindings = new("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", "rolebinding", Namespaced: true);

    public static readonly ResourceType ClusterRoles = new("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", "clusterrole", Namespaced: false);

    public static readonly ResourceType ClusterRoleBindings = new("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", "clusterrolebinding", Namespaced: false);

    public static readonly ResourceType Secrets = new("", "v1", "Secret", "secrets", "secret", Namespaced: true);

    public static readonly ResourceType ConfigMaps = new("", "v1", "ConfigMap", "configmaps", "configmap", Namespaced: true) { ShortNames = ["cm"] };

    public static readonly ResourceType Deployments = new("apps", "v1", "Deployment", "deployments", "deployment", Namespaced: true) { ShortNames = ["deploy"], Categories = ["all"], HasStatus = true, TracksGeneration = true, Subresources = Subresource.Scale };

    public static readonly ResourceType ReplicationControllers = new("", "v1", "ReplicationController", "replicationcontrollers", "replicationcontroller", Namespaced: true) { ShortNames = ["rc"], Categories = ["all"], HasStatus = true, TracksGeneration = true, Subresources = Subresource.Scale };

    public static readonly ResourceType DaemonSets = new("apps", "v1", "DaemonSet", "daemonsets", "daemonset", Namespaced: true) { ShortNames = ["ds"], Categories = ["all"], HasStatus = true, TracksGeneration = true };

    public static readonly ResourceType StatefulSets = new("apps", "v1", "StatefulSet", "statefulsets", "statefulset", Namespaced: true) { ShortNames = ["sts"], Categories = ["all"], HasStatus = true, TracksGeneration = true, Subresources = Subresource.Scale };

    public static readonly ResourceType CronJobs = new("batch", "v1", "CronJob", "cronjobs", "cronjob", Namespaced: true) { ShortNames = ["cj"], Categories = ["all"], HasStatus = true, TracksGeneration = true };

    public static readonly ResourceType ReplicaSets = new("apps", "v1", "ReplicaSet", "replicasets", "replicaset", Namespaced: true) { ShortNames = ["rs"], Categories = ["all"], HasStatus = true, TracksGeneration = true, Subresources = Subresource.Scale };

    public static readonly ResourceType Jobs = new("batch", "v1", "Job", "jobs", "job", Namespaced: true) { Categories = ["all"], HasStatus = true, TracksGeneration = true };

    public static readonly ResourceType Pods = new("", "v1", "Pod", "pods", "pod", Namespaced: true) { ShortNames = ["po"], Categories = ["all"], HasStatus = true, Subresources = Subresource.OfPods };

    public static readonly ResourceType Services = new("", "v1", "Service", "services", "service", Namespaced: true) { ShortNames = ["svc"], Categories = ["all"], HasStatus = true };

    public static readonly ResourceType Endpoints = new("", "v1", "Endpoints", "endpoints", "endpoints", Namespaced: true) { ShortNames = ["ep"] };

    public static readonly ResourceType EndpointSlices = new("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", "endpointslice", Namespaced: true);

    public static readonly ResourceType PodDisruptionBudgets = new("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", "poddisruptionbudget", Namespaced: true) { ShortNames = ["pdb"], HasStatus = true, TracksGeneration = true };

    public static readonly ResourceType ValidatingAdmissionPolicies = new("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicy", "validatingadmissionpolicies", "validatingadmissionpolicy", Namespaced: false)
    {
        Categories = ["api-extensions"],
        HasStatus = true,
        TracksGeneration = true,
    };

    public static readonly ResourceType ValidatingAdmissionPolicyBindings = new("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicyBinding", "validatingadmissionpolicybindings", "validatingadmissionpolicybinding", Namespaced: false)
    {
        Categories = ["api-extensions"],
        TracksGeneration = true,
    };

    public static readonly ResourceType ApiServices = new("apiregistration.k8s.io", "v1", "APIService", "apiservices", "apiservice", Namespaced: false) { Categories = ["api-extensions"], HasStatus = true };

    public static IReadOnlyList<ResourceType> All { get; } =
    [
        Namespaces,
        Pods,
        Services,
        Endpoints,
        Secrets,
        ConfigMaps,
        Events,
        ServiceAccounts,
        Deployments,
        ReplicaSets,
        ReplicationControllers,
        DaemonSets,
        StatefulSets,
        Jobs,
        CronJobs,
        Leases,
        Nodes,
        PodDisruptionBudgets,
        EndpointSlices,
        new("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", "networkpolicy", Namespaced: true) { ShortNames = ["netpol"], TracksGeneration = true },
        new("events.k8s.io", "v1", "Event", "events", "event", Namespaced: true)
        {
            ShortNames = ["ev"],
            Conversion = EventConversion.Instance,
            StoredWith = new StorageKey(string.Empty, "events"),
        },
        CustomResourceDefinitions,
        Roles,
        RoleBindings,
        ClusterRoles,
        ClusterRoleBindings,
        new("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", "validatingwebhookconfiguration", Namespaced: false) { Categories = ["api-extensions"], TracksGeneration = true },
        new("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", "mutatingwebhookconfiguration", Namespaced: false) { Categories = ["api-extensions"], TracksGeneration = true },
        ValidatingAdmissionPolicies,
        ValidatingAdmissionPolicyBindings,
        ApiServices,
        new("authentication.k8s.io", "v1", "TokenReview", "tokenreviews", "tokenreview", Namespaced: false) { ServedVerbs = ["create"] },
        new("authorization.k8s.io", "v1", "SubjectAccessReview", "subjectaccessreviews", "subjectaccessreview", Namespaced: false) { ServedVerbs = ["create"] },
        new("authorization.k8s.io", "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews", "selfsubjectaccessreview", Namespaced: false) { ServedVerbs = ["create"] },
    ];
}
