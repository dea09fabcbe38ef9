using System.Globalization;
using System.Text;
using Airwave.Sandbox.Aws;

namespace Airwave.Webhook.Tests;

/// <summary>
/// The validating webhook registered with the sandbox's API server as on a cluster (a ValidatingWebhookConfiguration
/// with a url and a caBundle), and manifests applied with kubectl: what the rules refuse never gets stored.
/// </summary>
public sealed class AdmissionKubectlTests(CallbackSandbox sandbox) : IClassFixture<CallbackSandbox>
{
    [Theory]
    [InlineData("source: { type: Chime, rtmpPush: {} }", "spec.source.rtmpPush: Forbidden: may only be set when spec.source.type is RtmpPush, and it is Chime")]
    [InlineData("source: { type: Pull }", "spec.source.pull: Required value: spec.source.type Pull needs the URL to pull (url)")]
    [InlineData("source: { type: RtmpPush }\n  archive: { pathTemplate: \"{namespace}/../{stream}\" }", "spec.archive.pathTemplate: Invalid value: \"{namespace}/../{stream}\": may not have a '.' or '..' segment")]
    [InlineData("source: { type: S3Upload }\n  archive: { pathTemplate: \"uploads/{timestamp}\" }", "spec.archive.pathTemplate: Invalid value: \"uploads/{timestamp}\": must contain {stream} for an S3Upload stream")]
    [InlineData("source: { type: S3Upload }\n  archive: { pathTemplate: \"{stream}*\" }", "spec.archive.pathTemplate: Invalid value: \"{stream}*\": may not have '*' or '?'")]
    [InlineData("source: { type: Chime, chime: { meetingUrl: \"http://10.96.0.1/dashboard\" } }", "spec.source.chime.meetingUrl: Invalid value: \"http://10.96.0.1/dashboard\": the meeting connector opens pages only on the hosts this installation allows (*.chime.aws); ask the operator's administrators to add 10.96.0.1 to connector.allowedMeetingHosts")]
    public async Task A_bad_livestream_is_refused_at_apply_naming_the_field(string spec, string refusal)
    {
        var (ns, configuration) = await RegisterAsync("Fail", sandbox.AdmissionUrl);
        try
        {
            var applied = await ApplyAsync(ns, $"apiVersion: media.airwave.dev/v1alpha1\nkind: LiveStream\nmetadata: {{ name: bad }}\nspec:\n  {spec}\n");

            Assert.NotEqual(0, applied.ExitCode);
            // The refusal carries its field causes, which kubectl shows as it shows the API server's own schema errors.
            Assert.Contains("The LiveStream \"bad\" is invalid: ", applied.StandardError, StringComparison.Ordinal);
            Assert.Contains(refusal, applied.StandardError, StringComparison.Ordinal);
            Assert.Equal("", (await sandbox.Kubectl.SucceedAsync("get", "livestream", "bad", "-n", ns, "--ignore-not-found", "-o", "name")).Trim());
        }
        finally
        {
            await sandbox.Kubectl.SucceedAsync("delete", "validatingwebhookconfiguration", configuration);
        }
    }

