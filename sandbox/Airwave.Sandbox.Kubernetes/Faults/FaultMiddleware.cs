using Airwave.Sandbox.Kubernetes.Http;
using Airwave.Sandbox.Kubernetes.Resources;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Airwave.Sandbox.Kubernetes.Faults;

/// <summary>
/// Applies the test's latency, shows each request to its observers and applies its fault rules, before a handler sees
/// it; a request whose answer is to be lost is handled, and its connection dropped instead of answered.
/// </summary>
internal sealed class FaultMiddleware(FaultInjector faults, ResourceRegistry registry)
{
    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        if (faults.Latency > TimeSpan.Zero)
        {
            await Task.Delay(faults.Latency, http.RequestAborted);
        }

        if (!await ArrivedWholeAsync(http))
        {
            return;
        }

        var request = Describe(http);
        faults.Notify(request);
        if (faults.HangFor(request) is { } released)
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(released, http.RequestAborted);
            try
            {
                await Task.Delay(Timeout.Infinite, either.Token);
            }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException)
            {
                // Released: the request goes on as if it had been slow.
            }
        }

        if (faults.FailureFor(request) is { } failure)
        {
            await JsonResponses.WriteErrorAsync(http, failure);
            return;
        }

        if (faults.LosesResponse(request))
        {
            // The handler's answer goes nowhere; the client sees its connection reset after the change was made.
            var answer = http.Response.Body;
            http.Response.Body = Stream.Null;
            await next(http);
            http.Response.Body = answer;
            http.Abort();
            return;
        }

        await next(http);
    }

    /// <summary>
    /// Reads the request's body before anything sees the request: an API server acts on a request only once its body
    /// arrived, so one whose client gave up while sending it (a write refused at the last moment) was never made.
    /// </summary>
    private static async Task<bool> ArrivedWholeAsync(HttpContext http)
    {
        if (http.Features.Get<IHttpRequestBodyDetectionFeature>() is not { CanHaveBody: true })
        {
            return true;
        }

        http.Request.EnableBuffering();
        try
        {
            await http.Request.Body.CopyToAsync(Stream.Null, http.RequestAborted);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            return false;
        }

        http.Request.Body.Position = 0;
        return true;
    }

    private FaultRequest Describe(HttpContext http)
    {
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var watch = RequestOptions.IsTrue(http.Request.Query["watch"]);
        return RequestTarget.Parse(http.Request.Path.Value ?? string.Empty, registry) is { IsDiscovery: false } target
            ? new FaultRequest(target.Verb(http.Request.Method, watch), target.Group, target.Resource, target.Namespace, target.Name, target.Subresource, headers)
            : new FaultRequest(http.Request.Method.ToLowerInvariant(), null, null, null, null, null, headers);
    }
}
