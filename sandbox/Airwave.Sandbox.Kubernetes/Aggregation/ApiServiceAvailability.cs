using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Sandbox.Kubernetes.Admission;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Networking;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Rest;
using Airwave.Sandbox.Kubernetes.Storage;
using Airwave.Sandbox.Kubernetes.Watch;

namespace Airwave.Sandbox.Kubernetes.Aggregation;

/// <summary>
/// kube-aggregator's availability controller: an APIService that names a Service is Available once that Service
/// exists, listens on the port, has a ready endpoint, and answers its discovery (GET /apis/GROUP/VERSION, as the
/// front proxy, within 5 s) with a 2xx; otherwise Available is False with the reason — ServiceNotFound,
/// ServicePortError, MissingEndpoints or FailedDiscoveryCheck — in kube-aggregator's words. Looked at again on every
/// change of APIServices, Services and EndpointSlices, and every few seconds.
/// </summary>
internal sealed class ApiServiceAvailability(ResourceService service, AggregatedApis apis, ServiceHttpClients clients, FrontProxyCertificates frontProxy, TimeProvider time)
{
    private static readonly TimeSpan Resync = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);
    private static readonly StorageKey EndpointSlices = new("discovery.k8s.io", "endpointslices");

    private readonly ServiceEndpoints _endpoints = new(service.Store);

    public async Task RunAsync(CancellationToken ct)
    {
        using var subscription = service.Store.Watch(WatchFilter.Everything, service.Store.ResourceVersion);
        while (!ct.IsCancellationRequested)
        {
            foreach (var api in apis.All())
            {
                await CheckAsync(api, ct);
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(Resync);
            try
            {
                while (!Concerns((await subscription.Events.ReadAsync(wait.Token)).Object.Storage))
                {
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // Nothing concerning changed for a while: look again anyway, a server may have come up or gone.
            }
        }
    }

    private static bool Concerns(StorageKey changed) =>
        changed == BuiltInResources.ApiServices.StorageKey || changed == BuiltInResources.Services.StorageKey || changed == EndpointSlices;

    private async Task CheckAsync(AggregatedApiService api, CancellationToken ct)
    {
        var (available, reason, message) = await ProbeAsync(api, ct);
        if (service.Store.Get(BuiltInResources.ApiServices.StorageKey, new ObjectKey(string.Empty, api.Name)) is not { } stored)
        {
            return;
        }

        try
        {
            StatusWrites.Write(service, stored, new JsonObject
            {
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Available",
                    ["status"] = available ? "True" : "False",
                    ["lastTransitionTime"] = KubernetesTimeConverter.ToText(time.GetUtcNow()),
                    ["reason"] = reason,
                    ["message"] = message,
                }),
            });
        }
        catch (ApiException)
        {
            // Deleted meanwhile.
        }
    }

    private async Task<(bool Available, string Reason, string Message)> ProbeAsync(AggregatedApiService api, CancellationToken ct)
    {
        var backing = service.Store.Get(BuiltInResources.Services.StorageKey, new ObjectKey(api.ServiceNamespace, api.ServiceName))?.ToJson();
        if (backing is null)
        {
            apis.Forget(api.Name);
            return (false, "ServiceNotFound", $"service/{api.ServiceName} in \"{api.ServiceNamespace}\" is not present");
        }

        if (!(backing["spec"]?["ports"] as JsonArray ?? []).Any(p => (int?)p?["port"] == api.Port))
        {
            return (false, "ServicePortError", $"service/{api.ServiceName} in \"{api.ServiceNamespace}\" is not listening on port {api.Port.ToString(CultureInfo.InvariantCulture)}");
        }

        try
        {
            _endpoints.Resolve(api.ServiceNamespace, api.ServiceName, api.Port);
        }
        catch (HttpRequestException)
        {
            var portName = (string?)(backing["spec"]?["ports"] as JsonArray ?? []).FirstOrDefault(p => (int?)p?["port"] == api.Port)?["name"] ?? "";
            return (false, "MissingEndpoints", $"endpoints for service/{api.ServiceName} in \"{api.ServiceNamespace}\" have no addresses with port name \"{portName}\"");
        }

        var url = $"https://{api.Host}:{api.Port.ToString(CultureInfo.InvariantCulture)}/apis/{api.Group}/{api.Version}";
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(CheckTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("application/json");

            // As kube-aggregator checks: a privileged identity, so that the server's authorization cannot fail the check.
            request.Headers.Add(AggregatedApiProxy.UserHeader, "system:kube-aggregator");
            request.Headers.Add(AggregatedApiProxy.GroupHeader, "system:masters");
            using var response = await clients.For(api.CaBundle, api.InsecureSkipTlsVerify, frontProxy.Client).SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return (false, "FailedDiscoveryCheck", $"failing or missing response from {url}: bad status from {url}: {((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)}");
            }

            if (await response.Content.ReadFromJsonAsync<JsonObject>(timeout.Token) is { } resources)
            {
                apis.Discovered(api.Name, resources);
            }

            return (true, "Passed", "all checks passed");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            var why = e is OperationCanceledException ? "context deadline exceeded" : e.GetBaseException().Message;
            return (false, "FailedDiscoveryCheck", $"failing or missing response from {url}: Get \"{url}\": {why}");
        }
    }
}
