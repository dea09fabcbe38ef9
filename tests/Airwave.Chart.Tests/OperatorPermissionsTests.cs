using System.Text.Json.Nodes;
using Airwave.Chart.Tests.Rendering;

namespace Airwave.Chart.Tests;

/// <summary>
/// The chart grants exactly the Kubernetes calls the operator's code makes: one missing fails an install, one
/// extra is privilege nobody asked for. <see cref="CallsTheOperatorMakes"/> is read off the code paths named in
/// each row; change it with the code, and the chart's templates with it.
/// </summary>
[Collection(SharedChartRenderer.Name)]
public sealed class OperatorPermissionsTests(ChartRenderer renderer)
{
    private const string Cluster = "cluster";
    private const string HoldingNamespaces = "namespaces holding Airwave objects";
    private const string LeaseNamespace = "lease namespace";
    private const string OperatorNamespace = "operator namespace";

    /// <param name="Scope">
    /// Granted cluster-wide (the ClusterRole), in each namespace that holds Airwave objects (the ClusterRole
    /// …-namespace, which the namespace-access controller binds there), or in the leader-election or the operator's
    /// namespace (a Role).
    /// </param>
    /// <param name="ResourceName">The one object the call is limited to, when it can be.</param>
    /// <param name="Caller">Where the operator makes the call.</param>
    public sealed record Call(string Scope, string ApiGroup, string Resource, string Verb, string? ResourceName, string Caller)
    {
        public Grant Grant => new(Scope, ApiGroup, Resource, Verb, ResourceName);
    }

    public sealed record Grant(string Scope, string ApiGroup, string Resource, string Verb, string? ResourceName);

    private const string DefaultLease = "airwave-operator";

