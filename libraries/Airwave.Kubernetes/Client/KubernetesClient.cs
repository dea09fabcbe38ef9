using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Kubernetes.Serialization;
using Airwave.Telemetry;
using Microsoft.Extensions.Logging;

namespace Airwave.Kubernetes.Client;

/// <summary>
/// A typed client for any resource described by a <see cref="ResourceType"/>. Failed requests throw a
/// <see cref="KubernetesApiException"/> subtype carrying the server's Status; 429s are retried after Retry-After.
/// </summary>
public sealed partial class KubernetesClient : IDisposable
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    // Requests made during a reconcile are spans of it; an informer's lists and watches are not traced.
    private static readonly ClientCallTracing Tracing = new(new ActivitySource("Airwave.Kubernetes.Client"), "kubernetes");

    private readonly k8s.Kubernetes _transport;
    private readonly HttpClient _http;
    private readonly KubernetesClientOptions _options;
    private readonly ILogger _logger;

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
        _logger = _options.LoggerFactory.CreateLogger<KubernetesClient>();
        Server = new Uri(configuration.Host);
        Namespace = string.IsNullOrWhiteSpace(configuration.Namespace) ? "default" : configuration.Namespace.Trim();
        _transport = ClientTransport.Create(configuration, _options);
        _http = _transport.HttpClient;
        _http.BaseAddress = Server;
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.UserAgent.Clear();
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(_options.UserAgent);
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
        return SendForObjectAsync<T>("get", HttpMethod.Get, type.ObjectPath(@namespace, name), null, cancellationToken);
    }

    /// <summary>The object, or null when it does not exist.</summary>
    public async Task<T?> TryGetAsync<T>(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken)
        where T : KubernetesObject
    {
        try
        {
            return await GetAsync<T>(type, @namespace, name, cancellationToken);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

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
        return SendForObjectAsync<ResourceList<T>>("list", HttpMethod.Get, type.CollectionPath(@namespace) + query, null, cancellationToken);
    }

    public Task<T> CreateAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken)
        where T : KubernetesObject
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        var body = Serialize(type, obj);
        return SendForObjectAsync<T>("create", HttpMethod.Post, type.CollectionPath(obj.Metadata.Namespace), body, cancellationToken);
    }

    /// <summary>Replaces the object; fails with <see cref="ConflictException"/> when its resourceVersion is stale.</summary>
    public Task<T> UpdateAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken)
        where T : KubernetesObject
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        return SendForObjectAsync<T>("update", HttpMethod.Put, PathOf(type, obj, null), Serialize(type, obj), cancellationToken);
    }

    /// <summary>Replaces the status through the /status subresource; the server ignores spec changes there.</summary>
    public Task<T> UpdateStatusAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken)
        where T : KubernetesObject
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        return SendForObjectAsync<T>("update", HttpMethod.Put, PathOf(type, obj, "status"), Serialize(type, obj), cancellationToken);
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
        return SendForObjectAsync<T>("patch", HttpMethod.Patch, type.ObjectPath(@namespace, name, subresource) + query, body, cancellationToken);
    }

    /// <summary>Deletes the object; returns false when it was already gone.</summary>
    public async Task<bool> DeleteAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken, DeleteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        var body = options is null ? null : new RequestBody(JsonSerializer.SerializeToUtf8Bytes(options, KubernetesJsonContext.Default.DeleteOptions), "application/json");
        using var timeout = RequestTimeout(cancellationToken);
        try
        {
            using var response = await SendAsync("delete", HttpMethod.Delete, type.ObjectPath(@namespace, name), body, HttpCompletionOption.ResponseContentRead, timeout.Token);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw TimedOut("delete", type.ObjectPath(@namespace, name), e);
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
        using var response = await SendAsync("watch", HttpMethod.Get, type.CollectionPath(@namespace) + query, null, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
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

    private async Task<TResult> SendForObjectAsync<TResult>(string verb, HttpMethod method, string pathAndQuery, RequestBody? body, CancellationToken cancellationToken)
    {
        using var timeout = RequestTimeout(cancellationToken);
        try
        {
            // The body is read as it arrives: a big list is deserialized while it downloads, not copied first.
            using var response = await SendAsync(verb, method, pathAndQuery, body, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            return await JsonSerializer.DeserializeAsync(stream, _options.Json.TypeInfo<TResult>(), timeout.Token)
                ?? throw new JsonException($"{verb} {pathAndQuery} returned an empty body");
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(verb, pathAndQuery, e);
        }
    }

    /// <summary>
    /// Whether an exception is a failed call to the API server (refused, broken connection, no answer in time) rather
    /// than a bug or a shutdown: what a caller that must never fail, or must retry, catches.
    /// </summary>
    public static bool IsRequestFailure(Exception exception) =>
        exception is KubernetesApiException or HttpRequestException or IOException or TimeoutException;

    /// <summary>
    /// A request that got no answer within RequestTimeout: a failure of that call, reported as one, so that no caller
    /// mistakes it for its own cancellation (a shutdown).
    /// </summary>
    private TimeoutException TimedOut(string verb, string pathAndQuery, OperationCanceledException cause) =>
        new($"{verb} {pathAndQuery}: the API server did not answer within {_options.RequestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", cause);

    private CancellationTokenSource RequestTimeout(CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(_options.RequestTimeout);
        return source;
    }

    /// <summary>Sends (the transport adds the credentials), retries 429s, records latency, and throws for failures.</summary>
    private async Task<HttpResponseMessage> SendAsync(string verb, HttpMethod method, string pathAndQuery, RequestBody? body, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using var call = Tracing.Start("kubernetes", verb, onlyWithinSpan: true);
        try
        {
            return await SendWithRetriesAsync(verb, method, pathAndQuery, body, completion, call, cancellationToken);
        }
        catch (Exception error)
        {
            ClientCallTracing.Failed(call, error);
            throw;
        }
    }

    private async Task<HttpResponseMessage> SendWithRetriesAsync(string verb, HttpMethod method, string pathAndQuery, RequestBody? body, HttpCompletionOption completion, Activity? call, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, pathAndQuery) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower };
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body.Content);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(body.ContentType);
            }

            var started = Stopwatch.GetTimestamp();
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, completion, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                _options.Metrics.RequestCompleted(verb, "error", Stopwatch.GetElapsedTime(started));
                throw;
            }

            _options.Metrics.RequestCompleted(verb, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), Stopwatch.GetElapsedTime(started));
            ClientCallTracing.Attempted(call, (int)response.StatusCode);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                var status = await ReadStatusAsync(response, cancellationToken);
                if (RetryDelay(response, status) is { } delay && attempt < _options.MaxRetries)
                {
                    LogRetrying(verb, pathAndQuery, (int)response.StatusCode, delay);
                    await Task.Delay(delay, _options.TimeProvider, cancellationToken);
                    continue;
                }

                throw KubernetesApiException.From(response.StatusCode, status);
            }
        }
    }

    /// <summary>429 always asks for a retry; a 5xx only when the server says when (as an overloaded apiserver does).</summary>
    private TimeSpan? RetryDelay(HttpResponseMessage response, ApiStatus status)
    {
        var requested = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - _options.TimeProvider.GetUtcNow(),
            _ => status.Details?.RetryAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null,
        };
        if (response.StatusCode != HttpStatusCode.TooManyRequests && (requested is null || (int)response.StatusCode < 500))
        {
            return null;
        }

        var delay = requested ?? DefaultRetryAfter;
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > _options.MaxRetryAfter ? _options.MaxRetryAfter : delay;
    }

    private static async Task<ApiStatus> ReadStatusAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            if (JsonNode.Parse(text) is JsonObject { } node && (string?)node["kind"] == "Status")
            {
                return node.Deserialize(KubernetesJsonContext.Default.ApiStatus) ?? new ApiStatus();
            }
        }
        catch (JsonException)
        {
            // Proxies and load balancers answer with HTML or plain text; keep it as the message.
        }

        return new ApiStatus
        {
            Status = "Failure",
            Code = (int)response.StatusCode,
            Reason = response.ReasonPhrase,
            Message = text.Length > 1024 ? text[..1024] : text,
        };
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Verb} {Path} answered {StatusCode}; retrying in {Delay}")]
    private partial void LogRetrying(string verb, string path, int statusCode, TimeSpan delay);

    private sealed record RequestBody(byte[] Content, string ContentType);
}
