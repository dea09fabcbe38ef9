using Airwave.Sandbox.Kubernetes.Http;
using Airwave.Sandbox.Kubernetes.Resources;
using Microsoft.AspNetCore.Http;

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

    private FaultRequest Describe(HttpContext http)
    {
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var watch = RequestOptions.IsTrue(http.Request.Query["watch"]);
        return RequestTarget.Parse(http.Request.Path.Value ?? string.Empty, registry) is { IsDiscovery: false } target
            ? new FaultRequest(target.Verb(http.Request.Method, watch), target.Group, target.Resource, target.Namespace, target.Name, target.Subresource, headers)
            : new FaultRequest(http.Request.Method.ToLowerInvariant(), null, null, null, null, null, headers);
    }
}
