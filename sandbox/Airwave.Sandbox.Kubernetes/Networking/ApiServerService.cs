using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Rest;
using Airwave.Sandbox.Kubernetes.Workloads;

namespace Airwave.Sandbox.Kubernetes.Networking;

/// <summary>
/// The <c>default/kubernetes</c> Service every cluster has: the range's first address, port 443 (named https), with
/// an EndpointSlice and Endpoints naming the API server's own address and port, as kube-apiserver keeps them.
/// </summary>
internal static class ApiServerService
{
    public static void Create(ResourceService service, ServiceRange range, Uri apiServer)
    {
        var labels = new JsonObject { ["component"] = "apiserver", ["provider"] = "kubernetes" };
        service.Create(BuiltInResources.Services, "default", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "kubernetes", ["labels"] = labels.DeepClone() },
            ["spec"] = new JsonObject
            {
                ["clusterIP"] = range.ApiServer.ToString(),
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = 443, ["protocol"] = "TCP", ["targetPort"] = apiServer.Port }),
            },
        }, WriteOptions.Default);
        service.Create(BuiltInResources.EndpointSlices, "default", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "kubernetes", ["labels"] = new JsonObject { [EndpointSliceController.ServiceNameLabel] = "kubernetes" } },
            ["addressType"] = "IPv4",
            ["endpoints"] = new JsonArray(new JsonObject { ["addresses"] = new JsonArray(apiServer.Host), ["conditions"] = new JsonObject { ["ready"] = true } }),
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = apiServer.Port, ["protocol"] = "TCP" }),
        }, WriteOptions.Default);
        service.Create(BuiltInResources.Endpoints, "default", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "kubernetes", ["labels"] = new JsonObject { ["endpointslice.kubernetes.io/skip-mirror"] = "true" } },
            ["subsets"] = new JsonArray(new JsonObject
            {
                ["addresses"] = new JsonArray(new JsonObject { ["ip"] = apiServer.Host }),
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = apiServer.Port, ["protocol"] = "TCP" }),
            }),
        }, WriteOptions.Default);
    }
}
