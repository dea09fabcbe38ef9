using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Tests.Pods;

/// <summary>Volumes are where the containers expect them, in a mount namespace of their own, and in-cluster clients find their service account.</summary>
public sealed class PodVolumeTests(KubeletSandbox sandbox) : IClassFixture<KubeletSandbox>, IAsyncLifetime
{
    private const string ServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _ns = "v-" + Guid.NewGuid().ToString("N")[..8];

    private Testing.Kubectl Kubectl => sandbox.Fixture.Kubectl;

    public Task InitializeAsync() => Kubectl.SucceedAsync("create", "namespace", _ns);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Secret_and_config_map_volumes_are_read_only_files_at_their_mount_paths_seen_by_no_one_else()
    {
        await Kubectl.SucceedAsync("create", "secret", "generic", "db", "-n", _ns, "--from-literal=password=s3cr3t", "--from-literal=user=app");
        await Kubectl.SucceedAsync("create", "configmap", "settings", "-n", _ns, "--from-literal=app.conf=colour=blue", "--from-literal=other=x");
        await Kubectl.RunWithInputAsync("""
            apiVersion: v1
            kind: Pod
            metadata: { name: files }
            spec:
              restartPolicy: Never
              containers:
                - name: main
                  image: busybox
                  command: [sh, -c, 'cat /etc/db/password; echo; ls /etc/db; cat /etc/app/app.conf; echo; ls /etc/app; stat -c %a /etc/db/user; (echo x > /etc/db/new) 2>/dev/null || echo read-only']
                  volumeMounts:
                    - { name: db, mountPath: /etc/db, readOnly: true }
                    - { name: conf, mountPath: /etc/app/app.conf, subPath: app.conf }
              volumes:
                - name: db
                  secret: { secretName: db, defaultMode: 0400 }
                - name: conf
                  configMap: { name: settings, items: [ { key: app.conf, path: app.conf } ] }
            """, ["apply", "-n", _ns, "-f", "-"]);

        // The shell's complaint about the read-only file goes to /dev/null: stdout and stderr are two pipes, so where a
        // stderr line lands among the stdout lines in the log is a matter of timing, here as on a node.
        await WaitForPodAsync("files", p => Phase(p) == "Succeeded");
        var logs = (await Kubectl.SucceedAsync("logs", "files", "-n", _ns)).Split('\n');

        Assert.Equal("s3cr3t", logs[0]);
        Assert.Equal(["password", "user"], logs[1..3]);
        Assert.Equal("colour=blue", logs[3]);
        Assert.Equal("app.conf", logs[4]);
        Assert.Equal("400", logs[5]);
        Assert.Contains("read-only", logs[6..]);
        Assert.False(File.Exists("/etc/db/password"), "the secret volume is visible outside the pod");
    }

    [Fact]
    public async Task A_running_pod_sees_its_secret_volume_follow_the_secret()
    {
        await Kubectl.SucceedAsync("create", "secret", "generic", "plan", "-n", _ns, "--from-literal=value=one", "--from-literal=old=x");
        await Kubectl.RunWithInputAsync("""
            apiVersion: v1
            kind: Pod
            metadata: { name: follower }
            spec:
              restartPolicy: Never
              containers:
                - name: main
                  image: busybox
                  command: [sh, -c, 'cat /etc/plan/value; echo; i=0; while [ "$(cat /etc/plan/value)" != two ] || [ -e /etc/plan/old ]; do i=$((i+1)); [ $i -gt 600 ] && exit 1; sleep 0.1; done; cat /etc/plan/value; echo; ls /etc/plan']
                  volumeMounts: [ { name: plan, mountPath: /etc/plan, readOnly: true } ]
              volumes:
                - { name: plan, secret: { secretName: plan } }
            """, ["apply", "-n", _ns, "-f", "-"]);
        await WaitForPodAsync("follower", p => Phase(p) == "Running");
        await Eventually.MatchAsync(() => Kubectl.SucceedAsync("logs", "follower", "-n", _ns), logs => logs.StartsWith("one\n", StringComparison.Ordinal), Timeout, "the first value read");

        await Kubectl.RunWithInputAsync($$"""
            apiVersion: v1
            kind: Secret
            metadata: { name: plan, namespace: {{_ns}} }
            stringData: { value: two }
            """, ["replace", "-f", "-"]);

        var pod = await WaitForPodAsync("follower", p => Phase(p) is "Succeeded" or "Failed");
        Assert.Equal("Succeeded", Phase(pod));
        Assert.Equal("one\ntwo\nvalue\n", await Kubectl.SucceedAsync("logs", "follower", "-n", _ns));
    }