    private static IReadOnlyList<Call> CallsTheOperatorMakes(string leaseName) =>
    [
        new(Cluster, "media.airwave.dev", "livestreams", "list", null, "Informer<LiveStream>.ListAsync (Airwave.Kubernetes/Informers/Informer.cs)"),
        new(Cluster, "media.airwave.dev", "livestreams", "watch", null, "Informer<LiveStream>.WatchAsync"),
        new(Cluster, "media.airwave.dev", "livestreams", "patch", null, "FinalizerExtensions.AddFinalizerAsync/RemoveFinalizerAsync from LiveStreamReconciler and LiveStreamTeardown"),
        new(Cluster, "media.airwave.dev", "livestreams/status", "patch", null, "StatusExtensions.UpdateStatusIfChangedAsync (a merge patch of the changes) from LiveStreamReconciler and LiveStreamTeardown"),
        new(HoldingNamespaces, "media.airwave.dev", "livestreams/finalizers", "update", null, "IngestSecret's owner reference with blockOwnerDeletion (OwnerReferences.WithController), checked by OwnerReferencesPermissionEnforcement"),
        new(Cluster, "media.airwave.dev", "videoassets", "list", null, "Informer<VideoAsset>.ListAsync"),
        new(Cluster, "media.airwave.dev", "videoassets", "watch", null, "Informer<VideoAsset>.WatchAsync"),
        new(Cluster, "media.airwave.dev", "videoassets", "patch", null, "FinalizerExtensions.AddFinalizerAsync/RemoveFinalizerAsync from VideoAssetReconciler"),
        new(Cluster, "media.airwave.dev", "videoassets/status", "patch", null, "StatusExtensions.UpdateStatusIfChangedAsync from VideoAssetReconciler"),
        new(HoldingNamespaces, "media.airwave.dev", "videoassets", "create", null, "ClipAssets.EnsureAsync: a VideoAsset of each clip of an ArchiveSplit with spec.createAssets"),
        new(Cluster, "media.airwave.dev", "archivesplits", "list", null, "Informer<ArchiveSplit>.ListAsync"),
        new(Cluster, "media.airwave.dev", "archivesplits", "watch", null, "Informer<ArchiveSplit>.WatchAsync"),
        new(Cluster, "media.airwave.dev", "archivesplits", "patch", null, "FinalizerExtensions.AddFinalizerAsync/RemoveFinalizerAsync from ArchiveSplitReconciler and ArchiveSplitTeardown"),
        new(Cluster, "media.airwave.dev", "archivesplits/status", "patch", null, "StatusExtensions.UpdateStatusIfChangedAsync from ArchiveSplitReconciler"),
        new(HoldingNamespaces, "media.airwave.dev", "archivesplits/finalizers", "update", null, "The clip Jobs' and Secrets' owner references with blockOwnerDeletion (ClipJobs), checked by OwnerReferencesPermissionEnforcement"),
        new(HoldingNamespaces, "media.airwave.dev", "videoassets/finalizers", "update", null, "The transcode Jobs' and Secrets' owner references with blockOwnerDeletion (TranscodeJobs), checked by OwnerReferencesPermissionEnforcement"),
        new(HoldingNamespaces, "batch", "jobs", "list", null, "ClipJobs.ListAsync and TranscodeJobs.ListAsync: an ArchiveSplit's or a VideoAsset's Jobs, by its uid label"),
        new(HoldingNamespaces, "batch", "jobs", "create", null, "ClipJobs.StartAsync and TranscodeJobs.StartAsync"),
        new(HoldingNamespaces, "batch", "jobs", "patch", null, "TranscodeJobs.RenewAsync: the annotation saying until when a transcode Job's plan URLs work, once they were signed again"),
        new(HoldingNamespaces, "batch", "jobs", "delete", null, "ClipJobs.DeleteAsync: a changed section's Job, and all of them in ArchiveSplitTeardown; TranscodeJobs.DeleteAsync: a VideoAsset's Job once its source settled or the asset goes"),
        new(HoldingNamespaces, "", "secrets", "create", null, "WriteOnlySecret.WriteAsync from IngestSecret.WriteAsync (the ingest Secret), SfuWorkload.ApplyAsync (the SFU Secret) ClipJobs.StartAsync (a section's presigned URLs) and TranscodeJobs.StartAsync (a transcode plan's presigned URLs) when none of the name exists"),
        new(HoldingNamespaces, "", "secrets", "update", null, "WriteOnlySecret.WriteAsync: the same Secrets replaced whole, on the condition that they are as last written, or when one of the name exists (never read); TranscodeJobs.RenewAsync: a running Job's plan with its URLs signed again"),
        new(HoldingNamespaces, "", "secrets", "delete", null, "ClipJobs.ForgetInputsAsync and TranscodeJobs.DeleteAsync: presigned URLs once their Job is done; LegacySigningKeySecrets: a namespace's signing key of earlier versions"),
        new(HoldingNamespaces, "apps", "deployments", "get", null, "SfuWorkload.ReadAsync and ConnectorWorkload.ReadAsync (StreamObjects.ReadAsync): a WebRtc stream's SFU Deployment, a Chime stream's connector, whose applied hash and owner are checked"),
        new(HoldingNamespaces, "apps", "deployments", "create", null, "SfuWorkload.ApplyAsync and ConnectorWorkload.ApplyAsync: server-side apply that makes the Deployment is authorized as create"),
        new(HoldingNamespaces, "apps", "deployments", "patch", null, "SfuWorkload.ApplyAsync and ConnectorWorkload.ApplyAsync: server-side apply of the Deployment (replicas, pod template)"),
        new(HoldingNamespaces, "apps", "deployments", "delete", null, "ConnectorWorkload.DeleteAsync: a stopped Chime stream's connector; StreamObjects.ReadAsync: a deleted earlier stream's Deployment of the same name"),
        new(HoldingNamespaces, "", "services", "get", null, "SfuWorkload.EnsureAsync: a WebRtc stream's headless Service"),
        new(HoldingNamespaces, "", "services", "create", null, "SfuWorkload.EnsureAsync: server-side apply that makes the Service"),
        new(HoldingNamespaces, "", "services", "patch", null, "SfuWorkload.EnsureAsync: server-side apply of the Service"),
        new(HoldingNamespaces, "networking.k8s.io", "networkpolicies", "get", null, "SfuWorkload.ReadAsync: a WebRtc stream's ingress NetworkPolicy, applied only when it changed"),
        new(HoldingNamespaces, "networking.k8s.io", "networkpolicies", "create", null, "ConnectorWorkload.ApplyAsync, ClipJobs.StartAsync and TranscodeJobs.StartAsync: server-side apply of a connector's or a split's or a VideoAsset's Jobs' egress NetworkPolicy, which makes it"),
        new(HoldingNamespaces, "networking.k8s.io", "networkpolicies", "patch", null, "ConnectorWorkload.ApplyAsync, ClipJobs.StartAsync and TranscodeJobs.StartAsync: server-side apply of a connector's or a split's or a VideoAsset's Jobs' egress NetworkPolicy"),
        new(HoldingNamespaces, "networking.k8s.io", "networkpolicies", "delete", null, "StreamObjects.ReadAsync: the SFU pods' NetworkPolicy a deleted earlier stream of the same name left"),
        new(HoldingNamespaces, "", "pods", "list", null, "SfuWorkload.PodsAsync: a WebRtc stream's SFU pods, by its uid label, for status and scaling; ConnectorWorkload.PodsAsync: a Chime stream's connector pod, for status; TranscodeJobs.AnyPodsAsync: a VideoAsset's Job pods, which may still store files"),
        new(HoldingNamespaces, "", "pods", "patch", null, "SfuWorkload.DrainAsync/UndrainAsync: the draining annotation and pod-deletion-cost of a pod that is to leave"),
        new(HoldingNamespaces, "", "events", "create", null, "EventRecorder.RecordAsync"),
        new(HoldingNamespaces, "", "events", "patch", null, "EventRecorder.TryIncrementAsync (a repeated event's count)"),
        new(LeaseNamespace, "coordination.k8s.io", "leases", "create", null, "LeaderElector.TryAcquireOrRenewAsync when no Lease exists"),
        new(LeaseNamespace, "coordination.k8s.io", "leases", "get", leaseName, "LeaderElector.TryAcquireOrRenewAsync and ReleaseAsync"),
        new(LeaseNamespace, "coordination.k8s.io", "leases", "update", leaseName, "LeaderElector: renew, take over, release"),
        new(LeaseNamespace, "coordination.k8s.io", "leases", "watch", leaseName, "LeaseReleaseWatch: a follower watches the one lease (a field selector on its name) to take it over as soon as it is released"),
        new(OperatorNamespace, "", "configmaps", "get", null, "ConfigMapOutbox: reading the outbox shards (Airwave.Events.Kubernetes); NamespaceSpend: reading the spend ledger"),
        new(OperatorNamespace, "", "configmaps", "create", null, "ConfigMapOutbox.AppendAsync: a shard's first event; NamespaceSpend.RecordDeletedAsync: the spend ledger's first entry"),
        new(OperatorNamespace, "", "configmaps", "update", null, "ConfigMapOutbox: appending, marking delivered, pruning; NamespaceSpend.RecordDeletedAsync: a deleted resource's spend"),
        new(OperatorNamespace, "", "secrets", "get", null, "KubernetesSigningSecretSource (the events' signing key), KubernetesSinkTokenSource (a sink's bearer token), IvsPlaybackKeyManager (the IVS playback key), PlaybackSigningKey (the Mux signing key) and StreamKeys (the key streams' keys are derived from)"),
        new(OperatorNamespace, "", "secrets", "create", null, "KubernetesSigningSecretSource: the signing key, and IvsPlaybackKeyManager: the IVS playback key, generated on first use; InstallationSecrets: the upload playback key, at start; PlaybackSigningKey: the Mux signing key, when a Signed VideoAsset first needs it; StreamKeys: the key streams' keys are derived from, on first use"),
        new(OperatorNamespace, "", "secrets", "update", null, "PlaybackSigningKey: the Mux signing key, replaced when its rotate annotation asks"),
        new(OperatorNamespace, "", "events", "create", null, "EventRecorder.RecordAsync about the operator's own Secrets and ConfigMaps: VideoAssetReconciler (the Mux signing key made or rotated), KubernetesDeliveryWarnings (the outbox)"),
        new(OperatorNamespace, "", "events", "patch", null, "EventRecorder.TryIncrementAsync of those Events"),
    ];

