using System.Globalization;
using System.Security.Authentication;
using Airwave.Sandbox.Kubernetes.Authentication;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Networking;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Kubernetes.Aggregation;

/// <summary>
/// kube-aggregator's proxy: a request for an aggregated group version, once the API server has authenticated and
/// authorized it, goes on to the APIService's Service over HTTPS with the front proxy's client certificate, the
/// user in X-Remote-User and X-Remote-Group (the client's own credentials and impersonation headers stay behind),
/// each group a line of its own (<see cref="Http1Exchange"/>), and the answer streams back as it comes (watches
/// included). An APIService that is not Available answers 503.
/// </summary>
internal sealed class AggregatedApiProxy(ServiceHttpClients clients, FrontProxyCertificates frontProxy)
{
    public const string UserHeader = "X-Remote-User";
    public const string GroupHeader = "X-Remote-Group";
    public const string ExtraHeaderPrefix = "X-Remote-Extra-";

    /// <summary>Headers not passed on: the client's credentials, identity claims only the proxy may make, and hop-by-hop ones.</summary>
    private static readonly HashSet<string> Withheld = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Host", "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
    };

    public async Task ServeAsync(HttpContext http, AggregatedApiService api)
    {
        if (!api.Available)
        {
            throw new ApiException(503, "ServiceUnavailable", "the server is currently unable to handle the request");
        }

        var body = await ReadBodyAsync(http.Request);
        var user = http.Features.Get<UserInfo>()!;
        var headers = new List<(string Name, string Value)>();
        foreach (var (name, values) in http.Request.Headers)
        {
            if (!Withheld.Contains(name) && !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && !name.StartsWith("Impersonate-", StringComparison.OrdinalIgnoreCase) && !name.StartsWith("X-Remote-", StringComparison.OrdinalIgnoreCase))
            {
                headers.AddRange(values.OfType<string>().Select(value => (name, value)));
            }
        }

        headers.Add((UserHeader, user.Name));
        headers.AddRange(user.Groups.Select(group => (GroupHeader, group)));

        var ct = http.RequestAborted;
        var port = api.Port.ToString(CultureInfo.InvariantCulture);
        Http1Exchange? exchange = null;
        List<(string Name, string Value)> answer;
        int status;
        try
        {
            exchange = new Http1Exchange(await clients.OpenAsync(api.Host, api.Port, api.CaBundle, api.InsecureSkipTlsVerify, frontProxy.Client, ct));
            await exchange.SendAsync(http.Request.Method, $"{http.Request.Path}{http.Request.QueryString}", $"{api.Host}:{port}", headers, body, ct);
            (status, answer) = await exchange.ReadHeadAsync(ct);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or AuthenticationException)
        {
            if (exchange is not null)
            {
                await exchange.DisposeAsync();
            }

            throw new ApiException(503, "ServiceUnavailable", $"error trying to reach service: {e.GetBaseException().Message}");
        }

        await using (exchange)
        {
            http.Response.StatusCode = status;
            foreach (var header in answer.Where(h => !Withheld.Contains(h.Name)).GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase))
            {
                http.Response.Headers[header.Key] = header.Select(h => h.Value).ToArray();
            }

            await exchange.CopyBodyAsync(answer, http.Response.Body, ct);
        }
    }

    /// <summary>The request's body, at most what kube-apiserver takes of one (3 MiB).</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        const int MaxBodyBytes = 3 * 1024 * 1024;
        if (request.ContentLength > MaxBodyBytes)
        {
            throw new ApiException(413, "RequestEntityTooLarge", "the request is too large");
        }

        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
        {
            if (body.Length + read > MaxBodyBytes)
            {
                throw new ApiException(413, "RequestEntityTooLarge", "the request is too large");
            }

            body.Write(buffer, 0, read);
        }

        return body.ToArray();
    }
}