    [Fact]
    public async Task An_empty_dir_is_shared_by_the_pods_init_container_and_container()
    {
        await Kubectl.RunWithInputAsync("""
            apiVersion: v1
            kind: Pod
            metadata: { name: shared }
            spec:
              restartPolicy: Never
              initContainers:
                - name: write
                  image: busybox
                  command: [sh, -c, 'echo from-init > /work/handoff']
                  volumeMounts: [ { name: work, mountPath: /work } ]
              containers:
                - name: read
                  image: busybox
                  workingDir: /work
                  command: [sh, -c, 'cat handoff; pwd']
                  volumeMounts: [ { name: work, mountPath: /work } ]
              volumes:
                - { name: work, emptyDir: {} }
            """, ["apply", "-n", _ns, "-f", "-"]);

        await WaitForPodAsync("shared", p => Phase(p) == "Succeeded");

        Assert.Equal("from-init\n/work\n", await Kubectl.SucceedAsync("logs", "shared", "-n", _ns, "-c", "read"));
    }

    [Fact]
    public async Task The_service_account_token_authenticates_the_pod_as_its_service_account_over_the_clusters_ca()
    {
        await Kubectl.RunWithInputAsync("""
            apiVersion: v1
            kind: Pod
            metadata: { name: client }
            spec:
              restartPolicy: Never
              containers:
                - name: main
                  image: debian
                  command:
                    - bash
                    - -c
                    - |
                      cd /var/run/secrets/kubernetes.io/serviceaccount
                      echo "namespace=$(cat namespace)"
                      curl -sS --cacert ca.crt -H "Authorization: Bearer $(cat token)" "https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT/api/v1/namespaces/$(cat namespace)/pods"
            """, ["apply", "-n", _ns, "-f", "-"]);

        var pod = await WaitForPodAsync("client", p => Phase(p) is "Succeeded" or "Failed");
        var logs = await Kubectl.SucceedAsync("logs", "client", "-n", _ns);

        Assert.Equal("Succeeded", Phase(pod));
        Assert.Equal("default", (string?)pod["spec"]!["serviceAccountName"]);
        Assert.StartsWith($"namespace={_ns}\n", logs);
        var status = JsonNode.Parse(logs[(logs.IndexOf('\n') + 1)..])!;
        Assert.Equal(403, (int)status["code"]!);
        Assert.Contains($"User \"system:serviceaccount:{_ns}:default\" cannot list resource \"pods\"", (string?)status["message"]);
    }

    [Fact]
    public async Task A_pods_token_is_honoured_while_the_pod_exists()
    {
        await Kubectl.SucceedAsync("run", "holder", "-n", _ns, "--image=busybox", "--restart=Never", "--", "sh", "-c", "sleep 600");
        var pod = await WaitForPodAsync("holder", p => Phase(p) == "Running");
        var volume = (string)pod["spec"]!["volumes"]!.AsArray().Single(v => ((string)v!["name"]!).StartsWith("kube-api-access-", StringComparison.Ordinal))!["name"]!;
        var token = await File.ReadAllTextAsync(Path.Combine(new Kubernetes.Pods.KubeletOptions().PodsDirectory, (string)pod["metadata"]!["uid"]!, ".volumes", volume, "token"));

        var whileRunning = await Kubectl.RunAsync("get", "pods", "-n", _ns, $"--token={token}");
        await Kubectl.SucceedAsync("delete", "pod", "holder", "-n", _ns, "--wait=false");
        var afterDeletion = await Eventually.MatchAsync(() => Kubectl.RunAsync("get", "pods", "-n", _ns, $"--token={token}"), r => r.StandardError.Contains("Unauthorized", StringComparison.Ordinal), Timeout, "the token refused");

        Assert.Contains($"User \"system:serviceaccount:{_ns}:default\" cannot list resource \"pods\"", whileRunning.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, afterDeletion.ExitCode);
    }

    [Fact]
    public async Task A_pod_that_opts_out_of_the_token_gets_no_service_account_volume()
    {
        await Kubectl.RunWithInputAsync("""
            apiVersion: v1
            kind: Pod
            metadata: { name: no-token }
            spec:
              restartPolicy: Never
              automountServiceAccountToken: false
              containers:
                - name: main
                  image: busybox
                  command: [sh, -c, 'ls /var/run/secrets/kubernetes.io/serviceaccount/token 2>/dev/null || echo no-token']
            """, ["apply", "-n", _ns, "-f", "-"]);

        var pod = await WaitForPodAsync("no-token", p => Phase(p) == "Succeeded");

        Assert.Null(pod["spec"]!["volumes"]);
        Assert.Equal("no-token\n", await Kubectl.SucceedAsync("logs", "no-token", "-n", _ns));
    }

