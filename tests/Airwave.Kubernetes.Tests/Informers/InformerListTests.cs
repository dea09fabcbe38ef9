using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Airwave.Kubernetes.Tests.Informers;

/// <summary>How an informer lists: first from the API server's watch cache, as client-go does, then from storage.</summary>
public sealed class InformerListTests
{
    [Fact]
    public async Task The_first_list_asks_for_any_version_and_a_relist_after_an_expired_watch_asks_for_the_latest_in_pages()
    {
        var lists = 0;
        await using var server = await StubApiServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            if (context.Request.Query["watch"] == "true")
            {
                // The first watch finds its version expired; the next one stays open until the informer stops.
                if (lists == 1)
                {
                    await context.Response.WriteAsync("""{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version","reason":"Expired","code":410}}""" + "\n");
                    return;
                }

                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            var version = 10 + Interlocked.Increment(ref lists);
            await context.Response.WriteAsync($$$"""{"kind":"WidgetList","apiVersion":"test.airwave.io/v1","metadata":{"resourceVersion":"{{{version}}}"},"items":[{"metadata":{"name":"a","namespace":"default","resourceVersion":"{{{version}}}"},"spec":{"replicas":1}}]}""");
        });
        using var client = new KubernetesClient(server.Configuration(), TestJson.Client);
        var informer = new Informer<TestObject>(client, TestObject.Type, new InformerOptions { PageSize = 100, ReconnectBackoff = new(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10)) });
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);

        await Eventually.MatchAsync(() => Volatile.Read(ref lists), n => n >= 2, TimeSpan.FromSeconds(20), "a relist after the expired watch");
        await stop.CancelAsync();
        await run;

        var listed = server.Requests.Select(r => r.PathAndQuery).Where(p => !p.Contains("watch=true", StringComparison.Ordinal)).ToList();
        Assert.Equal("/apis/test.airwave.io/v1/widgets?limit=100&resourceVersion=0", listed[0]);
        Assert.Equal("/apis/test.airwave.io/v1/widgets?limit=100", listed[1]);
    }
}
