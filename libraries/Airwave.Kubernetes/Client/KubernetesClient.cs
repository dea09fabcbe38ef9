using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Kubernetes.Client.Pipeline;
using Airwave.Kubernetes.Serialization;
using Microsoft.Extensions.Logging;

namespace Airwave.Kubernetes.Client;

/// <summary>
/// A client for any resource described by a <see cref="ResourceType"/> (Airwave's own kinds, read into Airwave's
/// records), and through <see cref="Api"/> the official client's typed API for the built-in kinds. Failed requests of
/// either throw a <see cref="KubernetesApiException"/> subtype carrying the server's Status; 429s are retried after
/// Retry-After.
/// </summary>
public sealed class KubernetesClient : IDisposable
{
    private readonly k8s.Kubernetes _transport;
    private readonly HttpClient _http;
    private readonly KubernetesClientOptions _options;

    /// <summary>
    /// A client over the official Kubernetes client's transport, made from its configuration
    /// (<see cref="KubernetesAccess"/>): its TLS (the configured CAs or skip-verify, client certificates) and its
    /// credentials (tokens, token files it reads again every minute, exec plugins such as <c>aws eks get-token</c>,
    /// OIDC), with <see cref="KubernetesClientOptions.Handlers"/> in its pipeline.
    /// </summary>
    public KubernetesClient(k8s.KubernetesClientConfiguration configuration, KubernetesClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _options = options ?? new KubernetesClientOptions();
        Server = new Uri(configuration.Host);
        Namespace = string.IsNullOrWhiteSpace(configuration.Namespace) ? "default" : configuration.Namespace.Trim();
        _transport = ClientTransport.Create(configuration, _options);
        _http = _transport.HttpClient;
        _http.BaseAddress = Server;
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.UserAgent.Clear();
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(_options.UserAgent);
    }

    /// <summary>
    /// The official client's typed API (k8s.Models objects) over this client's pipeline: its calls are counted,
    /// traced, retried, timed out, fenced by <see cref="KubernetesClientOptions.Handlers"/> and fail with the same
    /// exceptions as this client's own.
    /// </summary>
    public k8s.IKubernetes Api => _transport;