    [Fact]
    public async Task A_volume_whose_secret_is_missing_keeps_the_pod_creating_with_the_reason_until_it_exists()
    {
        await Kubectl.RunWithInputAsync("""
            apiVersion: v1
            kind: Pod
            metadata: { name: later }
            spec:
              restartPolicy: Never
              containers:
                - name: main
                  image: busybox
                  command: [sh, -c, 'cat /etc/later/key']
                  volumeMounts: [ { name: later, mountPath: /etc/later } ]
              volumes:
                - { name: later, secret: { secretName: later } }
            """, ["apply", "-n", _ns, "-f", "-"]);

        var waiting = await WaitForPodAsync("later", p => ((string?)Waiting(p)?["message"])?.Contains("later", StringComparison.Ordinal) == true);
        await Kubectl.SucceedAsync("create", "secret", "generic", "later", "-n", _ns, "--from-literal=key=arrived");
        await WaitForPodAsync("later", p => Phase(p) == "Succeeded");

        Assert.Equal("Pending", Phase(waiting));
        Assert.Equal("ContainerCreating", (string?)Waiting(waiting)!["reason"]);
        Assert.Equal("MountVolume.SetUp failed for volume \"later\" : secret \"later\" not found", (string?)Waiting(waiting)!["message"]);
        Assert.Equal("arrived\n", await Kubectl.SucceedAsync("logs", "later", "-n", _ns));
    }

    [Fact]
    public async Task Resource_fields_reach_the_environment_and_downward_api_files_in_units_of_their_divisor()
    {
        await Kubectl.RunWithInputAsync("""
            apiVersion: v1
            kind: Pod
            metadata: { name: sized, labels: { tier: media } }
            spec:
              restartPolicy: Never
              containers:
                - name: main
                  image: busybox
                  command: [sh, -c, 'echo "$MEMORY_MI $CPU_MILLI $CPUS"; cat /etc/pod/memory-ki; echo; cat /etc/pod/labels']
                  resources:
                    limits: { memory: 64Mi }
                    requests: { cpu: 250m }
                  env:
                    - { name: MEMORY_MI, valueFrom: { resourceFieldRef: { resource: limits.memory, divisor: 1Mi } } }
                    - { name: CPU_MILLI, valueFrom: { resourceFieldRef: { resource: requests.cpu, divisor: 1m } } }
                    - { name: CPUS, valueFrom: { resourceFieldRef: { resource: limits.cpu } } }
                  volumeMounts: [ { name: pod, mountPath: /etc/pod } ]
              volumes:
                - name: pod
                  downwardAPI:
                    items:
                      - { path: memory-ki, resourceFieldRef: { containerName: main, resource: limits.memory, divisor: 1Ki } }
                      - { path: labels, fieldRef: { fieldPath: metadata.labels } }
            """, ["apply", "-n", _ns, "-f", "-"]);

        await WaitForPodAsync("sized", p => Phase(p) == "Succeeded");

        // No cpu limit: the node's, which is this machine's.
        Assert.Equal($"64 250 {Environment.ProcessorCount}\n65536\ntier=\"media\"\n", await Kubectl.SucceedAsync("logs", "sized", "-n", _ns));
    }

    [Fact]
    public async Task Every_namespace_gets_a_default_service_account_and_the_clusters_ca_which_come_back_when_deleted()
    {
        await Eventually.MatchAsync(() => Kubectl.RunAsync("get", "serviceaccount", "default", "-n", _ns), r => r.ExitCode == 0, Timeout, "the default service account");
        await Kubectl.SucceedAsync("delete", "configmap", "kube-root-ca.crt", "-n", _ns);

        var ca = await Eventually.MatchAsync(
            async () => await Kubectl.RunAsync("get", "configmap", "kube-root-ca.crt", "-n", _ns, "-o", "jsonpath={.data.ca\\.crt}"),
            r => r.ExitCode == 0,
            Timeout,
            "kube-root-ca.crt recreated");

        Assert.StartsWith("-----BEGIN CERTIFICATE-----", ca.StandardOutput);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("kube-system")]
    public async Task The_namespaces_the_cluster_starts_with_have_their_default_service_account_too(string ns)
    {
        var account = await Eventually.MatchAsync(() => Kubectl.RunAsync("get", "serviceaccount", "default", "-n", ns, "-o", "name"), r => r.ExitCode == 0, Timeout, $"the default service account of {ns}");
        var token = await Kubectl.RunAsync("create", "token", "default", "-n", ns);

        Assert.Equal("serviceaccount/default", account.StandardOutput.Trim());
        Assert.True(token.ExitCode == 0, token.ToString());
        Assert.Equal(3, token.StandardOutput.Trim().Split('.').Length);
    }

    private static string? Phase(JsonNode? pod) => PodStatus.Phase(pod);

    private static JsonNode? Waiting(JsonNode? pod) => PodStatus.Waiting(pod);

    private Task<JsonNode> WaitForPodAsync(string name, Func<JsonNode, bool> condition) => PodStatus.WaitForAsync(Kubectl, _ns, name, condition);
}
