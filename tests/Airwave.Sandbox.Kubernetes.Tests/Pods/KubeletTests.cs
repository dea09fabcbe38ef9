using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Airwave.Testing;
using Airwave.Sandbox.Kubernetes.Pods;
using Airwave.Sandbox.Kubernetes.Tests.Infrastructure;

namespace Airwave.Sandbox.Kubernetes.Tests.Pods;

/// <summary>An API server with a kubelet, over HTTPS as the sandbox runs it; restarts wait 200 ms here rather than a second.</summary>
public sealed class KubeletSandbox() : IAsyncLifetime
{
    private readonly SandboxFixture _fixture = new(new KubernetesApiServerOptions
    {
        Https = true,
        Kubelet = new KubeletOptions { RestartDelay = TimeSpan.FromMilliseconds(200), MaxRestartDelay = TimeSpan.FromSeconds(1) },
    });

    public SandboxFixture Fixture => _fixture;

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();
}

/// <summary>Pods run as local processes, driven with the real kubectl as on a cluster.</summary>
public sealed partial class KubeletTests(KubeletSandbox sandbox) : IClassFixture<KubeletSandbox>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _ns = "p-" + Guid.NewGuid().ToString("N")[..8];

    private Testing.Kubectl Kubectl => sandbox.Fixture.Kubectl;

    public Task InitializeAsync() => Kubectl.SucceedAsync("create", "namespace", _ns);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_created_pod_is_Pending_with_its_qos_class_and_runs_its_command_once_it_says_Running()
    {
        await using var watch = await WatchPodAsync("settled");

        // A token volume is mounted, so the container starts behind the sandbox's mount setup.
        var created = await Kubectl.RunWithInputAsync("""
            apiVersion: v1
            kind: Pod
            metadata: { name: settled }
            spec:
              containers:
              - name: main
                image: busybox
                command: [sleep, "600"]
                resources: { limits: { cpu: 100m, memory: 64Mi } }
            """, ["create", "-n", _ns, "-f", "-", "-o", "json"]);
        var commandWhenRunning = await CommandWhenFirstRunningAsync(watch);
        var exec = await Kubectl.RunAsync("exec", "settled", "-n", _ns, "--", "cat", "/var/run/secrets/kubernetes.io/serviceaccount/namespace");

        Assert.True(created.ExitCode == 0, created.ToString());
        var status = JsonNode.Parse(created.StandardOutput)!["status"]!;
        Assert.Equal("Pending", (string?)status["phase"]);
        Assert.Equal("Guaranteed", (string?)status["qosClass"]);
        Assert.Equal("sleep 600", commandWhenRunning);
        Assert.True(exec.ExitCode == 0, exec.ToString());
        Assert.Equal(_ns, exec.StandardOutput);
    }

    [Fact]
    public async Task A_pod_that_exits_3_ends_failed_with_its_exit_code_and_its_output_in_the_logs()
    {
        await Kubectl.SucceedAsync("run", "t", "-n", _ns, "--image=busybox", "--restart=Never", "--", "sh", "-c", "echo hello; exit 3");

        var pod = await WaitForPodAsync("t", p => Phase(p) == "Failed");
        var logs = await Kubectl.SucceedAsync("logs", "t", "-n", _ns);
        var table = await Kubectl.SucceedAsync("get", "pod", "t", "-n", _ns, "-o", "wide");

        Assert.Matches(@"NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE", table);
        Assert.Matches(@"t\s+0/1\s+Error\s+0\s+\S+\s+127(\.\d+){3}\s+airwave-sandbox", table);
        var terminated = pod["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!;
        Assert.Equal(3, (int)terminated["exitCode"]!);
        Assert.Equal("Error", (string?)terminated["reason"]);
        Assert.Equal("hello\n", logs);
    }

    [Fact]
    public async Task A_pod_that_succeeds_ends_succeeded_and_kubectl_logs_tail_prints_the_last_lines()
    {
        await Kubectl.SucceedAsync("run", "counter", "-n", _ns, "--image=docker.io/library/alpine:3.20", "--restart=Never", "--", "sh", "-c", "for i in 1 2 3 4 5; do echo line $i; done");

        var pod = await WaitForPodAsync("counter", p => Phase(p) == "Succeeded");
        var tail = await Kubectl.SucceedAsync("logs", "counter", "-n", _ns, "--tail=2");

        Assert.Equal(0, (int)pod["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!["exitCode"]!);
        Assert.Equal("line 4\nline 5\n", tail);
    }

    [Fact]
    public async Task Containers_run_below_the_api_servers_priority_so_busy_pods_cannot_starve_it()
    {
        await Kubectl.SucceedAsync("run", "niceness", "-n", _ns, "--image=busybox", "--restart=Never", "--", "sh", "-c", "nice");

        await WaitForPodAsync("niceness", p => Phase(p) == "Succeeded");
        var logs = await Kubectl.SucceedAsync("logs", "niceness", "-n", _ns);

        // The API server runs in this test's process, at its niceness (the 19th field of /proc/self/stat).
        var own = int.Parse((await File.ReadAllTextAsync("/proc/self/stat")).Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[16], CultureInfo.InvariantCulture);
        Assert.Equal(Math.Min(own + 10, 19), int.Parse(logs, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Env_from_a_secret_a_config_map_and_the_pod_reaches_the_process_with_references_expanded()
    {
        await Kubectl.SucceedAsync("create", "secret", "generic", "db", "-n", _ns, "--from-literal=password=s3cr3t");
        await Kubectl.SucceedAsync("create", "configmap", "settings", "-n", _ns, "--from-literal=colour=blue", "--from-literal=size=large");
        await Kubectl.RunWithInputAsync("""
            apiVersion: v1
            kind: Pod
            metadata: { name: env, labels: { team: red } }
            spec:
              restartPolicy: Never
              containers:
                - name: main
                  image: busybox
                  command: [sh, -c, 'echo "$PASSWORD $COLOUR $POD $TEAM $GREETING $CFG_size $RAW"']
                  envFrom:
                    - { prefix: CFG_, configMapRef: { name: settings } }
                  env:
                    - { name: PASSWORD, valueFrom: { secretKeyRef: { name: db, key: password } } }
                    - { name: COLOUR, valueFrom: { configMapKeyRef: { name: settings, key: colour } } }
                    - { name: POD, valueFrom: { fieldRef: { fieldPath: metadata.name } } }
                    - { name: TEAM, valueFrom: { fieldRef: { fieldPath: "metadata.labels['team']" } } }
                    - { name: GREETING, value: "hello-$(POD)" }
                    - { name: RAW, value: "$(NOT_DEFINED)-$$(POD)" }
            """, ["apply", "-n", _ns, "-f", "-"]);

        await WaitForPodAsync("env", p => Phase(p) == "Succeeded");

        Assert.Equal("s3cr3t blue env red hello-env large $(NOT_DEFINED)-$(POD)\n", await Kubectl.SucceedAsync("logs", "env", "-n", _ns));
    }

    [Fact]
    public async Task A_missing_secret_keeps_the_container_waiting_until_it_exists()
    {
        await Kubectl.RunWithInputAsync("""
            apiVersion: v1
            kind: Pod
            metadata: { name: late }
            spec:
              restartPolicy: Never
              containers:
                - name: main
                  image: busybox
                  command: [sh, -c, 'echo "$TOKEN"']
                  env:
                    - { name: TOKEN, valueFrom: { secretKeyRef: { name: later, key: token } } }
            """, ["apply", "-n", _ns, "-f", "-"]);

        var waiting = await WaitForPodAsync("late", p => Waiting(p)?["reason"] is not null);
        await Kubectl.SucceedAsync("create", "secret", "generic", "later", "-n", _ns, "--from-literal=token=abc");
        await WaitForPodAsync("late", p => Phase(p) == "Succeeded");

        Assert.Equal("Pending", Phase(waiting));
        Assert.Equal("CreateContainerConfigError", (string?)Waiting(waiting)!["reason"]);
        Assert.Equal("secret \"later\" not found", (string?)Waiting(waiting)!["message"]);
        Assert.Equal("abc\n", await Kubectl.SucceedAsync("logs", "late", "-n", _ns));
    }

    [Fact]
    public async Task An_image_the_sandbox_cannot_run_stays_pending_with_a_reason_naming_the_image_map()
    {
        await Kubectl.SucceedAsync("run", "web", "-n", _ns, "--image=nginx:1.27", "--restart=Never");

        var pod = await WaitForPodAsync("web", p => Waiting(p)?["reason"] is not null);
        var table = await Kubectl.SucceedAsync("get", "pods", "-n", _ns);

        Assert.Matches(@"web\s+0/1\s+ErrImagePull\s+0", table);

        Assert.Equal("Pending", Phase(pod));
        Assert.Equal("ErrImagePull", (string?)Waiting(pod)!["reason"]);
        Assert.Contains("--image-map", (string?)Waiting(pod)!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_failure_the_container_is_restarted_and_logs_previous_shows_the_run_before()
    {
        await Kubectl.SucceedAsync("run", "flaky", "-n", _ns, "--image=busybox", "--restart=OnFailure", "--", "sh", "-c", "echo attempt; exit 1");

        var pod = await WaitForPodAsync("flaky", p => (int?)p["status"]?["containerStatuses"]?[0]?["restartCount"] >= 2);
        var previous = await Kubectl.SucceedAsync("logs", "flaky", "-n", _ns, "--previous");

        Assert.NotEqual("Succeeded", Phase(pod));
        Assert.Equal(1, (int?)pod["status"]!["containerStatuses"]![0]!["lastState"]!["terminated"]?["exitCode"]);
        Assert.Equal("attempt\n", previous);
        await Kubectl.SucceedAsync("delete", "pod", "flaky", "-n", _ns);
    }

    [Fact]
    public async Task A_readiness_probe_gates_ready_and_a_failing_liveness_probe_restarts_the_container()
    {
        await Kubectl.RunWithInputAsync("""
            apiVersion: v1
            kind: Pod
            metadata: { name: probed }
            spec:
              terminationGracePeriodSeconds: 1
              containers:
                - name: slow-start
                  image: busybox
                  command: [sh, -c, "sleep 2; touch ready; sleep 600"]
                  readinessProbe: { exec: { command: [test, -f, ready] }, periodSeconds: 1 }
                - name: stuck
                  image: busybox
                  command: [sh, -c, "sleep 600"]
                  livenessProbe: { exec: { command: ["false"] }, periodSeconds: 1, failureThreshold: 2 }
            """, ["apply", "-n", _ns, "-f", "-"]);

        var starting = await WaitForPodAsync("probed", p => Phase(p) == "Running");
        var ready = await WaitForPodAsync("probed", p => Container(p, "slow-start")?["ready"]?.GetValue<bool>() == true);
        var restarted = await WaitForPodAsync("probed", p => (int?)Container(p, "stuck")?["restartCount"] >= 1);
        await Kubectl.SucceedAsync("delete", "pod", "probed", "-n", _ns, "--wait=false");

        Assert.False(Container(starting, "slow-start")!["ready"]!.GetValue<bool>());
        Assert.Equal("False", (string?)starting["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Ready")!["status"]);
        Assert.Equal("Running", Phase(ready));
        Assert.Equal(143, (int?)Container(restarted, "stuck")!["lastState"]!["terminated"]?["exitCode"]);
    }

    [Fact]
    public async Task Pods_listening_on_one_port_at_their_own_addresses_are_both_ready_and_answer_there()
    {
        // As in a cluster, where each pod has its own network: here each has its own loopback address (status.podIP).
        var port = Airwave.Sandbox.Aws.LoopbackPorts.Reserve();
        foreach (var name in new[] { "web-a", "web-b" })
        {
            await Kubectl.RunWithInputAsync($$"""
                apiVersion: v1
                kind: Pod
                metadata: { name: {{name}} }
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                    - name: server
                      image: debian
                      command: [sh, -c, "echo {{name}} > index.html && exec python3 -m http.server {{port}} --bind $(POD_IP)"]
                      env: [{ name: POD_IP, valueFrom: { fieldRef: { fieldPath: status.podIP } } }]
                      ports: [{ name: http, containerPort: {{port}} }]
                      readinessProbe: { httpGet: { path: /, port: http }, periodSeconds: 1 }
                """, ["apply", "-n", _ns, "-f", "-"]);
        }

        var ready = new List<JsonNode>();
        foreach (var name in new[] { "web-a", "web-b" })
        {
            ready.Add(await WaitForPodAsync(name, p => (string?)p["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == "Ready")?["status"] == "True"));
        }

        using var http = new HttpClient();
        var answers = new List<string>();
        foreach (var pod in ready)
        {
            answers.Add((await http.GetStringAsync(new Uri($"http://{(string?)pod["status"]!["podIP"]}:{port}/index.html"))).Trim());
        }

        await Kubectl.SucceedAsync("delete", "pod", "web-a", "web-b", "-n", _ns, "--wait=false");

        Assert.All(ready, pod => Assert.Equal("Running", Phase(pod)));
        Assert.All(ready, pod => Assert.True(Container(pod, "server")!["ready"]!.GetValue<bool>()));
        Assert.All(ready, pod => Assert.StartsWith("127.", (string?)pod["status"]!["podIP"], StringComparison.Ordinal));
        Assert.NotEqual((string?)ready[0]["status"]!["podIP"], (string?)ready[1]["status"]!["podIP"]);
        Assert.Equal(["web-a", "web-b"], answers);
    }

    [Fact]
    public async Task Init_containers_run_in_order_before_the_containers_and_a_failing_one_fails_the_pod()
    {
        await Kubectl.RunWithInputAsync("""
            apiVersion: v1
            kind: Pod
            metadata: { name: staged }
            spec:
              restartPolicy: Never
              initContainers:
                - { name: first, image: busybox, command: [sh, -c, "sleep 1; echo one > ../order"] }
                - { name: second, image: busybox, command: [sh, -c, "echo two >> ../order"] }
              containers:
                - { name: main, image: busybox, command: [sh, -c, "cat ../order"] }
            ---
            apiVersion: v1
            kind: Pod
            metadata: { name: blocked }
            spec:
              restartPolicy: Never
              initContainers:
                - { name: check, image: busybox, command: [sh, -c, "exit 4"] }
              containers:
                - { name: main, image: busybox, command: [sh, -c, "echo never"] }
            """, ["apply", "-n", _ns, "-f", "-"]);

        var initializing = await WaitForPodAsync("staged", p => Phase(p) is not null);
        var done = await WaitForPodAsync("staged", p => Phase(p) == "Succeeded");
        var blocked = await WaitForPodAsync("blocked", p => Phase(p) == "Failed");
        var table = await Kubectl.SucceedAsync("get", "pod", "blocked", "-n", _ns);

        Assert.Equal("Pending", Phase(initializing));
        Assert.Equal("one\ntwo\n", await Kubectl.SucceedAsync("logs", "staged", "-n", _ns));
        Assert.Equal(2, done["status"]!["initContainerStatuses"]!.AsArray().Count(s => (int?)s!["state"]!["terminated"]?["exitCode"] == 0));
        Assert.Equal(4, (int?)blocked["status"]!["initContainerStatuses"]![0]!["state"]!["terminated"]?["exitCode"]);
        Assert.Equal("PodInitializing", (string?)blocked["status"]!["containerStatuses"]![0]!["state"]!["waiting"]?["reason"]);
        Assert.Matches(@"blocked\s+0/1\s+Init:Error\s+0", table);
    }

    [Fact]
    public async Task Deleting_a_pod_while_an_init_container_runs_ends_that_process()
    {
        await Kubectl.RunWithInputAsync("""
            apiVersion: v1
            kind: Pod
            metadata: { name: initializing }
            spec:
              terminationGracePeriodSeconds: 1
              initContainers:
                - { name: wait, image: busybox, command: [sh, -c, "echo $$$$ > ../init.pid; sleep 600"] }
              containers:
                - { name: main, image: busybox, command: [sh, -c, "true"] }
            """, ["apply", "-n", _ns, "-f", "-"]);
        var pod = await WaitForPodAsync("initializing", p => p["status"]?["initContainerStatuses"]?[0]?["state"]?["running"] is not null);
        var pidFile = Path.Combine(Path.GetTempPath(), "airwave-sandbox-pods", (string)pod["metadata"]!["uid"]!, "init.pid");
        var pid = await Eventually.MatchAsync(() => File.Exists(pidFile) ? File.ReadAllText(pidFile).Trim() : "", p => p.Length > 0, Timeout, "the init container's pid");

        await Kubectl.SucceedAsync("delete", "pod", "initializing", "-n", _ns, "--wait=false");

        var gone = await Eventually.MatchAsync(() => PodStatus.ProcessEnded(int.Parse(pid, CultureInfo.InvariantCulture)), ended => ended, Timeout, $"init container process {pid} ended");
        Assert.True(gone);
    }

    /// <summary>
    /// kubectl watching for the pod, a line per event: its type, the pod's phase and its container's ID. It returns
    /// once the API server has answered kubectl's watch request (which kubectl logs at -v=6), so no status is missed.
    /// </summary>
    private async Task<RunningProcess> WatchPodAsync(string name)
    {
        var watch = Kubectl.Start(
            "get", "pods", "-n", _ns, "--field-selector", $"metadata.name={name}", "-w", "--output-watch-events", "--no-headers", "-v=6",
            "-o", "custom-columns=EVENT:.type,PHASE:.object.status.phase,ID:.object.status.containerStatuses[0].containerID");
        await Eventually.MatchAsync(() => watch.StandardError, WatchAnswered().IsMatch, Timeout, "kubectl's watch answered");
        return watch;
    }

    /// <summary>
    /// The command line of the pod's container when the first status that says Running arrives (read at once: that
    /// status is the one a client acts on).
    /// </summary>
    private static async Task<string> CommandWhenFirstRunningAsync(RunningProcess watch)
    {
        var running = (await watch.ReadUntilAsync(line => RunningContainer().IsMatch(line), Timeout))[^1];
        var pid = RunningContainer().Match(running).Groups["pid"].Value;
        return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
    }

    [GeneratedRegex(@"GET \S+watch=true\S* 200 OK")]
    private static partial Regex WatchAnswered();

    [GeneratedRegex(@"\sRunning\s+sandbox://(?<pid>[0-9]+)$")]
    private static partial Regex RunningContainer();

    private static JsonNode? Container(JsonNode? pod, string name) =>
        (pod?["status"]?["containerStatuses"] as JsonArray ?? []).FirstOrDefault(c => (string?)c?["name"] == name);

    private static string? Phase(JsonNode? pod) => PodStatus.Phase(pod);

    private static JsonNode? Waiting(JsonNode? pod) => PodStatus.Waiting(pod);

    private Task<JsonNode> WaitForPodAsync(string name, Func<JsonNode, bool> condition) => PodStatus.WaitForAsync(Kubectl, _ns, name, condition);
}
