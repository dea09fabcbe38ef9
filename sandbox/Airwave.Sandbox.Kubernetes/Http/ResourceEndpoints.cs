using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Yaml;
using Airwave.Sandbox.Kubernetes.Authentication;
using Airwave.Sandbox.Kubernetes.Authorization;
using Airwave.Sandbox.Kubernetes.Discovery;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Pods;
using Airwave.Sandbox.Kubernetes.Protobuf;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Rest;
using Airwave.Sandbox.Kubernetes.Storage;
using Airwave.Sandbox.Kubernetes.Tables;
using Airwave.Sandbox.Kubernetes.Watch;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Kubernetes.Http;

/// <summary>Everything under /api/{version} and /apis/{group}/{version}: resource lists for discovery, and the REST verbs.</summary>
internal sealed class ResourceEndpoints(ResourceService service, WatchStreamer watches, TableConverter tables, TokenRequests tokenRequests, TokenReviews tokenReviews, AccessReviews accessReviews, Kubelet? kubelet)
{
    public async Task HandleAsync(HttpContext http)
    {
        var target = RequestTarget.Parse(http.Request.Path.Value ?? string.Empty, service.Registry) ?? throw NotFound();
        if (target.IsDiscovery)
        {
            if (http.Request.Method != "GET" || !service.Registry.IsServedGroupVersion(target.Group, target.Version))
            {
                throw NotFound();
            }

            await JsonResponses.WriteAsync(http, 200, DiscoveryDocuments.ResourceList(service.Registry, target.Group, target.Version));
            return;
        }

        if (target is { Group: "authorization.k8s.io", Version: "v1", Resource: "selfsubjectaccessreviews", Name: null } && http.Request.Method == "POST")
        {
            await JsonResponses.WriteAsync(http, 201, accessReviews.ReviewSelf(http.Features.Get<UserInfo>()!, await ReadObjectAsync(http)));
            return;
        }

        if (target is { Group: "authorization.k8s.io", Version: "v1", Resource: "subjectaccessreviews", Name: null } && http.Request.Method == "POST")
        {
            await JsonResponses.WriteAsync(http, 201, accessReviews.Review(await ReadObjectAsync(http)));
            return;
        }

        if (target is { Group: "authentication.k8s.io", Version: "v1", Resource: "tokenreviews", Name: null } && http.Request.Method == "POST")
        {
            await JsonResponses.WriteAsync(http, 201, tokenReviews.Review(await ReadObjectAsync(http)));
            return;
        }

        var type = service.Registry.Find(target.Group, target.Version, target.Resource!) ?? throw NotFound();
        if (type.IsReview)
        {
            // Reviews are answered above when created; there is nothing else to do with one.
            throw ApiErrors.MethodNotSupported(type, http.Request.Method);
        }

        if (type == BuiltInResources.ServiceAccounts && target is { Subresource: "token", Namespace: { } ns, Name: { } account })
        {
            var created = http.Request.Method == "POST" ? tokenRequests.Create(ns, account, await ReadOptionalObjectAsync(http)) : throw ApiErrors.MethodNotSupported(type, http.Request.Method);
            await JsonResponses.WriteAsync(http, 201, created);
            return;
        }

        if (type == BuiltInResources.Pods && target is { Subresource: "log", Namespace: { } podNamespace, Name: { } podName } && http.Request.Method == "GET" && kubelet is not null)
        {
            await PodLogs.WriteAsync(http, kubelet, podNamespace, podName);
            return;
        }

        if (type == BuiltInResources.Pods && target is { Subresource: "exec", Namespace: { } execNamespace, Name: { } execName } && http.Request.Method is "GET" or "POST" && kubelet is not null)
        {
            await PodExec.ExecAsync(http, kubelet, execNamespace, execName);
            return;
        }

        if (type == BuiltInResources.Pods && target is { Subresource: "attach", Namespace: { } attachNamespace, Name: { } attachName } && http.Request.Method is "GET" or "POST" && kubelet is not null)
        {
            await PodExec.AttachAsync(http, kubelet, attachNamespace, attachName);
            return;
        }

        if (type == BuiltInResources.Pods && target is { Subresource: "eviction", Namespace: { } evictedNamespace, Name: { } evicted } && http.Request.Method == "POST")
        {
            await PodEviction.HandleAsync(http, service, evictedNamespace, evicted, await ReadObjectAsync(http));
            return;
        }

        if (type == BuiltInResources.Pods && target is { Subresource: "portforward", Namespace: { } forwardNamespace, Name: { } forwardName } && http.Request.Method is "GET" or "POST" && kubelet is not null)
        {
            await PodPortForward.HandleAsync(http, kubelet, forwardNamespace, forwardName);
            return;
        }

        if (type.Subresources.Any(s => s.Name == "scale") && target is { Subresource: "scale", Namespace: { } scaledNamespace, Name: { } scaledName })
        {
            await ScaleSubresource.HandleAsync(http, service, type, scaledNamespace, scaledName);
            return;
        }

        if ((type.Namespaced && target.Name is not null && target.Namespace is null)
            || (target.Subresource is { } sub && !(sub == "status" && type.HasStatus)))
        {
            throw NotFound();
        }

        var query = http.Request.Query;
        var watch = RequestOptions.IsTrue(query["watch"]);
        switch (target.Verb(http.Request.Method, watch))
        {
            case "get":
                await WriteObjectAsync(http, type, 200, service.Get(type, target.Namespace, target.Name!));
                break;
            case "list":
                await ListAsync(http, type, target);
                break;
            case "watch":
                await WatchAsync(http, type, target);
                break;
            case "create" when target.Name is null:
                await WriteResultAsync(http, type, service.Create(type, target.Namespace, await ReadObjectAsync(http), RequestOptions.Write(http.Request)));
                break;
            case "update" when target.Name is not null:
                await WriteResultAsync(http, type, service.Update(type, target.Namespace, target.Name, target.Subresource, await ReadObjectAsync(http), RequestOptions.Write(http.Request)));
                break;
            case "patch" when target.Name is not null:
                var contentType = (http.Request.ContentType ?? string.Empty).Split(';')[0].Trim();
                await WriteResultAsync(http, type, service.Patch(type, target.Namespace, target.Name, target.Subresource, contentType, await ReadTextAsync(http), RequestOptions.Write(http.Request)));
                break;
            case "delete":
                await DeleteAsync(http, type, target);
                break;
            case "deletecollection":
                var deleted = service.DeleteCollection(type, target.Namespace, RequestOptions.List(query, type), RequestOptions.Delete(http.Request, await ReadOptionalObjectAsync(http)));
                await WriteListAsync(http, type, [.. deleted.Select(d => d.Object)], service.Store.ResourceVersion, null, null);
                break;
            default:
                throw ApiErrors.MethodNotSupported(type, http.Request.Method);
        }
    }

