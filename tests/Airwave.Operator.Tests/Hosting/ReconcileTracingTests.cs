using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using static Airwave.Operator.Tests.StatusOf;

namespace Airwave.Operator.Tests.Hosting;

/// <summary>
/// What a tracing backend shows of a stream: each reconcile a trace of its own, tagged with the stream, whose spans
/// are the calls it made to AWS and the API server, with their outcome and attempts.
/// </summary>
public sealed class ReconcileTracingTests(OperatorSandbox sandbox) : IClassFixture<OperatorSandbox>
{
    [Fact]
    public async Task A_streams_reconciles_are_traces_whose_spans_are_its_AWS_and_Kubernetes_calls()
    {
        var ended = new ConcurrentQueue<Activity>();
        string ns;
        using (Sdk.CreateTracerProviderBuilder().AddSource("Airwave.*").AddProcessor(new Collect(ended)).Build())
        {
            ns = await sandbox.CreateNamespaceAsync();
            await sandbox.ApplyAsync(ns, """
                apiVersion: media.airwave.dev/v1alpha1
                kind: LiveStream
                metadata: { name: traced }
                spec: { state: Running, source: { type: RtmpPush }, playback: { encryption: { enabled: false } } }
                """);
            await sandbox.WaitForAsync(ns, "livestream", "traced", s => Phase(s) == "Running", "traced Running");
        }

        // Other tests' streams reconcile meanwhile in the same process: only this one's traces count.
        var reconciles = ended.Where(s => s.OperationName == "reconcile livestream" && Tag(s, "k8s.namespace.name") == ns && Tag(s, "airwave.object.name") == "traced").ToList();
        Assert.NotEmpty(reconciles);
        Assert.All(reconciles, r => Assert.Equal(default, r.ParentSpanId));
        Assert.All(reconciles, r => Assert.Equal("LiveStream", Tag(r, "airwave.object.kind")));
        Assert.Contains(reconciles, r => Tag(r, "airwave.reconcile.result") == "requeue");

        var calls = ended.Where(s => reconciles.Any(r => r.TraceId == s.TraceId && r.SpanId == s.ParentSpanId)).ToList();
        var create = Assert.Single(calls, c => c.OperationName == "medialive CreateChannel");
        Assert.Equal(ActivityKind.Client, create.Kind);
        Assert.Equal(("aws-api", "medialive", "CreateChannel"), (Tag(create, "rpc.system"), Tag(create, "rpc.service"), Tag(create, "rpc.method")));
        Assert.InRange((int)create.GetTagItem("http.response.status_code")!, 200, 299);
        Assert.Equal(1, create.GetTagItem("airwave.attempts"));
        Assert.Contains(calls, c => Tag(c, "rpc.system") == "kubernetes" && c.GetTagItem("http.response.status_code") is >= 200 and < 300);
    }

    private static string? Tag(Activity span, string name) => span.GetTagItem(name) as string;

    /// <summary>Keeps every span that ends, as an exporter would receive them.</summary>
    private sealed class Collect(ConcurrentQueue<Activity> ended) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => ended.Enqueue(data);
    }
}
