using System.Globalization;
using System.Text;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Pods;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Kubernetes.Http;

/// <summary>GET pods/{name}/log: `container`, `previous`, `tailLines` and `follow`, answered in text/plain as kube-apiserver does.</summary>
internal static class PodLogs
{
    public static async Task WriteAsync(HttpContext http, Kubelet kubelet, string ns, string name)
    {
        var query = http.Request.Query;
        int? tail = null;
        if (query["tailLines"].ToString() is { Length: > 0 } tailText)
        {
            tail = int.TryParse(tailText, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                ? count
                : throw ApiErrors.BadRequest($"invalid tailLines: {tailText}");
        }

        var container = query["container"].ToString() is { Length: > 0 } named ? named : null;
        var log = kubelet.Log(ns, name, container, RequestOptions.IsTrue(query["previous"]));
        var (lines, following) = log.Read(tail, RequestOptions.IsTrue(query["follow"]));
        http.Response.StatusCode = 200;
        http.Response.ContentType = "text/plain";
        var body = http.Response.Body;
        foreach (var line in lines)
        {
            await body.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), http.RequestAborted);
        }

        if (following is null)
        {
            return;
        }

        await body.FlushAsync(http.RequestAborted);
        try
        {
            await foreach (var line in following.ReadAllAsync(http.RequestAborted))
            {
                await body.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), http.RequestAborted);
                await body.FlushAsync(http.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client stopped following.
        }
    }
}
