using Airwave.Api.Common;
using Airwave.CrdGeneration;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Core;

namespace Airwave.Sandbox;

/// <summary>Installs the Airwave CRDs with server-side apply, as `kubectl apply --server-side -f crds/` would.</summary>
internal static class CrdInstaller
{
    private static readonly ResourceType Crds = new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", Namespaced: false);

    public static async Task InstallAsync(KubernetesClient client, CancellationToken cancellationToken)
    {
        foreach (var kind in ApiKinds.All)
        {
            var crd = CrdGenerator.Generate(kind);
            var name = crd["metadata"]!["name"]!.GetValue<string>();
            await client.PatchAsync<PartialObjectMetadata>(Crds, null, name, KubernetesPatch.Apply(crd, "airwave-sandbox", force: true), cancellationToken);
        }
    }
}
