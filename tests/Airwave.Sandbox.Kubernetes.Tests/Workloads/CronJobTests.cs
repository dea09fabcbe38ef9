using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Pods;
using Airwave.Sandbox.Kubernetes.Tests.Infrastructure;

namespace Airwave.Sandbox.Kubernetes.Tests.Workloads;

/// <summary>A sandbox whose clock the tests move, so that CronJobs' schedules come when a test says.</summary>
public sealed class ClockedSandbox : IAsyncLifetime
{
    public ClockedSandbox()
    {
        Fixture = new SandboxFixture(new KubernetesApiServerOptions
        {
            Https = true,
            Kubelet = new KubeletOptions { RestartDelay = TimeSpan.FromMilliseconds(200), MaxRestartDelay = TimeSpan.FromSeconds(1) },
            Time = Clock,
        });
    }

    public ManualTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public SandboxFixture Fixture { get; }

    public Task InitializeAsync() => Fixture.InitializeAsync();

    public Task DisposeAsync() => Fixture.DisposeAsync();
}

/// <summary>CronJobs as kube-controller-manager runs them, driven with the real kubectl and a clock the test moves.</summary>
public sealed class CronJobTests(ClockedSandbox sandbox) : IClassFixture<ClockedSandbox>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _ns = "cj-" + Guid.NewGuid().ToString("N")[..8];

    private Testing.Kubectl Kubectl => sandbox.Fixture.Kubectl;

    public Task InitializeAsync() => Kubectl.SucceedAsync("create", "namespace", _ns);

    public async Task DisposeAsync() => await Kubectl.RunAsync("delete", "namespace", _ns, "--wait=false");

    [Fact]
    public async Task A_cronjob_starts_a_job_at_each_scheduled_time_and_keeps_only_its_history()
    {
        await ApplyAsync("""
            apiVersion: batch/v1
            kind: CronJob
            metadata: { name: tick }
            spec:
              schedule: "*/5 * * * *"
              successfulJobsHistoryLimit: 1
              jobTemplate:
                metadata: { labels: { app: tick } }
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{ name: tick, image: busybox, command: ["sh", "-c", "echo tick"] }]
            """);
        var before = await Kubectl.SucceedAsync("get", "cronjobs", "-n", _ns);

        var first = await RunAtNextFiveMinutesAsync();
        var second = await RunAtNextFiveMinutesAsync();
        var jobs = await Eventually.MatchAsync(() => JobNamesAsync(), names => names.Count == 1, Timeout, "one job kept");
        var cronJob = JsonNode.Parse(await Kubectl.SucceedAsync("get", "cronjob", "tick", "-n", _ns, "-o", "json"))!;
        var job = JsonNode.Parse(await Kubectl.SucceedAsync("get", "job", second.Name, "-n", _ns, "-o", "json"))!;

        Assert.Matches(@"^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE\n", before);
        Assert.Matches(@"\ntick\s+\*/5 \* \* \* \*\s+<none>\s+False\s+0\s+<none>\s", before);
        Assert.Equal($"tick-{first.At.ToUnixTimeSeconds() / 60}", first.Name);
        Assert.Equal([second.Name], jobs);
        Assert.Equal(second.At.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), (string?)cronJob["status"]!["lastScheduleTime"]);
        Assert.NotNull(cronJob["status"]!["lastSuccessfulTime"]);
        Assert.Equal("tick", (string?)job["metadata"]!["labels"]!["app"]);
        Assert.Equal("CronJob", (string?)job["metadata"]!["ownerReferences"]![0]!["kind"]);
        Assert.Equal((string?)cronJob["status"]!["lastScheduleTime"], (string?)job["metadata"]!["annotations"]!["batch.kubernetes.io/cronjob-scheduled-timestamp"]);
    }

    [Fact]
    public async Task Forbid_skips_a_time_while_the_last_job_still_runs_and_a_manual_job_can_be_made_from_the_cronjob()
    {
        await ApplyAsync("""
            apiVersion: batch/v1
            kind: CronJob
            metadata: { name: slow }
            spec:
              schedule: "*/5 * * * *"
              concurrencyPolicy: Forbid
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{ name: slow, image: busybox, command: ["sleep", "600"] }]
            """);

        var first = await ScheduleNextFiveMinutesAsync();
        await Eventually.MatchAsync(() => JobNamesAsync(), names => names.Contains(first), Timeout, "the first job");
        await Eventually.MatchAsync(() => CronJobAsync("slow"), c => c["status"]?["active"]?.AsArray().Count == 1, Timeout, "one active job");
        var skipped = await ScheduleNextFiveMinutesAsync();
        var said = await Eventually.MatchAsync(
            () => Kubectl.SucceedAsync("get", "events", "-n", _ns, "--field-selector", "reason=JobAlreadyActive", "-o", "jsonpath={.items[*].message}"),
            message => message.Length > 0,
            Timeout,
            "the skipped time reported");
        var afterSkip = await JobNamesAsync();
        var manual = await Kubectl.RunAsync("create", "job", "by-hand", "--from=cronjob/slow", "-n", _ns);
        var jobs = await Eventually.MatchAsync(() => JobNamesAsync(), names => names.Contains("by-hand"), Timeout, "the job made by hand");

        Assert.Equal("Not starting job because prior execution is running and concurrency policy is Forbid", said);
        Assert.Equal([first], afterSkip);
        Assert.True(manual.ExitCode == 0, manual.ToString());
        Assert.DoesNotContain(skipped, jobs);
        Assert.Equal([first, "by-hand"], jobs.Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public async Task A_schedule_cron_cannot_read_is_refused_where_the_user_applies_it()
    {
        var refused = await Kubectl.RunWithInputAsync("""
            apiVersion: batch/v1
            kind: CronJob
            metadata: { name: broken }
            spec:
              schedule: "61 * * * *"
              jobTemplate: { spec: { template: { spec: { restartPolicy: Never, containers: [{ name: x, image: busybox }] } } } }
            """, ["apply", "-n", _ns, "-f", "-"]);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("spec.schedule: Invalid value: \"61 * * * *\"", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("61 is out of bounds [0, 59]", refused.StandardError, StringComparison.Ordinal);
    }

    /// <summary>Moves the clock just past the next multiple of five minutes: the time a "*/5" schedule names.</summary>
    private Task<string> ScheduleNextFiveMinutesAsync()
    {
        var now = sandbox.Clock.GetUtcNow();
        var next = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute - (now.Minute % 5), 0, TimeSpan.Zero).AddMinutes(5);
        sandbox.Clock.Advance(next - now + TimeSpan.FromSeconds(1));
        return Task.FromResult($"slow-{next.ToUnixTimeSeconds() / 60}");
    }

    /// <summary>Moves the clock to the next five minutes and waits for the job that time starts to complete.</summary>
    private async Task<(string Name, DateTimeOffset At)> RunAtNextFiveMinutesAsync()
    {
        var now = sandbox.Clock.GetUtcNow();
        var at = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute - (now.Minute % 5), 0, TimeSpan.Zero).AddMinutes(5);
        sandbox.Clock.Advance(at - now + TimeSpan.FromSeconds(1));
        var name = $"tick-{at.ToUnixTimeSeconds() / 60}";
        await Eventually.MatchAsync(
            async () => JsonNode.Parse(await Kubectl.RunAsync("get", "job", name, "-n", _ns, "-o", "json") is { ExitCode: 0 } found ? found.StandardOutput : "{}")!,
            j => j["status"]?["succeeded"] is not null && (int)j["status"]!["succeeded"]! == 1,
            Timeout,
            $"job {name} complete");
        return (name, at);
    }

    private async Task<JsonNode> CronJobAsync(string name) => JsonNode.Parse(await Kubectl.SucceedAsync("get", "cronjob", name, "-n", _ns, "-o", "json"))!;

    private async Task<IReadOnlyList<string>> JobNamesAsync() =>
        (await Kubectl.SucceedAsync("get", "jobs", "-n", _ns, "-o", "jsonpath={.items[*].metadata.name}")).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private async Task ApplyAsync(string manifest)
    {
        var applied = await Kubectl.RunWithInputAsync(manifest, ["apply", "-n", _ns, "-f", "-"]);
        Assert.True(applied.ExitCode == 0, applied.ToString());
    }
}
