using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Tests.Infrastructure;

namespace Airwave.Sandbox.Kubernetes.Tests.Kubectl;

/// <summary>The real kubectl 1.32 against the sandbox, with its default (strict) validation.</summary>
public sealed class KubectlTests(SandboxFixture sandbox) : KubectlTestBase(sandbox), IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Apply_of_a_crd_serves_its_resource_with_defaults_and_printer_columns()
    {
        var applied = await ApplyAsync(Manifests.Widget("alpha", "Running"));

        Assert.Contains("widget.test.airwave.dev/alpha created", applied, StringComparison.Ordinal);
        var yaml = await InNamespaceAsync("get", "widget", "alpha", "-o", "yaml");
        Assert.Contains("size: 3", yaml, StringComparison.Ordinal);
        Assert.Contains("generation: 1", yaml, StringComparison.Ordinal);
        var table = await InNamespaceAsync("get", "wd");
        Assert.Matches(@"NAME\s+STATE\s+PHASE\s+AGE", table);
        Assert.Matches(@"alpha\s+Running", table);
    }

    [Fact]
    public async Task Invalid_manifest_is_rejected_with_a_message_naming_the_field()
    {
        var invalid = await TryApplyAsync(Manifests.Widget("broken", "Paused"));
        var unknown = await TryApplyAsync(Manifests.Widget("unknown", "Running", "  colour: red"));
        var misspelt = await TryApplyAsync("""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: misspelt
              lables: { app: x }
            dat: { a: b }
            """);

        Assert.NotEqual(0, invalid.ExitCode);
        Assert.Contains("spec.state: Unsupported value: \"Paused\": supported values: \"Running\", \"Stopped\"", invalid.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("unknown field \"spec.colour\"", unknown.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, misspelt.ExitCode);
        Assert.Contains("unknown field \"metadata.lables\"", misspelt.StandardError, StringComparison.Ordinal);
        Assert.Contains("unknown field \"dat\"", misspelt.StandardError, StringComparison.Ordinal);
        var remaining = await InNamespaceAsync("get", "widgets", "-o", "name");
        Assert.Equal(string.Empty, remaining.Trim());
    }

    [Fact]
    public async Task Get_watch_prints_changes_made_by_another_client()
    {
        await ApplyAsync(Manifests.Widget("watched", "Running"));
        await using var watch = Kubectl.Start("-n", Namespace, "get", "widget", "watched", "-w", "-o", "jsonpath={.spec.size}{\"\\n\"}");
        Assert.Equal("3", await watch.ReadLineAsync(TimeSpan.FromSeconds(30)));

        // kubectl prints the object from a GET, then opens the watch and skips its first (synthetic) event, so a
        // change made before the watch is open is not printed; keep changing until one is.
        var printed = new List<string>();
        for (var size = 4; size <= 10 && printed.Count == 0; size++)
        {
            await Sandbox.Client.PatchAsync($"/apis/test.airwave.dev/v1/namespaces/{Namespace}/widgets/watched", new JsonObject { ["spec"] = new JsonObject { ["size"] = size } });
            try
            {
                printed.Add(await watch.ReadLineAsync(TimeSpan.FromSeconds(3)));
            }
            catch (TimeoutException)
            {
                // The watch was not open yet for this change.
            }
        }

        Assert.Single(printed);
        Assert.InRange(int.Parse(printed[0], System.Globalization.CultureInfo.InvariantCulture), 4, 10);
    }

    [Fact]
    public async Task Create_subcommands_sending_protobuf_create_config_maps_secrets_and_service_accounts()
    {
        await InNamespaceAsync("create", "configmap", "settings", "--from-literal=colour=blue");
        await InNamespaceAsync("create", "secret", "generic", "credentials", "--from-literal=token=s3cr3t");
        await InNamespaceAsync("create", "serviceaccount", "robot");

        var configMap = await GetJsonAsync("configmap", "settings");
        var secret = await GetJsonAsync("secret", "credentials");
        Assert.Equal("blue", (string?)configMap["data"]!["colour"]);
        Assert.Equal("s3cr3t", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["data"]!["token"]!)));
        Assert.Equal("Opaque", (string?)secret["type"]);
        Assert.Null(configMap["metadata"]!["generateName"]);
        Assert.Contains("serviceaccount/robot", await InNamespaceAsync("get", "serviceaccounts", "-o", "name"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_deployment_and_job_send_protobuf_that_is_stored_with_the_pod_template()
    {
        await InNamespaceAsync("create", "deployment", "web", "--image=busybox:1.36", "--replicas=3", "--", "sh", "-c", "sleep 600");
        await InNamespaceAsync("create", "job", "once", "--image=busybox", "--", "echo", "done");

        var deployment = await GetJsonAsync("deployment", "web");
        var job = await GetJsonAsync("job", "once");

        Assert.Equal(3, (int)deployment["spec"]!["replicas"]!);
        Assert.Equal("web", (string?)deployment["spec"]!["selector"]!["matchLabels"]!["app"]);
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("busybox:1.36", (string?)container["image"]);
        Assert.Equal(["sh", "-c", "sleep 600"], container["command"]!.AsArray().Select(c => (string?)c));
        Assert.Equal("Never", (string?)job["spec"]!["template"]!["spec"]!["restartPolicy"]);
        Assert.Equal(["echo", "done"], job["spec"]!["template"]!["spec"]!["containers"]![0]!["command"]!.AsArray().Select(c => (string?)c));
    }

    [Fact]
    public async Task Events_written_through_events_k8s_io_show_in_describe_and_get_events()
    {
        await ApplyAsync(Manifests.Widget("eventful", "Running"));
        var widget = await GetJsonAsync("widget", "eventful");
        await Sandbox.Client.PostAsync($"/apis/events.k8s.io/v1/namespaces/{Namespace}/events", new JsonObject
        {
            ["apiVersion"] = "events.k8s.io/v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = "eventful.started" },
            ["eventTime"] = "2026-11-21T18:00:00.000000Z",
            ["reportingController"] = "airwave.dev/operator",
            ["reportingInstance"] = "operator-0",
            ["action"] = "Start",
            ["reason"] = "ChannelStarted",
            ["type"] = "Normal",
            ["note"] = "MediaLive channel is running",
            ["regarding"] = new JsonObject
            {
                ["apiVersion"] = "test.airwave.dev/v1",
                ["kind"] = "Widget",
                ["namespace"] = Namespace,
                ["name"] = "eventful",
                ["uid"] = widget["metadata"]!["uid"]!.DeepClone(),
            },
        });

        var described = await InNamespaceAsync("describe", "widget", "eventful");
        var events = await InNamespaceAsync("get", "events", "--field-selector", "involvedObject.name=eventful");
        var viaEventsApi = await Sandbox.Client.GetAsync($"/apis/events.k8s.io/v1/namespaces/{Namespace}/events?fieldSelector=regarding.name%3Deventful");

        Assert.Matches(@"Normal\s+ChannelStarted\s+.*MediaLive channel is running", described);
        Assert.Matches(@"^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE\n\S+\s+Normal\s+ChannelStarted\s+widget/eventful\s+MediaLive channel is running\n$", events);
        Assert.Equal("MediaLive channel is running", (string?)viaEventsApi["items"]![0]!["note"]);
    }

    [Fact]
    public async Task An_event_created_through_events_k8s_io_with_the_core_views_fields_is_refused_as_kube_apiserver_does()
    {
        var refused = await Kubectl.RunWithInputAsync($$"""
            apiVersion: events.k8s.io/v1
            kind: Event
            metadata: { name: stamped }
            eventTime: "2026-01-01T00:00:00.000000Z"
            reportingController: airwave.dev/operator
            reportingInstance: operator-0
            action: Start
            reason: Started
            type: Normal
            regarding: { kind: Widget, name: stamped, namespace: {{Namespace}} }
            deprecatedLastTimestamp: "2026-01-01T00:00:00Z"
            deprecatedCount: 3
            """, ["-n", Namespace, "create", "-f", "-"]);
        var unreported = await Kubectl.RunWithInputAsync($$"""
            apiVersion: v1
            kind: Event
            metadata: { name: unreported }
            eventTime: "2026-01-01T00:00:00.000000Z"
            reason: Started
            involvedObject: { kind: Widget, name: unreported, namespace: {{Namespace}} }
            """, ["-n", Namespace, "create", "-f", "-"]);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("lastTimestamp: Invalid value: \"\": needs to be unset", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("count: Invalid value: \"\": needs to be unset", refused.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, unreported.ExitCode);
        Assert.Contains("reportingController: Required value", unreported.StandardError, StringComparison.Ordinal);
        Assert.Contains("action: Required value", unreported.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_with_merge_and_json_patch_changes_the_object()
    {
        await ApplyAsync(Manifests.Widget("patched", "Running"));

        await InNamespaceAsync("patch", "widget", "patched", "--type=merge", "-p", """{"spec":{"size":7}}""");
        await InNamespaceAsync("patch", "widget", "patched", "--type=json", "-p", """[{"op":"replace","path":"/spec/state","value":"Stopped"}]""");

        var widget = await GetJsonAsync("widget", "patched");
        Assert.Equal(7, (int)widget["spec"]!["size"]!);
        Assert.Equal("Stopped", (string?)widget["spec"]!["state"]);
        Assert.Equal(3, (int)widget["metadata"]!["generation"]!);
    }

    [Fact]
    public async Task A_patch_naming_another_uid_is_refused_as_a_failed_precondition()
    {
        await ApplyAsync(Manifests.Widget("precondition", "Running"));
        var uid = (string)(await GetJsonAsync("widget", "precondition"))["metadata"]!["uid"]!;

        var stale = await TryInNamespaceAsync("patch", "widget", "precondition", "--type=merge", "-p", """{"metadata":{"uid":"00000000-0000-0000-0000-000000000001"},"spec":{"size":9}}""");
        await InNamespaceAsync("patch", "widget", "precondition", "--type=merge", "-p", $$$"""{"metadata":{"uid":"{{{uid}}}"},"spec":{"size":8}}""");

        Assert.NotEqual(0, stale.ExitCode);
        Assert.Contains("(Conflict)", stale.StandardError, StringComparison.Ordinal);
        Assert.Contains($"Precondition failed: UID in precondition: 00000000-0000-0000-0000-000000000001, UID in object meta: {uid}", stale.StandardError, StringComparison.Ordinal);
        Assert.Equal(8, (int)(await GetJsonAsync("widget", "precondition"))["spec"]!["size"]!);
    }

    [Fact]
    public async Task Strategic_merge_patch_is_refused_for_custom_resources()
    {
        await ApplyAsync(Manifests.Widget("strategic", "Running"));

        var result = await TryInNamespaceAsync("patch", "widget", "strategic", "--type=strategic", "-p", """{"spec":{"size":2}}""");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("application/strategic-merge-patch+json is not supported by test.airwave.dev/v1, Kind=Widget", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_twice_merges_the_change_and_keeps_fields_set_by_others()
    {
        var first = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              labels: { tier: web, owner: team-a }
            data:
              colour: blue
              size: large
            """;
        var second = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              labels: { tier: web }
            data:
              colour: green
            """;
        await ApplyAsync(first);
        await InNamespaceAsync("patch", "configmap", "settings", "--type=merge", "-p", """{"data":{"addedByOthers":"yes"}}""");

        var output = await ApplyAsync(second);

        Assert.Contains("configmap/settings configured", output, StringComparison.Ordinal);
        var settings = await GetJsonAsync("configmap", "settings");
        Assert.Equal("green", (string?)settings["data"]!["colour"]);
        Assert.Null(settings["data"]!["size"]);
        Assert.Equal("yes", (string?)settings["data"]!["addedByOthers"]);
        Assert.Null(settings["metadata"]!["labels"]!["owner"]);
        var filtered = await InNamespaceAsync("get", "configmaps", "-l", "tier=web", "-o", "name");
        Assert.Equal("configmap/settings", filtered.Trim());
    }

    [Fact]
    public async Task Apply_server_side_creates_then_updates_and_records_the_field_manager()
    {
        await ApplyAsync(Manifests.Widget("ssa", "Running"), "--server-side");
        var output = await ApplyAsync(Manifests.Widget("ssa", "Stopped"), "--server-side");

        Assert.Contains("serverside-applied", output, StringComparison.Ordinal);
        var widget = JsonNode.Parse(await InNamespaceAsync("get", "widget", "ssa", "-o", "json", "--show-managed-fields"))!;
        Assert.Equal("Stopped", (string?)widget["spec"]!["state"]);
        var managers = widget["metadata"]!["managedFields"]!.AsArray().Select(m => (string?)m!["manager"]).ToList();
        Assert.Contains("kubectl", managers);
    }

    [Fact]
    public async Task Apply_server_side_conflicts_with_a_field_another_manager_changed_until_forced()
    {
        await ApplyAsync(Manifests.Widget("contested", "Running"), "--server-side");
        await InNamespaceAsync("patch", "widget", "contested", "--type=merge", "-p", """{"spec":{"state":"Stopped"}}""");

        var conflict = await TryApplyAsync(Manifests.Widget("contested", "Running"), "--server-side");
        var forced = await TryApplyAsync(Manifests.Widget("contested", "Running"), "--server-side", "--force-conflicts");

        Assert.NotEqual(0, conflict.ExitCode);
        Assert.Contains("conflict with \"kubectl-patch\"", conflict.StandardError, StringComparison.Ordinal);
        Assert.Contains(".spec.state", conflict.StandardError, StringComparison.Ordinal);
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal("Running", (string?)(await GetJsonAsync("widget", "contested"))["spec"]!["state"]);
    }

    [Fact]
    public async Task Delete_of_an_object_with_a_finalizer_waits_until_the_finalizer_is_removed()
    {
        await ApplyAsync(Manifests.Widget("held", "Running").Replace("  name: held", "  name: held\n  finalizers: [test.airwave.dev/hold]", StringComparison.Ordinal));

        await InNamespaceAsync("delete", "widget", "held", "--wait=false");
        var deleting = await GetJsonAsync("widget", "held");
        await InNamespaceAsync("patch", "widget", "held", "--type=json", "-p", """[{"op":"remove","path":"/metadata/finalizers"}]""");

        Assert.NotNull(deleting["metadata"]!["deletionTimestamp"]);
        Assert.True(await EventuallyGoneAsync("widget", "held"));
    }

    [Theory]
    [InlineData("background")]
    [InlineData("foreground")]
    public async Task Delete_of_an_owner_removes_its_dependents(string cascade)
    {
        await ApplyAsync(Manifests.Widget("owner", "Running"));
        var uid = (string?)(await GetJsonAsync("widget", "owner"))["metadata"]!["uid"];
        foreach (var name in new[] { "dependent-1", "dependent-2" })
        {
            await ApplyAsync($$"""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {{name}}
                  ownerReferences:
                    - { apiVersion: test.airwave.dev/v1, kind: Widget, name: owner, uid: "{{uid}}", blockOwnerDeletion: true }
                data: { a: b }
                """);
        }

        await InNamespaceAsync("delete", "widget", "owner", $"--cascade={cascade}");

        Assert.True(await EventuallyGoneAsync("configmap", "dependent-1"));
        Assert.True(await EventuallyGoneAsync("configmap", "dependent-2"));
        Assert.True(await EventuallyGoneAsync("widget", "owner"));
    }

    [Fact]
    public async Task Get_sort_by_orders_rows_by_a_field_of_the_whole_object()
    {
        await ApplyAsync(Manifests.Widget("gamma", "Stopped"));
        await ApplyAsync(Manifests.Widget("beta", "Running"));
        await ApplyAsync($$"""
            apiVersion: v1
            kind: Event
            metadata: { name: later }
            involvedObject: { kind: Widget, name: beta, namespace: {{Namespace}} }
            reason: Second
            message: printed last
            lastTimestamp: "2026-01-02T00:00:00Z"
            """);
        await ApplyAsync($$"""
            apiVersion: v1
            kind: Event
            metadata: { name: earlier }
            involvedObject: { kind: Widget, name: gamma, namespace: {{Namespace}} }
            reason: First
            message: printed first
            lastTimestamp: "2026-01-01T00:00:00Z"
            """);

        var widgets = await InNamespaceAsync("get", "wd", "--sort-by=.spec.state");
        var events = await InNamespaceAsync("get", "events", "--sort-by=.lastTimestamp");

        Assert.Matches(@"(?s)beta\s+Running.*gamma\s+Stopped", widgets);
        Assert.Matches(@"(?s)First.*Second", events);
        Assert.DoesNotContain("No resources found", events, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_and_apply_of_a_list_file_handle_every_item()
    {
        await InNamespaceAsync("create", "configmap", "first", "--from-literal=a=1");
        await InNamespaceAsync("create", "configmap", "second", "--from-literal=b=2");
        var list = await InNamespaceAsync("get", "configmaps", "first", "second", "-o", "yaml");
        await InNamespaceAsync("delete", "configmap", "first", "second");

        var created = await Kubectl.RunWithInputAsync(list, ["-n", Namespace, "create", "-f", "-"]);
        // As on a cluster, a file that still names the old resourceVersions would conflict with the new objects.
        var edited = System.Text.RegularExpressions.Regex.Replace(list, @"(?m)^\s*(resourceVersion|uid|creationTimestamp):.*\n", string.Empty).Replace("a: \"1\"", "a: \"3\"", StringComparison.Ordinal);
        var applied = await Kubectl.RunWithInputAsync(edited, ["-n", Namespace, "apply", "-f", "-"]);

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains("configmap/first created", created.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("configmap/second created", created.StandardOutput, StringComparison.Ordinal);
        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Equal("3", (string?)(await GetJsonAsync("configmap", "first"))["data"]!["a"]);
    }

    [Fact]
    public async Task A_list_with_one_invalid_item_is_refused_before_any_item_is_created()
    {
        var result = await Kubectl.RunWithInputAsync("""
            apiVersion: v1
            kind: List
            items:
              - apiVersion: test.airwave.dev/v1
                kind: Widget
                metadata: { name: valid }
                spec: { state: Running }
              - apiVersion: test.airwave.dev/v1
                kind: Widget
                metadata: { name: invalid }
                spec: { state: Running, colour: red }
            """, ["-n", Namespace, "create", "-f", "-"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("unknown field \"colour\"", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, (await InNamespaceAsync("get", "widgets", "-o", "name")).Trim());
    }
}