    [Fact]
    public async Task The_cluster_role_and_the_leader_election_role_grant_exactly_the_calls_the_operator_makes()
    {
        var chart = await renderer.RenderMinimalAsync();

        var calls = CallsTheOperatorMakes(DefaultLease);
        var granted = Grants(chart.Named("ClusterRole", AirwaveChart.ReleaseName), Cluster)
            .Concat(Grants(chart.Named("ClusterRole", $"{AirwaveChart.ReleaseName}-namespace"), HoldingNamespaces))
            .Concat(Grants(Named(chart, "Role", "-leader-election"), LeaseNamespace))
            .Concat(Grants(Named(chart, "Role", "-events"), OperatorNamespace))
            .ToHashSet();

        Assert.Empty(calls.Where(c => !granted.Contains(c.Grant)).Select(c => $"{c.Grant} needed by {c.Caller}"));
        Assert.Empty(granted.Except(calls.Select(c => c.Grant)));
        Assert.Equal(AirwaveChart.ReleaseNamespace, (string?)Named(chart, "Role", "-leader-election")["metadata"]!["namespace"]);
        Assert.Equal(AirwaveChart.ReleaseNamespace, (string?)Named(chart, "Role", "-events")["metadata"]!["namespace"]);
    }

    [Fact]
    public async Task The_lease_permissions_follow_the_configured_lease_name_and_namespace()
    {
        var chart = await renderer.RenderEveryOptionAsync();
        var role = Named(chart, "Role", "-leader-election");

        Assert.Equal("airwave-leases", (string?)role["metadata"]!["namespace"]);
        Assert.Equal("airwave-leases", (string?)Named(chart, "RoleBinding", "-leader-election")["metadata"]!["namespace"]);
        Assert.Equal(
            CallsTheOperatorMakes("airwave-prod").Where(c => c.Scope == LeaseNamespace).Select(c => c.Grant).ToHashSet(),
            Grants(role, LeaseNamespace).ToHashSet());
    }