    /// <summary>
    /// A built-in object read into the official client's model type (k8s.Models) by that client's build-time JSON, for
    /// code that handles several kinds alike.
    /// </summary>
    public async Task<T> GetModelAsync<T>(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(type);
        var path = type.ObjectPath(@namespace, name);
        using var response = await SendAsync(HttpMethod.Get, path, null, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return k8s.KubernetesJson.Deserialize<T>(stream) ?? throw new JsonException($"GET {path} returned an empty body");
    }

    /// <summary>The API server.</summary>
    public Uri Server { get; }

    /// <summary>The namespace of the kubeconfig context, or the pod's own namespace in-cluster; "default" when neither says.</summary>
    public string Namespace { get; }

    public JsonSerializerOptions JsonOptions => _options.Json;
    public TimeProvider TimeProvider => _options.TimeProvider;
    public Metrics.KubernetesMetrics Metrics => _options.Metrics;
    public ILoggerFactory LoggerFactory => _options.LoggerFactory;

    public Task<T> GetAsync<T>(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken)
        where T : KubernetesObject
    {
        ArgumentNullException.ThrowIfNull(type);
        return SendForObjectAsync<T>(HttpMethod.Get, type.ObjectPath(@namespace, name), null, cancellationToken);
    }

    /// <summary>The object, or null when it does not exist.</summary>
    public Task<T?> TryGetAsync<T>(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken)
        where T : KubernetesObject =>
        GetAsync<T>(type, @namespace, name, cancellationToken).OrNull();

    /// <param name="namespace">Null lists across all namespaces.</param>
    public Task<ResourceList<T>> ListAsync<T>(ResourceType type, string? @namespace, ListOptions? options, CancellationToken cancellationToken)
        where T : KubernetesObject
    {
        ArgumentNullException.ThrowIfNull(type);
        var query = new QueryBuilder()
            .Add("labelSelector", options?.LabelSelector)
            .Add("fieldSelector", options?.FieldSelector)
            .Add("limit", options?.Limit?.ToString(CultureInfo.InvariantCulture))
            .Add("continue", options?.Continue)
            .Add("resourceVersion", options?.ResourceVersion);
        return SendForObjectAsync<ResourceList<T>>(HttpMethod.Get, type.CollectionPath(@namespace) + query, null, cancellationToken);
    }

    public Task<T> CreateAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken)
        where T : KubernetesObject
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        var body = Serialize(type, obj);
        return SendForObjectAsync<T>(HttpMethod.Post, type.CollectionPath(obj.Metadata.Namespace), body, cancellationToken);
    }

    /// <summary>Replaces the object; fails with <see cref="ConflictException"/> when its resourceVersion is stale.</summary>
    public Task<T> UpdateAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken)
        where T : KubernetesObject
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        return SendForObjectAsync<T>(HttpMethod.Put, PathOf(type, obj, null), Serialize(type, obj), cancellationToken);
    }

    /// <summary>Replaces the status through the /status subresource; the server ignores spec changes there.</summary>
    public Task<T> UpdateStatusAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken)
        where T : KubernetesObject
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        return SendForObjectAsync<T>(HttpMethod.Put, PathOf(type, obj, "status"), Serialize(type, obj), cancellationToken);
    }

    /// <param name="subresource">"status" to patch the status subresource; null for the object.</param>
    public Task<T> PatchAsync<T>(ResourceType type, string? @namespace, string name, KubernetesPatch patch, CancellationToken cancellationToken, string? subresource = null)
        where T : KubernetesObject
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(patch);
        var query = new QueryBuilder()
            .Add("fieldManager", patch.FieldManager)
            .Add("force", patch.Type == PatchType.Apply && patch.Force ? "true" : null);
        var body = new RequestBody(Encoding.UTF8.GetBytes(patch.Body.ToJsonString()), patch.ContentType);
        return SendForObjectAsync<T>(HttpMethod.Patch, type.ObjectPath(@namespace, name, subresource) + query, body, cancellationToken);
    }

    /// <summary>Deletes the object; returns false when it was already gone.</summary>
    public async Task<bool> DeleteAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken, DeleteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        var body = options is null ? null : new RequestBody(JsonSerializer.SerializeToUtf8Bytes(options, KubernetesJsonContext.Default.DeleteOptions), "application/json");
        try
        {
            using var response = await SendAsync(HttpMethod.Delete, type.ObjectPath(@namespace, name), body, HttpCompletionOption.ResponseContentRead, cancellationToken);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Streams changes after <see cref="WatchOptions.ResourceVersion"/> until the server ends the watch or the token
    /// is cancelled. An ERROR event is thrown as its exception (<see cref="GoneException"/> when the version expired).
    /// </summary>
    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(ResourceType type, string? @namespace, WatchOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : KubernetesObject
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(options);
        var query = new QueryBuilder()
            .Add("watch", "true")
            .Add("resourceVersion", options.ResourceVersion)
            .Add("allowWatchBookmarks", options.AllowWatchBookmarks ? "true" : null)
            .Add("timeoutSeconds", options.Timeout is { } timeout ? ((long)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture) : null)
            .Add("labelSelector", options.LabelSelector)
            .Add("fieldSelector", options.FieldSelector);
        using var response = await SendAsync(HttpMethod.Get, type.CollectionPath(@namespace) + query, null, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var typeInfo = _options.Json.TypeInfo<T>();

        // Events are parsed from the UTF-8 bytes as they arrive, one line each, with no copy into a string.
        var events = PipeReader.Create(await response.Content.ReadAsStreamAsync(cancellationToken));
        try
        {
            while (true)
            {
                var read = await events.ReadAsync(cancellationToken);
                var buffer = read.Buffer;
                while (WatchEvents.TryReadLine(ref buffer, out var line))
                {
                    if (WatchEvents.Parse(line, typeInfo) is { } change)
                    {
                        yield return change;
                    }
                }

                if (read.IsCompleted)
                {
                    if (WatchEvents.Parse(buffer, typeInfo) is { } last)
                    {
                        yield return last;
                    }

                    break;
                }

                events.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await events.CompleteAsync();
        }
    }

    public void Dispose() => _transport.Dispose();

    private static string PathOf<T>(ResourceType type, T obj, string? subresource)
        where T : KubernetesObject =>
        type.ObjectPath(obj.Metadata.Namespace, obj.Metadata.Name ?? throw new ArgumentException("the object has no metadata.name", nameof(obj)), subresource);

    private RequestBody Serialize<T>(ResourceType type, T obj)
        where T : KubernetesObject
    {
        // Objects built in code often leave the type fields to the client.
        var complete = obj.ApiVersion is null || obj.Kind is null
            ? (T)(obj with { ApiVersion = obj.ApiVersion ?? type.ApiVersion, Kind = obj.Kind ?? type.Kind })
            : obj;
        return new RequestBody(JsonSerializer.SerializeToUtf8Bytes(complete, _options.Json.TypeInfo<T>()), "application/json");
    }

    private async Task<TResult> SendForObjectAsync<TResult>(HttpMethod method, string pathAndQuery, RequestBody? body, CancellationToken cancellationToken)
    {
        // The body is read as it arrives: a big list is deserialized while it downloads, not copied first.
        using var response = await SendAsync(method, pathAndQuery, body, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonSerializer.DeserializeAsync(stream, _options.Json.TypeInfo<TResult>(), cancellationToken)
            ?? throw new JsonException($"{method} {pathAndQuery} returned an empty body");
    }

    /// <summary>
    /// Whether an exception is a failed call to the API server (refused, broken connection, no answer in time) rather
    /// than a bug or a shutdown: what a caller that must never fail, or must retry, catches.
    /// </summary>
    public static bool IsRequestFailure(Exception exception) =>
        exception is KubernetesApiException or HttpRequestException or IOException or TimeoutException;

    /// <summary>Sends through the transport, whose <see cref="ApiCallHandler"/> retries, measures and throws for failures.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, RequestBody? body, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower };
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body.Content);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(body.ContentType);
        }

        return await _http.SendAsync(request, completion, cancellationToken);
    }

    private sealed record RequestBody(byte[] Content, string ContentType);
}
