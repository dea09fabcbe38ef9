using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Airwave.Api.LiveStreams;
using Airwave.Hosting;
using Airwave.Hosting.Tokens;
using Airwave.Signaling.Broadcasts;
using Airwave.Signaling.Configuration;
using Airwave.Signaling.Ice;
using Airwave.Signaling.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Airwave.Signaling.SfuRouting;

/// <summary>
/// Passes a WHIP or WHEP request on to the stream's SFU pod and its answer back: a new publisher to the pod that has
/// the stream's publisher, a new viewer to the least watched pod that has it or has it relayed (the first of its
/// ready pods while none has), a session's DELETE or PATCH to the pod that took the session, which its URL names. What the pod answers (its status, SDP, problem) is the client's answer.
/// A WHIP request whose bearer token is a broadcast grant (<see cref="BroadcastGrants"/>) reaches the pod with the
/// stream's broadcast key instead, or is refused here. A new WHEP session of a stream a broadcast holds takes a
/// viewer grant (<see cref="ViewerGrants"/>), and of a private stream a viewer token (<see cref="StreamViewerTokens"/>,
/// which only the pod knows it needs: it is told when one was taken); every new WHEP session reaches the pod with the
/// stream's broadcast key, which the pod asks for, so a viewer cannot go round these checks by calling a pod itself.
/// </summary>
public sealed partial class SfuProxy(ISfuPodAddresses pods, SfuRouteSettings settings, BroadcastGrants grants, ViewerGrants viewerGrants, StreamViewerTokens streamTokens, BroadcastStore broadcasts, IceServers iceServers, HttpClient http, SignalingMetrics metrics, ILogger<SfuProxy> logger)
{
    /// <summary>The largest session description passed on: an offer or answer with every candidate is a few KiB.</summary>
    public const int MaxSdpBytes = 64 * 1024;