    [Fact]
    public async Task The_bindings_give_the_roles_to_the_operator_pods_service_account()
    {
        var chart = await renderer.RenderEveryOptionAsync();
        var account = chart.Operator("ServiceAccount")["metadata"]!;
        var podAccount = (string?)chart.Operator("Deployment")["spec"]!["template"]!["spec"]!["serviceAccountName"];

        // every-option.yaml names the release's objects airwave-operator.
        const string fullname = "airwave-operator";
        Assert.Equal((string?)account["name"], podAccount);
        foreach (var (binding, role, suffix) in new[] { ("ClusterRoleBinding", "ClusterRole", ""), ("RoleBinding", "Role", "-leader-election"), ("RoleBinding", "Role", "-events") })
        {
            var rendered = chart.Named(binding, fullname + suffix);
            Assert.Equal(role, (string?)rendered["roleRef"]!["kind"]);
            Assert.Equal((string?)chart.Named(role, fullname + suffix)["metadata"]!["name"], (string?)rendered["roleRef"]!["name"]);
            var subject = rendered["subjects"]!.AsArray().Single()!;
            Assert.Equal(("ServiceAccount", podAccount, (string?)account["namespace"]), ((string?)subject["kind"], (string?)subject["name"], (string?)subject["namespace"]));
        }

        // The writes in a namespace are bound by the namespace-access controller alone, one namespace at a time.
        Assert.DoesNotContain(chart.Documents, d => d.Kind is "ClusterRoleBinding" or "RoleBinding" && (string?)d.Manifest["roleRef"]!["name"] == fullname + "-namespace");
        var controller = chart.Named("Deployment", fullname + "-namespace-access")["spec"]!["template"]!["spec"]!;
        var controllerBinding = chart.Named("ClusterRoleBinding", fullname + "-namespace-access");
        Assert.Equal(fullname + "-namespace-access", (string?)controllerBinding["roleRef"]!["name"]);
        Assert.Equal((string?)controller["serviceAccountName"], (string?)controllerBinding["subjects"]![0]!["name"]);
        Assert.Equal(
            ["namespace-access", "--cluster-role", fullname + "-namespace", "--binding-name", fullname, "--service-account", $"{(string?)account["namespace"]}/{podAccount}"],
            controller["containers"]![0]!["args"]!.AsArray().Select(a => (string?)a).Take(7));
    }