    private async Task ListAsync(HttpContext http, ResourceType type, RequestTarget target)
    {
        var result = service.List(type, target.Namespace, RequestOptions.List(http.Request.Query, type));
        await WriteListAsync(http, type, result.Items, result.ResourceVersion, result.Continue, result.RemainingItemCount);
    }

    private async Task WatchAsync(HttpContext http, ResourceType type, RequestTarget target)
    {
        var query = http.Request.Query;
        var options = RequestOptions.List(query, type);
        var requested = query["resourceVersion"].ToString();
        var sendInitialEvents = RequestOptions.IsTrue(query["sendInitialEvents"]);
        long? from = requested is "" or "0" || sendInitialEvents ? null
            : long.TryParse(requested, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
            : throw ApiErrors.BadRequest($"invalid resource version: {requested}");
        var name = target.Name;
        var filter = new WatchFilter(type.StorageKey, target.Namespace, o =>
            (name is null || o.Key.Name == name) && options.Labels.Matches(o.Labels) && (options.Fields.IsEverything || options.Fields.Matches(o)));
        TimeSpan? timeout = int.TryParse(query["timeoutSeconds"], out var seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds) : null;
        var parameters = new WatchParameters(RequestOptions.IsTrue(query["allowWatchBookmarks"]), timeout, sendInitialEvents, TableRequest.From(http.Request));
        WatchSubscription subscription;
        try
        {
            subscription = service.Store.Watch(filter, from);
        }
        catch (ApiException e) when (e.Code == 410)
        {
            await WatchStreamer.WriteErrorAsync(http, e);
            return;
        }

        using (subscription)
        {
            await watches.StreamAsync(http, type, subscription, parameters);
        }
    }

    private async Task DeleteAsync(HttpContext http, ResourceType type, RequestTarget target)
    {
        var result = service.Delete(type, target.Namespace, target.Name!, RequestOptions.Delete(http.Request, await ReadOptionalObjectAsync(http)));
        if (result.Removed && !type.IsCustom)
        {
            var status = StatusObjects.Success(new StatusDetails(target.Name, type.Group, type.Plural));
            status["details"]!["uid"] = result.Object.Uid;
            await JsonResponses.WriteAsync(http, 200, status);
            return;
        }

        await WriteObjectAsync(http, type, 200, result.Object);
    }

    private async Task WriteResultAsync(HttpContext http, ResourceType type, WriteResult result)
    {
        JsonResponses.AddWarnings(http, result.Warnings);
        await WriteObjectAsync(http, type, result.Created ? 201 : 200, result.Object);
    }

    private async Task WriteObjectAsync(HttpContext http, ResourceType type, int statusCode, StoredObject obj)
    {
        if (TableRequest.From(http.Request) is { } table)
        {
            var metadata = new JsonObject { ["resourceVersion"] = obj.ResourceVersion.ToString(CultureInfo.InvariantCulture) };
            await JsonResponses.WriteAsync(http, statusCode, tables.Convert(type, [type.ServedJson(obj)], metadata, table));
            return;
        }

        await JsonResponses.WriteRawAsync(http, statusCode, type.ServedBytes(obj));
    }

    private async Task WriteListAsync(HttpContext http, ResourceType type, IReadOnlyList<StoredObject> items, long resourceVersion, string? continueToken, long? remaining)
    {
        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) };
        if (continueToken is not null)
        {
            metadata["continue"] = continueToken;
            metadata["remainingItemCount"] = remaining;
        }