    private const string Bearer = "Bearer ";

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);

    private static readonly string[] PassedOn = ["Content-Type", "If-Match"];
    // Not the pod's Link headers: its ICE servers are the cluster's; a new session gets the service's (IceServers.Links).
    private static readonly string[] PassedBack = ["WWW-Authenticate", "ETag", "Allow", "Retry-After"];

    /// <summary>A new session (<paramref name="protocol"/> whip or whep), to the pod <see cref="ChooseAsync"/> picks.</summary>
    public async Task<IResult> OpenAsync(string protocol, string ns, string stream, HttpRequest request, CancellationToken cancellationToken)
    {
        var (status, result) = await OpenSessionAsync(protocol, ns, stream, request, cancellationToken);
        metrics.SfuRequest(protocol, HttpMethods.Post, status);
        return result;
    }

    /// <summary>DELETE or PATCH of a session, to the pod that took it.</summary>
    public async Task<IResult> SessionAsync(HttpMethod method, string protocol, string ns, string stream, string session, HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(method);
        var (status, result) = await ToSessionAsync(method, protocol, ns, stream, session, request, cancellationToken);
        metrics.SfuRequest(protocol, method.Method, status);
        return result;
    }

    private async Task<(int Status, IResult Result)> OpenSessionAsync(string protocol, string ns, string stream, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!IsStream(ns, stream))
        {
            return NoSuchStream(ns, stream);
        }

        var (authorization, granted, refused) = await AuthorizationAsync(protocol, ns, stream, request, publishing: HttpMethods.IsPost(request.Method), cancellationToken);
        if (refused is not null)
        {
            return refused.Value;
        }

        var addresses = await pods.ResolveAsync(ns, stream, cancellationToken);
        if (addresses.Count == 0)
        {
            return Problem(
                StatusCodes.Status503ServiceUnavailable,
                "The stream has no SFU pod ready",
                $"LiveStream {stream} in namespace {ns} has no ready SFU pod: it is not a WebRtc stream, it is not Running, or its pod is still starting.");
        }

        var pod = await ChooseAsync(protocol, addresses, cancellationToken);
        return await ForwardAsync(HttpMethod.Post, pod, protocol, request, authorization, granted, answer => SessionPath(protocol, ns, stream, pod, answer), cancellationToken);
    }

    private async Task<(int Status, IResult Result)> ToSessionAsync(HttpMethod method, string protocol, string ns, string stream, string session, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!IsStream(ns, stream))
        {
            return NoSuchStream(ns, stream);
        }

        var (authorization, _, refused) = await AuthorizationAsync(protocol, ns, stream, request, publishing: HttpMethods.IsPost(request.Method), cancellationToken);
        if (refused is not null)
        {
            return refused.Value;
        }

        // A session's URL names its pod; only a pod of this stream is ever called.
        var match = SessionPattern().Match(session);
        var addresses = match.Success ? await pods.ResolveAsync(ns, stream, cancellationToken) : [];
        var pod = addresses.FirstOrDefault(a => Convert.ToHexStringLower(a.GetAddressBytes()) == match.Groups["pod"].Value);
        if (pod is null)
        {
            return Problem(StatusCodes.Status404NotFound, "No such session", $"The {protocol.ToUpperInvariant()} session has ended, or never was.");
        }

        return await ForwardAsync(method, pod, $"{protocol}/{match.Groups["id"].Value}", request, authorization, granted: false, _ => null, cancellationToken);
    }

    /// <summary>
    /// The Authorization the pod gets: the client's, or for a WHIP request carrying a broadcast grant the stream's
    /// broadcast key; a grant that is not valid for this stream is refused as the pod refuses a wrong key. A session's
    /// DELETE is taken after its broadcast ended, as a page that stops says bye and ends its session at once. Granted:
    /// a new viewer's grant or token was taken.
    /// </summary>
    private async Task<(string? Authorization, bool Granted, (int Status, IResult Result)? Refused)> AuthorizationAsync(string protocol, string ns, string stream, HttpRequest request, bool publishing, CancellationToken cancellationToken)
    {
        var given = request.Headers.Authorization.ToString();
        if (protocol == "whep" && publishing)
        {
            return await ViewingAsync(ns, stream, given, cancellationToken);
        }

        if (protocol != "whip" || !given.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) || !BroadcastGrants.IsGrant(given[Bearer.Length..].Trim()))
        {
            return (given.Length > 0 ? given : null, false, null);
        }

        var (key, refusal) = await grants.RedeemAsync(given[Bearer.Length..].Trim(), ns, stream, publishing, cancellationToken);
        return key is not null
            ? (Bearer + key, false, null)
            : (null, false, (StatusCodes.Status401Unauthorized, new Unauthorized($"The broadcast grant is refused: {refusal}.")));
    }

    /// <summary>
    /// A new viewer: of a stream a broadcast holds, only with a viewer grant of that broadcast, taken now; of any other
    /// stream, with the stream's viewer token, taken now, or with nothing (which the pod of a private stream refuses);
    /// a token that is neither is refused (a grant whose broadcast has ended). Refusals are 403, saying why. The pod
    /// gets the stream's broadcast key.
    /// </summary>
    private async Task<(string? Authorization, bool Granted, (int Status, IResult Result)? Refused)> ViewingAsync(string ns, string stream, string given, CancellationToken cancellationToken)
    {
        var podKey = viewerGrants.Enabled ? Bearer + BroadcastKey.ForStream(settings.BroadcastKey!, ns, stream) : null;
        var token = given.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) ? given[Bearer.Length..].Trim() : "";
        var holder = await broadcasts.FindHolderAsync($"{ns}/{stream}", cancellationToken);
        var (title, refusal) = (holder, token.Length) switch
        {
            (null, 0) => ("", null),
            (null, _) when viewerGrants.Issued(token) => ("Not a viewer of this broadcast", "The viewer grant is refused: its broadcast has ended or no longer goes through this stream"),
            (null, _) => ("Not a viewer of this stream", await streamTokens.TakeAsync(token, $"{ns}/{stream}", cancellationToken) is { } why ? $"The viewer token is refused: {why}" : null),
            (_, 0) => ("Not a viewer of this broadcast", "Watching a broadcast takes the viewer grant the service sends an accepted viewer's page (in its accepted or topology frame) as the bearer token"),
            _ => ("Not a viewer of this broadcast", await viewerGrants.TakeAsync(token, $"{ns}/{stream}", holder, cancellationToken) is { } why ? $"The viewer grant is refused: {why}" : null),
        };
        return refusal is null
            ? (podKey, token.Length > 0, null)
            : (null, false, Problem(StatusCodes.Status403Forbidden, title, $"{refusal}."));
    }

    private async Task<(int Status, IResult Result)> ForwardAsync(HttpMethod method, IPAddress pod, string path, HttpRequest request, string? authorization, bool granted, Func<string, string?> location, CancellationToken cancellationToken)
    {
        using var forward = new HttpRequestMessage(method, PodUri(pod, path));
        var hasBody = method != HttpMethod.Delete && (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0);

        // Held until the pod has answered: the forwarded content is the pooled body itself.
        using var sdp = hasBody ? await BoundedBody.ReadAsync(request, MaxSdpBytes, cancellationToken) : null;
        if (hasBody && sdp is null)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "The body is too large", $"A session description of at most {MaxSdpBytes / 1024} KiB is taken.");
        }

        if (sdp is not null)
        {
            forward.Content = new ReadOnlyMemoryContent(sdp.Memory);
        }

        if (authorization is not null)
        {
            forward.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (granted)
        {
            forward.Headers.TryAddWithoutValidation(ViewerGrantHeader.Name, ViewerGrantHeader.Taken);
        }

        foreach (var header in PassedOn)
        {
            if (request.Headers.TryGetValue(header, out var value) && !forward.Headers.TryAddWithoutValidation(header, (IEnumerable<string?>)value))
            {
                forward.Content?.Headers.TryAddWithoutValidation(header, (IEnumerable<string?>)value);
            }
        }

        HttpResponseMessage answer;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.Timeout);
            answer = await http.SendAsync(forward, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogPodSilent(logger, pod.ToString(), path, e.Message);
            return Problem(StatusCodes.Status502BadGateway, "The stream's SFU pod did not answer", "Try again; if it goes on, the stream's SFU pod is failing (see the stream's status).");
        }

        var body = await answer.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = PassedBack
            .Select(name => (name, values: answer.Headers.TryGetValues(name, out var v) ? v : answer.Content.Headers.TryGetValues(name, out var c) ? c : null))
            .Where(h => h.values is not null)
            .Select(h => (h.name, value: string.Join(", ", h.values!)))
            .ToList();
        if (answer.Headers.Location is { } podLocation && location(podLocation.OriginalString) is { } ours)
        {
            headers.Add(("Location", ours));
            // A new session: the ICE servers the client may use, with a TURN credential minted for it.
            var links = string.Join(", ", iceServers.Links($"{path}-{ours[(ours.LastIndexOf('-') + 1)..]}"));
            if (links.Length > 0)
            {
                headers.Add(("Link", links));
            }
        }

        var status = (int)answer.StatusCode;
        var type = answer.Content.Headers.ContentType?.ToString();
        answer.Dispose();
        return (status, new Passed(status, type, body, headers));
    }

    /// <summary>
    /// The pod a new session goes to, from what each says at GET /whip: a publisher to the pod that has the publisher
    /// (which refuses a second one, 409), else to one without a relayed publisher; a viewer to the pod with the fewest viewers among those that have the
    /// publisher or have it relayed from it, a draining pod only when all do; the first pod while none has it (which
    /// answers that there is none).
    /// </summary>
    private async Task<IPAddress> ChooseAsync(string protocol, IReadOnlyList<IPAddress> addresses, CancellationToken cancellationToken)
    {
        if (addresses.Count == 1)
        {
            return addresses[0];
        }

        var asked = await Task.WhenAll(addresses.Select(async pod => (Pod: pod, Status: await StatusAsync(pod, cancellationToken))));
        var publishing = asked.FirstOrDefault(p => p.Status?.Publishing == true).Pod;
        if (protocol == "whip")
        {
            // A pod still holding the relay of a publisher that has gone (until its lease ends) would refuse a new one:
            // one that said it holds none goes first, then one that did not say in time, that one last.
            return publishing
                ?? asked.FirstOrDefault(p => p.Status is { Relayed: false }).Pod
                ?? asked.FirstOrDefault(p => p.Status is null).Pod
                ?? addresses[0];
        }

        return asked
            .Where(p => p.Status is { Publishing: true } or { Relayed: true })
            .OrderBy(p => p.Status!.Draining ? 1 : 0)
            .ThenBy(p => p.Status!.Viewers)
            .ThenBy(p => p.Status!.Publishing ? 0 : 1)
            .Select(p => p.Pod)
            .FirstOrDefault() ?? publishing ?? addresses[0];
    }

    private async Task<PodStatus?> StatusAsync(IPAddress pod, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(AskTimeout);
            using var answer = await http.GetAsync(PodUri(pod, "whip"), timeout.Token);
            return answer.IsSuccessStatusCode ? await answer.Content.ReadFromJsonAsync(SfuPodJson.Default.PodStatus, timeout.Token) : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
        {
            // A pod that does not say takes neither the publisher nor viewers.
            return null;
        }
    }

    private Uri PodUri(IPAddress pod, string path)
    {
        var host = pod.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{pod}]" : pod.ToString();
        return new Uri($"http://{host}:{settings.ApiPort.ToString(CultureInfo.InvariantCulture)}/{path}");
    }

    /// <summary>What a pod says of itself at GET /whip.</summary>
    internal sealed record PodStatus(bool Publishing, bool Relayed, int Viewers, bool Draining);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SFU pod {Pod} did not answer {Path}: {Reason}")]
    private static partial void LogPodSilent(ILogger logger, string pod, string path, string reason);

    /// <summary>The session's URL here: the stream's WHIP or WHEP URL, the pod's address and the pod's session id.</summary>
    private static string? SessionPath(string protocol, string ns, string stream, IPAddress pod, string podLocation) =>
        podLocation.StartsWith($"/{protocol}/", StringComparison.Ordinal)
            ? $"/{protocol}/v1/{ns}/{stream}/sessions/{Convert.ToHexStringLower(pod.GetAddressBytes())}-{podLocation[(protocol.Length + 2)..]}"
            : null;

    /// <summary>Whether the two are a namespace and a LiveStream name, as Kubernetes spells them.</summary>
    public static bool IsStream(string ns, string stream) => NamespacePattern().IsMatch(ns) && StreamPattern().IsMatch(stream);

    private static (int Status, IResult Result) NoSuchStream(string ns, string stream) =>
        Problem(StatusCodes.Status404NotFound, "No such stream", $"\"{ns}/{stream}\" is not a namespace and LiveStream name.");

    private static (int Status, IResult Result) Problem(int status, string title, string detail) =>
        (status, Results.Problem(statusCode: status, title: title, detail: detail));

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex NamespacePattern();

    [GeneratedRegex(@"^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex StreamPattern();

    [GeneratedRegex("^(?<pod>[0-9a-f]{8}|[0-9a-f]{32})-(?<id>[0-9a-f]{1,64})$")]
    private static partial Regex SessionPattern();

    /// <summary>401 with WWW-Authenticate: Bearer, as the pod answers a wrong key.</summary>
    private sealed class Unauthorized(string detail) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not authorized", detail: detail).ExecuteAsync(httpContext);
        }
    }

    /// <summary>The pod's answer as it came, with the headers a WHIP client reads.</summary>
    private sealed class Passed(int status, string? type, byte[] body, IReadOnlyList<(string Name, string Value)> headers) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            foreach (var (name, value) in headers)
            {
                httpContext.Response.Headers[name] = value;
            }

            if (type is not null)
            {
                httpContext.Response.ContentType = type;
            }

            await httpContext.Response.Body.WriteAsync(body, httpContext.RequestAborted);
        }
    }
}