    [Fact]
    public async Task With_watch_namespaces_each_namespace_gets_a_role_with_the_cluster_roles_calls_and_nothing_is_granted_cluster_wide()
    {
        var chart = await renderer.RenderAsync([renderer.WriteValues("watchNamespaces: [team-a, team-b]\n")]);

        Assert.False(chart.Has("ClusterRole"), "no ClusterRole when the operator watches listed namespaces");
        Assert.False(chart.Has("ClusterRoleBinding"));
        var clusterCalls = CallsTheOperatorMakes(DefaultLease).Where(c => c.Scope is Cluster or HoldingNamespaces).Select(c => c.Grant with { Scope = "namespace" }).ToHashSet();
        foreach (var @namespace in new[] { "team-a", "team-b" })
        {
            var role = chart.Documents.Single(d => d.Kind == "Role" && (string?)d.Manifest["metadata"]!["namespace"] == @namespace).Manifest;
            Assert.Equal(clusterCalls, Grants(role, "namespace").ToHashSet());
            var binding = chart.Documents.Single(d => d.Kind == "RoleBinding" && (string?)d.Manifest["metadata"]!["namespace"] == @namespace).Manifest;
            Assert.Equal((string?)role["metadata"]!["name"], (string?)binding["roleRef"]!["name"]);
            Assert.Equal((string?)chart.Operator("ServiceAccount")["metadata"]!["name"], (string?)binding["subjects"]![0]!["name"]);
        }

        var config = System.Text.Json.Nodes.JsonNode.Parse((string)chart.One("ConfigMap")["data"]!["config.json"]!)!;
        Assert.Equal(["team-a", "team-b"], config["Operator"]!["WatchNamespaces"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public async Task Nobody_may_list_or_watch_secrets()
    {
        foreach (var chart in new[] { await renderer.RenderMinimalAsync(), await renderer.RenderAsync([renderer.WriteValues("watchNamespaces: [team-a]\n")]) })
        {
            var secretVerbs = chart.Documents.Where(d => d.Kind is "Role" or "ClusterRole")
                .SelectMany(d => Grants(d.Manifest, d.Kind))
                .Where(g => g.Resource == "secrets")
                .Select(g => g.Verb);
            Assert.DoesNotContain("list", secretVerbs);
            Assert.DoesNotContain("watch", secretVerbs);
        }
    }

    [Fact]
    public async Task The_chart_readmes_permissions_table_is_what_the_chart_grants()
    {
        var chart = await renderer.RenderAsync([AirwaveChart.ValuesFile("webhook.yaml"), renderer.WriteValues("downstream: {enabled: true, url: \"https://events.example.com/airwave\"}\n"), renderer.WriteValues(Sandbox.WebhookStreamPolicyTests.StreamApiValues)]);
        var rendered = new Dictionary<string, JsonObject>
        {
            ["operator"] = chart.Documents.Single(d => d.Kind == "ClusterRole" && d.Name == AirwaveChart.ReleaseName).Manifest,
            ["operator-namespace"] = chart.Documents.Single(d => d.Kind == "ClusterRole" && d.Name == AirwaveChart.ReleaseName + "-namespace").Manifest,
            ["namespace-access"] = chart.Documents.Single(d => d.Kind == "ClusterRole" && d.Name == AirwaveChart.ReleaseName + "-namespace-access").Manifest,
            ["webhook"] = chart.Documents.Single(d => d.Kind == "ClusterRole" && d.Name == AirwaveChart.ReleaseName + "-webhook").Manifest,
            ["webhook-reviews"] = chart.Documents.Single(d => d.Kind == "ClusterRole" && d.Name == AirwaveChart.ReleaseName + "-webhook-reviews").Manifest,
            ["webhook-admission"] = chart.Documents.Single(d => d.Kind == "Role" && d.Name == AirwaveChart.ReleaseName + "-webhook-admission").Manifest,
            ["webhook-playback-key"] = chart.Documents.Single(d => d.Kind == "Role" && d.Name == AirwaveChart.ReleaseName + "-webhook-playback-key").Manifest,
            ["webhook-outbox"] = chart.Documents.Single(d => d.Kind == "Role" && d.Name == AirwaveChart.ReleaseName + "-webhook-outbox").Manifest,
            ["webhook-spend-ledger"] = chart.Documents.Single(d => d.Kind == "Role" && d.Name == AirwaveChart.ReleaseName + "-webhook-spend-ledger").Manifest,
            ["webhook-admission-configuration"] = chart.Documents.Single(d => d.Kind == "ClusterRole" && d.Name == AirwaveChart.ReleaseName + "-webhook-admission").Manifest,
            ["events"] = Named(chart, "Role", "-events"),
            ["leader-election"] = Named(chart, "Role", "-leader-election"),
            ["viewers"] = Named(chart, "Role", "-viewers"),
        };
        var granted = rendered.SelectMany(r => Grants(r.Value, r.Key)).Select(g => g with { ResourceName = null }).ToHashSet();

        Assert.Equal(granted, ReadmeTable().ToHashSet());
    }

    /// <summary>The rows of the table under "## Permissions" in charts/airwave/README.md, one grant per verb.</summary>
    private static IEnumerable<Grant> ReadmeTable()
    {
        var readme = File.ReadAllText(Path.Combine(AirwaveChart.Directory, "README.md"));
        var section = readme[readme.IndexOf("## Permissions", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n#", 3, StringComparison.Ordinal)];
        foreach (var row in section.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)).Skip(2))
        {
            var cells = row.Trim('|').Split('|').Select(c => c.Trim().Trim('`')).ToArray();
            var group = cells[2] == "core" ? "" : cells[2];
            foreach (var verb in cells[4].Split([',', ';'], StringSplitOptions.TrimEntries).Select(v => v.Split(' ')[0]))
            {
                yield return new Grant(cells[0], group, cells[3], verb, null);
            }
        }
    }

    [Fact]
    public async Task With_the_webhook_the_operator_may_list_endpoint_slices_in_the_release_namespace_and_nothing_more_to_count_viewers()
    {
        var chart = await renderer.RenderAsync([AirwaveChart.ValuesFile("webhook.yaml")]);
        var role = Named(chart, "Role", "-viewers");
        var binding = Named(chart, "RoleBinding", "-viewers");

        Assert.Equal([new Grant(OperatorNamespace, "discovery.k8s.io", "endpointslices", "list", null)], Grants(role, OperatorNamespace));
        Assert.Equal(AirwaveChart.ReleaseNamespace, (string?)role["metadata"]!["namespace"]);
        Assert.Equal((string?)role["metadata"]!["name"], (string?)binding["roleRef"]!["name"]);
        var subject = binding["subjects"]!.AsArray().Single()!;
        Assert.Equal((string?)chart.Operator("ServiceAccount")["metadata"]!["name"], (string?)subject["name"]);

        // The operator asks the replicas of the Service the chart makes, at the port their pods listen on.
        var viewers = System.Text.Json.Nodes.JsonNode.Parse((string)chart.One("ConfigMap")["data"]!["config.json"]!)!["Operator"]!["Viewers"]!;
        var service = chart.Documents.Single(d => d.Kind == "Service" && d.Name.EndsWith("-webhook", StringComparison.Ordinal));
        var webhookPod = chart.Documents.Single(d => d.Kind == "Deployment" && d.Name == service.Name).Manifest["spec"]!["template"]!["spec"]!;
        var managementPort = webhookPod["containers"]![0]!["ports"]!.AsArray().Single(p => (string?)p!["name"] == "management")!["containerPort"];
        Assert.Equal((service.Name, AirwaveChart.ReleaseNamespace, managementPort!.ToJsonString()), ((string?)viewers["WebhookService"], (string?)viewers["WebhookNamespace"], viewers["WebhookManagementPort"]!.ToJsonString()));

        var without = await renderer.RenderMinimalAsync();
        Assert.DoesNotContain(without.Documents, d => d.Kind is "Role" or "RoleBinding" && d.Name.EndsWith("-viewers", StringComparison.Ordinal));
        Assert.Null(System.Text.Json.Nodes.JsonNode.Parse((string)without.One("ConfigMap")["data"]!["config.json"]!)!["Operator"]!["Viewers"]);
    }

    [Fact]
    public async Task Without_leader_election_no_lease_permission_is_granted()
    {
        var chart = await renderer.RenderAsync([renderer.WriteValues("config:\n  leaderElection:\n    enabled: false\n")]);

        Assert.DoesNotContain(chart.Documents, d => d.Kind is "Role" or "RoleBinding" && ((string?)d.Manifest["metadata"]!["name"])!.EndsWith("-leader-election", StringComparison.Ordinal));
        Assert.True(chart.Has("ClusterRole"));
    }

    /// <summary>The one document of a kind whose name ends with the suffix (the chart has two Roles).</summary>
    private static JsonObject Named(RenderedChart chart, string kind, string suffix)
    {
        var matches = chart.Documents.Where(d => d.Kind == kind && ((string?)d.Manifest["metadata"]!["name"])!.EndsWith(suffix, StringComparison.Ordinal)).ToList();
        Assert.True(matches.Count == 1, $"expected one {kind} named *{suffix}, rendered {matches.Count}");
        return matches[0].Manifest;
    }

    /// <summary>Every (group, resource, verb, name) a role's rules allow, one per combination.</summary>
    private static IEnumerable<Grant> Grants(JsonObject role, string scope)
    {
        foreach (var rule in role["rules"]!.AsArray())
        {
            var names = rule!["resourceNames"]?.AsArray().Select(n => (string?)n).ToList() ?? [null];
            foreach (var group in rule["apiGroups"]!.AsArray())
            {
                foreach (var resource in rule["resources"]!.AsArray())
                {
                    foreach (var verb in rule["verbs"]!.AsArray())
                    {
                        foreach (var name in names)
                        {
                            yield return new Grant(scope, (string)group!, (string)resource!, (string)verb!, name);
                        }
                    }
                }
            }
        }
    }
}