        if (TableRequest.From(http.Request) is { } table)
        {
            await JsonResponses.WriteAsync(http, 200, tables.Convert(type, items.Select(type.ServedJson), metadata, table));
            return;
        }

        // Items are written as their stored bytes: lists of thousands of objects cost no re-serialization.
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", type.ListKind);
            writer.WriteString("apiVersion", type.GroupVersion);
            writer.WritePropertyName("metadata");
            metadata.WriteTo(writer);
            writer.WriteStartArray("items");
            foreach (var item in items)
            {
                writer.WriteRawValue(type.ServedBytes(item), skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        await JsonResponses.WriteRawAsync(http, 200, buffer.ToArray());
    }

    private static async Task<string> ReadTextAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(http.RequestAborted);
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext http) =>
        await ReadOptionalObjectAsync(http) ?? throw ApiErrors.BadRequest("the request body is empty; an object is required");

    private static async Task<JsonObject?> ReadOptionalObjectAsync(HttpContext http)
    {
        var contentType = http.Request.ContentType ?? string.Empty;
        if (contentType.StartsWith(KubernetesProtobuf.ContentType, StringComparison.Ordinal))
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            return buffer.Length == 0 ? null : KubernetesProtobuf.Decode(buffer.ToArray());
        }

        if (contentType.Contains("cbor", StringComparison.Ordinal))
        {
            throw new ApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got {contentType})");
        }

        var text = await ReadTextAsync(http);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            var node = contentType.Contains("yaml", StringComparison.Ordinal) ? YamlReader.Read(text) : JsonNode.Parse(text);
            return node as JsonObject ?? throw ApiErrors.BadRequest("the request body must be a JSON object");
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw ApiErrors.BadRequest($"couldn't get version/kind; json parse error: {e.Message}");
        }
    }

    private static ApiException NotFound() => ApiErrors.NotFound("the server could not find the requested resource");
}