    [Fact]
    public async Task A_good_manifest_is_admitted_and_an_update_that_needs_a_new_stream_warns_in_kubectl()
    {
        var (ns, configuration) = await RegisterAsync("Fail", sandbox.AdmissionUrl);
        try
        {
            var created = await ApplyAsync(ns, "apiVersion: media.airwave.dev/v1alpha1\nkind: LiveStream\nmetadata: { name: good }\nspec: { source: { type: RtmpPush } }\n");
            var dryRun = await ApplyAsync(ns, "apiVersion: media.airwave.dev/v1alpha1\nkind: LiveStream\nmetadata: { name: good }\nspec: { source: { type: RtmpPush }, encoding: { channelClass: Standard } }\n", "--dry-run=server");

            Assert.True(created.ExitCode == 0, created.ToString());
            Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
            Assert.Contains("Warning: spec.encoding.channelClass: SinglePipeline cannot be changed to Standard in place", dryRun.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            await sandbox.Kubectl.SucceedAsync("delete", "validatingwebhookconfiguration", configuration);
        }
    }

    [Theory]
    [InlineData("Fail", false)]
    [InlineData("Ignore", true)]
    public async Task A_webhook_that_is_down_refuses_with_failure_policy_fail_and_admits_with_ignore(string policy, bool admitted)
    {
        var down = new Uri($"https://127.0.0.1:{LoopbackPorts.Reserve().ToString(CultureInfo.InvariantCulture)}/validate");
        var (ns, configuration) = await RegisterAsync(policy, down);
        try
        {
            var applied = await ApplyAsync(ns, "apiVersion: media.airwave.dev/v1alpha1\nkind: LiveStream\nmetadata: { name: whatever }\nspec: { source: { type: Pull } }\n");

            Assert.Equal(admitted, applied.ExitCode == 0);
            if (!admitted)
            {
                Assert.Contains($"Internal error occurred: failed calling webhook \"{configuration}.media.airwave.dev\": failed to call webhook: Post \"{down}?timeout=5s\"", applied.StandardError, StringComparison.Ordinal);
            }
        }
        finally
        {
            await sandbox.Kubectl.SucceedAsync("delete", "validatingwebhookconfiguration", configuration);
        }
    }

    [Fact]
    public async Task A_dry_run_is_refused_by_a_webhook_with_side_effects_and_objects_outside_its_selector_are_not_sent()
    {
        var (ns, configuration) = await RegisterAsync("Fail", sandbox.AdmissionUrl, sideEffects: "Some", objectSelector: "{ matchLabels: { checked: \"yes\" } }");
        try
        {
            const string Bad = "apiVersion: media.airwave.dev/v1alpha1\nkind: LiveStream\nmetadata: {{ name: {0}, labels: {{ checked: \"{1}\" }} }}\nspec: {{ source: {{ type: Pull }} }}\n";
            var dryRun = await ApplyAsync(ns, string.Format(CultureInfo.InvariantCulture, Bad, "checked", "yes"), "--dry-run=server");
            var outside = await ApplyAsync(ns, string.Format(CultureInfo.InvariantCulture, Bad, "unchecked", "no"));

            Assert.NotEqual(0, dryRun.ExitCode);
            Assert.Contains($"admission webhook \"{configuration}.media.airwave.dev\" does not support dry run", dryRun.StandardError, StringComparison.Ordinal);
            Assert.True(outside.ExitCode == 0, outside.ToString());
        }
        finally
        {
            await sandbox.Kubectl.SucceedAsync("delete", "validatingwebhookconfiguration", configuration);
        }
    }

    [Fact]
    public async Task A_webhook_that_does_not_answer_within_its_timeout_fails_the_request()
    {
        // Takes connections and never answers.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var url = new Uri($"https://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture)}/validate");
        var (ns, configuration) = await RegisterAsync("Fail", url, timeoutSeconds: 1);
        try
        {
            var applied = await ApplyAsync(ns, "apiVersion: media.airwave.dev/v1alpha1\nkind: LiveStream\nmetadata: { name: slow }\nspec: { source: { type: RtmpPush } }\n");

            Assert.NotEqual(0, applied.ExitCode);
            Assert.Contains("context deadline exceeded", applied.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            await sandbox.Kubectl.SucceedAsync("delete", "validatingwebhookconfiguration", configuration);
        }
    }

    [Fact]
    public async Task A_mutating_webhook_changes_the_object_before_the_api_server_validates_and_stores_it()
    {
        await using var mutating = await MutatingTestWebhook.StartAsync(sandbox.AdmissionCertificates);
        var ns = await sandbox.CreateNamespaceAsync();
        var name = "mutate-" + ns;
        var caBundle = Convert.ToBase64String(Encoding.UTF8.GetBytes(sandbox.AdmissionCertificates.AuthorityPem));
        await sandbox.Kubectl.RunWithInputAsync($$"""
            apiVersion: admissionregistration.k8s.io/v1
            kind: MutatingWebhookConfiguration
            metadata: { name: {{name}} }
            webhooks:
              - name: {{name}}.airwave.test
                clientConfig: { url: "{{mutating.Url}}", caBundle: {{caBundle}} }
                rules:
                  - { operations: [CREATE], apiGroups: ["", media.airwave.dev], apiVersions: ["*"], resources: [configmaps, livestreams] }
                namespaceSelector: { matchExpressions: [{ key: kubernetes.io/metadata.name, operator: In, values: [{{ns}}] }] }
                sideEffects: None
                admissionReviewVersions: [v1]
            """, ["apply", "-f", "-"]);
        try
        {
            var configMap = await ApplyAsync(ns, "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { a: b }\n");
            var stream = await ApplyAsync(ns, "apiVersion: media.airwave.dev/v1alpha1\nkind: LiveStream\nmetadata: { name: mutated }\nspec: { source: { type: RtmpPush } }\n");

            Assert.True(configMap.ExitCode == 0, configMap.ToString());
            Assert.Contains("Warning: labelled by the test's mutating webhook", configMap.StandardError, StringComparison.Ordinal);
            Assert.Equal("yes", (await sandbox.Kubectl.SucceedAsync("get", "configmap", "settings", "-n", ns, "-o", "jsonpath={.metadata.labels.airwave\\.test/mutated}")).Trim());
            // The stream was valid as applied; as the webhook changed it, the schema refuses it.
            Assert.NotEqual(0, stream.ExitCode);
            Assert.Contains("spec.source.rtmpPush.allowedCidrs[0]: Invalid value: \"10.0.0.300/8\"", stream.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            await sandbox.Kubectl.SucceedAsync("delete", "mutatingwebhookconfiguration", name);
        }
    }

    [Theory]
    [InlineData("IfNeeded", "set", 2)]
    [InlineData("Never", "none", 1)]
    public async Task A_mutating_webhook_that_asks_for_it_is_called_again_when_a_later_one_changed_the_object(string policy, string seen, int calls)
    {
        await using var webhooks = await MutatingTestWebhook.StartAsync(sandbox.AdmissionCertificates);
        var ns = await sandbox.CreateNamespaceAsync();
        try
        {
            // Called in the order of the configurations' names: the echo first, then the one that changes the object.
            await RegisterMutatingAsync($"{ns}-a", ns, webhooks.At("echo-b"), "[{ operations: [CREATE], apiGroups: [\"\"], apiVersions: [v1], resources: [configmaps] }]", $"reinvocationPolicy: {policy}");
            await RegisterMutatingAsync($"{ns}-b", ns, webhooks.At("set-b"), "[{ operations: [CREATE], apiGroups: [\"\"], apiVersions: [v1], resources: [configmaps] }]", "");

            var created = await ApplyAsync(ns, "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\n");

            Assert.True(created.ExitCode == 0, created.ToString());
            Assert.Equal($"set {seen}", (await sandbox.Kubectl.SucceedAsync("get", "configmap", "settings", "-n", ns, "-o", "jsonpath={.metadata.labels.b} {.metadata.labels.seen-b}")).Trim());
            Assert.Equal(calls, webhooks.Requests.Count(r => r.Path == "/echo-b" && (string?)r.Request["namespace"] == ns));
        }
        finally
        {
            await sandbox.Kubectl.RunAsync("delete", "mutatingwebhookconfiguration", $"{ns}-a", $"{ns}-b");
        }
    }

    [Theory]
    [InlineData("Equivalent", true)]
    [InlineData("Exact", false)]
    public async Task With_match_policy_equivalent_a_webhook_for_events_k8s_io_events_gets_core_events_in_its_version(string policy, bool called)
    {
        await using var webhooks = await MutatingTestWebhook.StartAsync(sandbox.AdmissionCertificates);
        var ns = await sandbox.CreateNamespaceAsync();
        try
        {
            await RegisterMutatingAsync($"{ns}-events", ns, webhooks.At("echo-b"), "[{ operations: [CREATE], apiGroups: [events.k8s.io], apiVersions: [v1], resources: [events] }]", $"matchPolicy: {policy}");

            var created = await ApplyAsync(ns, "apiVersion: v1\nkind: Event\nmetadata: { name: noticed }\ninvolvedObject: { kind: ConfigMap, name: settings, namespace: " + ns + " }\nreason: Tested\nmessage: seen by the test\ntype: Normal\n");

            Assert.True(created.ExitCode == 0, created.ToString());
            var label = (await sandbox.Kubectl.SucceedAsync("get", "events.v1.", "noticed", "-n", ns, "-o", "jsonpath={.metadata.labels.seen-b}")).Trim();
            var request = webhooks.Requests.Where(r => (string?)r.Request["namespace"] == ns).Select(r => r.Request).SingleOrDefault();
            if (!called)
            {
                Assert.Null(request);
                Assert.Equal("", label);
                return;
            }

            Assert.NotNull(request);
            Assert.Equal(("events.k8s.io", "v1", "Event"), ((string?)request["kind"]!["group"], (string?)request["kind"]!["version"], (string?)request["kind"]!["kind"]));
            Assert.Equal(("", "v1", "Event"), ((string?)request["requestKind"]!["group"], (string?)request["requestKind"]!["version"], (string?)request["requestKind"]!["kind"]));
            Assert.Equal(("events.k8s.io/v1", "settings"), ((string?)request["object"]!["apiVersion"], (string?)request["object"]!["regarding"]?["name"]));
            Assert.Equal("none", label);
        }
        finally
        {
            await sandbox.Kubectl.RunAsync("delete", "mutatingwebhookconfiguration", $"{ns}-events");
        }
    }

    private async Task RegisterMutatingAsync(string name, string ns, Uri url, string rules, string more)
    {
        var caBundle = Convert.ToBase64String(Encoding.UTF8.GetBytes(sandbox.AdmissionCertificates.AuthorityPem));
        var registered = await sandbox.Kubectl.RunWithInputAsync($$"""
            apiVersion: admissionregistration.k8s.io/v1
            kind: MutatingWebhookConfiguration
            metadata: { name: {{name}} }
            webhooks:
              - name: {{name}}.airwave.test
                clientConfig: { url: "{{url}}", caBundle: {{caBundle}} }
                rules: {{rules}}
                namespaceSelector: { matchExpressions: [{ key: kubernetes.io/metadata.name, operator: In, values: [{{ns}}] }] }
                sideEffects: None
                admissionReviewVersions: [v1]
                {{more}}
            """, ["apply", "-f", "-"]);
        Assert.True(registered.ExitCode == 0, registered.ToString());
    }

    /// <summary>A namespace of the test's own, and a configuration whose webhook sees only that namespace.</summary>
    private async Task<(string Namespace, string Configuration)> RegisterAsync(string failurePolicy, Uri url, string sideEffects = "None", string objectSelector = "{}", int timeoutSeconds = 5)
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.Kubectl.SucceedAsync("label", "namespace", ns, $"admission-test={ns}");
        var name = "airwave-" + ns;
        var caBundle = Convert.ToBase64String(Encoding.UTF8.GetBytes(sandbox.AdmissionCertificates.AuthorityPem));
        var registered = await sandbox.Kubectl.RunWithInputAsync($$"""
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingWebhookConfiguration
            metadata: { name: {{name}} }
            webhooks:
              - name: {{name}}.media.airwave.dev
                clientConfig: { url: "{{url}}", caBundle: {{caBundle}} }
                rules:
                  - operations: [CREATE, UPDATE]
                    apiGroups: [media.airwave.dev]
                    apiVersions: [v1alpha1]
                    resources: [livestreams, videoassets, archivesplits]
                    scope: Namespaced
                namespaceSelector: { matchLabels: { admission-test: {{ns}} } }
                objectSelector: {{objectSelector}}
                failurePolicy: {{failurePolicy}}
                sideEffects: {{sideEffects}}
                timeoutSeconds: {{timeoutSeconds}}
                admissionReviewVersions: [v1]
            """, ["apply", "-f", "-"]);
        Assert.True(registered.ExitCode == 0, registered.ToString());
        return (ns, name);
    }

    private Task<ProcessResult> ApplyAsync(string ns, string manifest, params string[] more) =>
        sandbox.Kubectl.RunWithInputAsync(manifest, ["apply", "-n", ns, "-f", "-", .. more]);
}
