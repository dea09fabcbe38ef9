using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Rest;
using Airwave.Sandbox.Kubernetes.Storage;
using Airwave.Sandbox.Kubernetes.Watch;

namespace Airwave.Sandbox.Kubernetes.Authentication;

/// <summary>
/// The service-account controller and the root CA publisher: every namespace has a "default" ServiceAccount, which
/// pods run as unless they name another, and the kube-root-ca.crt ConfigMap with the CA that signed the API
/// server's certificate, which the kube-api-access volume mounts as ca.crt. Either is recreated when deleted.
/// </summary>
internal sealed class NamespaceDefaults(ResourceService service, string certificateAuthorityPem)
{
    public const string ServiceAccount = "default";
    public const string RootCertificateConfigMap = "kube-root-ca.crt";

    public async Task RunAsync(CancellationToken ct)
    {
        using var subscription = service.Store.Watch(WatchFilter.Everything, null);

        // The namespaces made before this started (default, kube-system, ...) are not in the watch.
        foreach (var existing in service.Store.List(BuiltInResources.Namespaces.StorageKey, null).Items)
        {
            Ensure(existing.Key.Name);
        }

        await foreach (var change in subscription.Events.ReadAllAsync(ct))
        {
            // Ensure looks the namespace up, so a deleted or terminating one gets nothing.
            var obj = change.Object;
            var ns = obj.Storage == BuiltInResources.Namespaces.StorageKey ? obj.Key.Name
                : change.Type == WatchEventType.Deleted && IsDefault(obj) ? obj.Key.Namespace
                : null;
            if (ns is not null)
            {
                Ensure(ns);
            }
        }
    }

    private static bool IsDefault(StoredObject obj) =>
        (obj.Storage == BuiltInResources.ServiceAccounts.StorageKey && obj.Key.Name == ServiceAccount)
        || (obj.Storage == BuiltInResources.ConfigMaps.StorageKey && obj.Key.Name == RootCertificateConfigMap);

    private void Ensure(string ns)
    {
        var namespaceObject = service.Store.Get(BuiltInResources.Namespaces.StorageKey, new ObjectKey(string.Empty, ns));
        if (namespaceObject is null || namespaceObject.IsDeleting)
        {
            return;
        }

        CreateMissing(BuiltInResources.ServiceAccounts, ns, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ServiceAccount } });
        CreateMissing(BuiltInResources.ConfigMaps, ns, new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = RootCertificateConfigMap,
                ["annotations"] = new JsonObject { ["kubernetes.io/description"] = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters." },
            },
            ["data"] = new JsonObject { ["ca.crt"] = certificateAuthorityPem },
        });
    }

    private void CreateMissing(ResourceType type, string ns, JsonObject obj)
    {
        if (service.Store.Get(type.StorageKey, new ObjectKey(ns, (string)obj["metadata"]!["name"]!)) is not null)
        {
            return;
        }

        try
        {
            service.Create(type, ns, obj, WriteOptions.Default);
        }
        catch (ApiException)
        {
            // Created meanwhile, or the namespace began terminating.
        }
    }
}
