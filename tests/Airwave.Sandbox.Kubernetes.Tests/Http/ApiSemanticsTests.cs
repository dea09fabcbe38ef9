using System.Net;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Tests.Infrastructure;

namespace Airwave.Sandbox.Kubernetes.Tests.Http;

/// <summary>Wire-level behaviour clients rely on: Status shapes, concurrency, paging, selectors, subresources.</summary>
public sealed class ApiSemanticsTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private readonly string _ns = "h-" + Guid.NewGuid().ToString("N")[..8];

    private SandboxClient Client => sandbox.Client;

    public async Task InitializeAsync()
    {
        await Client.PostAsync("/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = _ns } });
        await sandbox.Kubectl.SucceedAsync("apply", "-f", Manifests.Path("widgets-crd.yaml"));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Not_found_is_a_status_object_shaped_like_the_apiservers()
    {
        var (status, body, _) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{_ns}/configmaps/missing");

        Assert.Equal(404, status);
        var expected = JsonNode.Parse("""
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"configmaps \"missing\" not found",
             "reason":"NotFound","details":{"name":"missing","kind":"configmaps"},"code":404}
            """);
        Assert.True(JsonNode.DeepEquals(expected, body), body?.ToJsonString());
    }

    [Fact]
    public async Task Aggregated_discovery_lists_every_group_version_and_resource_when_asked_for()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/apis");
        request.Headers.TryAddWithoutValidation("Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json");
        using var response = await Client.Http.SendAsync(request);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var legacy = await Client.GetAsync("/apis");

        Assert.Equal("v2", response.Content.Headers.ContentType!.Parameters.Single(p => p.Name == "v").Value);
        Assert.Equal("APIGroupDiscoveryList", (string?)document["kind"]);
        var widgets = document["items"]!.AsArray()
            .Single(g => (string?)g!["metadata"]!["name"] == "test.airwave.dev")!["versions"]![0]!["resources"]!.AsArray()
            .Single(r => (string?)r!["resource"] == "widgets")!;
        Assert.Equal("Widget", (string?)widgets["responseKind"]!["kind"]);
        Assert.Equal("Namespaced", (string?)widgets["scope"]);
        Assert.Equal("status", (string?)widgets["subresources"]![0]!["subresource"]);
        Assert.Equal("APIGroupList", (string?)legacy["kind"]);
    }

    [Theory]
    [InlineData("/no/such/path")]
    [InlineData("/apis/no.such.group/v1")]
    [InlineData("/apis/apps/v1/namespaces/default/nosuchresources")]
    public async Task Unknown_paths_are_404_status_objects(string path)
    {
        var (status, body, _) = await Client.SendAsync(HttpMethod.Get, path);

        Assert.Equal(404, status);
        Assert.Equal("Status", (string?)body!["kind"]);
        Assert.Equal("the server could not find the requested resource", (string?)body["message"]);
    }

    [Fact]
    public async Task Invalid_custom_resource_gets_422_with_field_causes()
    {
        var (status, body, _) = await Client.SendAsync(HttpMethod.Post, $"/apis/test.airwave.dev/v1/namespaces/{_ns}/widgets", Widget("bad", state: "Paused", size: 99));

        Assert.Equal(422, status);
        Assert.Equal("Invalid", (string?)body!["reason"]);
        Assert.Equal("Widget", (string?)body["details"]!["kind"]);
        Assert.Equal("test.airwave.dev", (string?)body["details"]!["group"]);
        var fields = body["details"]!["causes"]!.AsArray().Select(c => (string?)c!["field"]).ToList();
        Assert.Contains("spec.state", fields);
        Assert.Contains("spec.size", fields);
        Assert.StartsWith("Widget.test.airwave.dev \"bad\" is invalid: [", (string?)body["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stale_update_conflicts_and_custom_resources_need_a_resource_version()
    {
        var path = $"/apis/test.airwave.dev/v1/namespaces/{_ns}/widgets";
        var created = await Client.PostAsync(path, Widget("versioned"));
        await Client.PatchAsync($"{path}/versioned", new JsonObject { ["spec"] = new JsonObject { ["size"] = 5 } });

        var stale = created.DeepClone();
        stale["spec"]!["size"] = 6;
        var (staleStatus, staleBody, _) = await Client.SendAsync(HttpMethod.Put, $"{path}/versioned", stale);
        var unversioned = created.DeepClone();
        unversioned["metadata"]!.AsObject().Remove("resourceVersion");
        var (unversionedStatus, unversionedBody, _) = await Client.SendAsync(HttpMethod.Put, $"{path}/versioned", unversioned);

        Assert.Equal(409, staleStatus);
        Assert.Equal("Conflict", (string?)staleBody!["reason"]);
        Assert.Equal("Operation cannot be fulfilled on widgets.test.airwave.dev \"versioned\": the object has been modified; please apply your changes to the latest version and try again", (string?)staleBody["message"]);
        Assert.Equal(422, unversionedStatus);
        Assert.Equal("metadata.resourceVersion", (string?)unversionedBody!["details"]!["causes"]![0]!["field"]);
    }

    [Fact]
    public async Task Every_write_gets_a_new_resource_version_and_generate_name_a_unique_name()
    {
        var path = $"/api/v1/namespaces/{_ns}/configmaps";
        var first = await Client.PostAsync(path, new JsonObject { ["metadata"] = new JsonObject { ["generateName"] = "gen-" } });
        var second = await Client.PostAsync(path, new JsonObject { ["metadata"] = new JsonObject { ["generateName"] = "gen-" } });
        var patched = await Client.PatchAsync($"{path}/{first["metadata"]!["name"]}", new JsonObject { ["data"] = new JsonObject { ["k"] = "v" } });
        var (duplicateStatus, duplicate, _) = await Client.SendAsync(HttpMethod.Post, path, new JsonObject { ["metadata"] = new JsonObject { ["name"] = (string?)first["metadata"]!["name"] } });

        var versions = new[] { first, second, patched }.Select(o => long.Parse((string)o["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.Equal(3, versions.Distinct().Count());
        Assert.StartsWith("gen-", (string?)first["metadata"]!["name"], StringComparison.Ordinal);
        Assert.NotEqual((string?)first["metadata"]!["name"], (string?)second["metadata"]!["name"]);
        Assert.Equal(409, duplicateStatus);
        Assert.Equal("AlreadyExists", (string?)duplicate!["reason"]);
    }

    [Fact]
    public async Task Objects_can_only_be_created_in_existing_namespaces()
    {
        var (status, body, _) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/does-not-exist/configmaps", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "x" } });

        Assert.Equal(404, status);
        Assert.Equal("namespaces \"does-not-exist\" not found", (string?)body!["message"]);
    }

    [Fact]
    public async Task List_pages_with_limit_and_continue_answers_resource_version_0_whole_and_filters_by_selectors()
    {
        var path = $"/api/v1/namespaces/{_ns}/configmaps";
        for (var i = 0; i < 5; i++)
        {
            await Client.PostAsync(path, new JsonObject { ["metadata"] = new JsonObject { ["name"] = $"page-{i}", ["labels"] = new JsonObject { ["parity"] = i % 2 == 0 ? "even" : "odd" } } });
        }

        var names = new List<string>();
        string? token = null;
        JsonNode firstPage = null!;
        for (var page = 0; page < 5; page++)
        {
            var list = await Client.GetAsync($"{path}?limit=2{(token is null ? string.Empty : "&continue=" + Uri.EscapeDataString(token))}");
            firstPage ??= list;
            names.AddRange(list["items"]!.AsArray().Select(item => (string)item!["metadata"]!["name"]!));
            token = (string?)list["metadata"]!["continue"];
            if (token is null)
            {
                break;
            }
        }

        var fromCache = await Client.GetAsync($"{path}?limit=2&resourceVersion=0");
        var even = await Client.GetAsync($"{path}?labelSelector={Uri.EscapeDataString("parity in (even),parity!=odd")}");
        var byName = await Client.GetAsync($"{path}?fieldSelector={Uri.EscapeDataString("metadata.name=page-3")}");
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"page-{i}"), names);
        Assert.Equal(3, (long)firstPage["metadata"]!["remainingItemCount"]!);

        // As from the watch cache: any version, the limit ignored.
        Assert.Equal(5, fromCache["items"]!.AsArray().Count);
        Assert.Null(fromCache["metadata"]!["continue"]);
        Assert.Equal("ConfigMapList", (string?)firstPage["kind"]);
        Assert.Equal(["page-0", "page-2", "page-4"], even["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!));
        Assert.Equal(["page-3"], byName["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!));
    }

    [Fact]
    public async Task Status_subresource_separates_spec_and_status_and_generation_follows_spec()
    {
        var path = $"/apis/test.airwave.dev/v1/namespaces/{_ns}/widgets";
        var withStatus = Widget("split");
        withStatus["status"] = new JsonObject { ["phase"] = "Ignored" };
        var created = await Client.PostAsync(path, withStatus);
        var mainWrite = await Client.PatchAsync($"{path}/split", new JsonObject { ["status"] = new JsonObject { ["phase"] = "AlsoIgnored" } });
        var statusWrite = await Client.PatchAsync($"{path}/split/status", new JsonObject { ["status"] = new JsonObject { ["phase"] = "Ready" }, ["spec"] = new JsonObject { ["size"] = 9 } });
        var specWrite = await Client.PatchAsync($"{path}/split", new JsonObject { ["spec"] = new JsonObject { ["size"] = 4 } });

        Assert.Null(created["status"]);
        Assert.Equal(1, (long)created["metadata"]!["generation"]!);
        Assert.Null(mainWrite["status"]);
        Assert.Equal("Ready", (string?)statusWrite["status"]!["phase"]);
        Assert.Equal(3, (long)statusWrite["spec"]!["size"]!);
        Assert.Equal(1, (long)statusWrite["metadata"]!["generation"]!);
        Assert.Equal(2, (long)specWrite["metadata"]!["generation"]!);
        Assert.Equal("Ready", (string?)specWrite["status"]!["phase"]);
    }

    [Fact]
    public async Task No_new_finalizers_once_deleting_and_the_last_one_removes_the_object()
    {
        var path = $"/apis/test.airwave.dev/v1/namespaces/{_ns}/widgets";
        var widget = Widget("final");
        widget["metadata"]!["finalizers"] = new JsonArray("test.airwave.dev/a");
        await Client.PostAsync(path, widget);

        var (deleteStatus, deleting, _) = await Client.SendAsync(HttpMethod.Delete, $"{path}/final");
        var (addStatus, added, _) = await Client.SendAsync(HttpMethod.Patch, $"{path}/final", JsonNode.Parse("""{"metadata":{"finalizers":["test.airwave.dev/a","test.airwave.dev/b"]}}"""), "application/merge-patch+json");
        await Client.PatchAsync($"{path}/final", JsonNode.Parse("""{"metadata":{"finalizers":null}}""")!);
        var (getStatus, _, _) = await Client.SendAsync(HttpMethod.Get, $"{path}/final");

        Assert.Equal(200, deleteStatus);
        Assert.NotNull(deleting!["metadata"]!["deletionTimestamp"]);
        Assert.Equal(422, addStatus);
        Assert.Contains("no new finalizers can be added if the object is being deleted", (string?)added!["message"], StringComparison.Ordinal);
        Assert.Equal(404, getStatus);
    }

    [Fact]
    public async Task Foreground_deletion_waits_only_for_dependents_that_block_owner_deletion()
    {
        var widgets = $"/apis/test.airwave.dev/v1/namespaces/{_ns}/widgets";
        var configMaps = $"/api/v1/namespaces/{_ns}/configmaps";
        var owner = await Client.PostAsync(widgets, Widget("parent"));
        foreach (var (name, blocks) in new[] { ("blocker", true), ("bystander", false) })
        {
            await Client.PostAsync(configMaps, new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["name"] = name,
                    ["finalizers"] = new JsonArray("test.airwave.dev/hold"),
                    ["ownerReferences"] = new JsonArray(new JsonObject
                    {
                        ["apiVersion"] = "test.airwave.dev/v1",
                        ["kind"] = "Widget",
                        ["name"] = "parent",
                        ["uid"] = owner["metadata"]!["uid"]!.DeepClone(),
                        ["blockOwnerDeletion"] = blocks,
                    }),
                },
            });
        }

        var (deleteStatus, _, _) = await Client.SendAsync(HttpMethod.Delete, $"{widgets}/parent", new JsonObject { ["propagationPolicy"] = "Foreground" });
        var dependentsDeleting = await EventuallyAsync(async () =>
            (await Client.GetAsync($"{configMaps}/blocker"))["metadata"]!["deletionTimestamp"] is not null
            && (await Client.GetAsync($"{configMaps}/bystander"))["metadata"]!["deletionTimestamp"] is not null);
        var (ownerWhileBlocked, _, _) = await Client.SendAsync(HttpMethod.Get, $"{widgets}/parent");
        await Client.PatchAsync($"{configMaps}/blocker", JsonNode.Parse("""{"metadata":{"finalizers":null}}""")!);
        var ownerGone = await EventuallyAsync(async () => (await Client.SendAsync(HttpMethod.Get, $"{widgets}/parent")).Status == 404);
        var (bystanderStatus, _, _) = await Client.SendAsync(HttpMethod.Get, $"{configMaps}/bystander");

        Assert.Equal(200, deleteStatus);
        Assert.True(dependentsDeleting);
        Assert.Equal(200, ownerWhileBlocked);
        Assert.True(ownerGone);
        Assert.Equal(200, bystanderStatus);
    }

    [Fact]
    public async Task Field_validation_warns_or_ignores_unknown_fields_on_request()
    {
        var path = $"/apis/test.airwave.dev/v1/namespaces/{_ns}/widgets";
        var (_, warned, warnResponse) = await Client.SendAsync(HttpMethod.Post, $"{path}?fieldValidation=Warn", Widget("warned", extra: "colour"));
        var (_, _, ignoreResponse) = await Client.SendAsync(HttpMethod.Post, $"{path}?fieldValidation=Ignore", Widget("ignored", extra: "colour"));
        var (strictStatus, strict, _) = await Client.SendAsync(HttpMethod.Post, $"{path}?fieldValidation=Strict", Widget("strict", extra: "colour"));

        Assert.Equal(["299 - \"unknown field \\\"spec.colour\\\"\""], warnResponse.Headers.GetValues("Warning"));
        Assert.Null(warned!["spec"]!["colour"]);
        Assert.False(ignoreResponse.Headers.Contains("Warning"));
        Assert.Equal(400, strictStatus);
        Assert.Contains("strict decoding error: unknown field \"spec.colour\"", (string?)strict!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_store_string_data_base64_encoded_in_data_and_refuse_invalid_base64()
    {
        var path = $"/api/v1/namespaces/{_ns}/secrets";
        var created = await Client.PostAsync(path, JsonNode.Parse("""
            {"metadata":{"name":"ingest"},"data":{"a":"YQ=="},"stringData":{"streamKey":"live_123"}}
            """)!);
        var (invalidStatus, invalid, _) = await Client.SendAsync(HttpMethod.Post, path, JsonNode.Parse("""{"metadata":{"name":"broken"},"data":{"a":"not base64!"}}"""));

        Assert.Equal("Opaque", (string?)created["type"]);
        Assert.Null(created["stringData"]);
        Assert.Equal("YQ==", (string?)created["data"]!["a"]);
        Assert.Equal(Convert.ToBase64String("live_123"u8.ToArray()), (string?)created["data"]!["streamKey"]);
        Assert.Equal(400, invalidStatus);
        Assert.Equal("BadRequest", (string?)invalid!["reason"]);
    }

    [Fact]
    public async Task Crd_deletion_removes_its_objects_respecting_their_finalizers_then_stops_serving()
    {
        var gadgets = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: { name: gadgets.test.airwave.dev }
            spec:
              group: test.airwave.dev
              scope: Namespaced
              names: { plural: gadgets, singular: gadget, kind: Gadget }
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
            """;
        var path = $"/apis/test.airwave.dev/v1/namespaces/{_ns}/gadgets";
        Assert.Equal(0, (await sandbox.Kubectl.RunWithInputAsync(gadgets, "apply", "-f", "-")).ExitCode);
        await Client.PostAsync(path, JsonNode.Parse("""{"metadata":{"name":"held","finalizers":["test.airwave.dev/hold"]},"anything":"goes"}""")!);
        await Client.PostAsync(path, JsonNode.Parse("""{"metadata":{"name":"free"}}""")!);

        var (deleteStatus, deleting, _) = await Client.SendAsync(HttpMethod.Delete, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.test.airwave.dev");
        var cleaned = await EventuallyAsync(async () =>
            (await Client.SendAsync(HttpMethod.Get, $"{path}/free")).Status == 404
            && (await Client.GetAsync($"{path}/held"))["metadata"]!["deletionTimestamp"] is not null);
        var (createStatus, refused, _) = await Client.SendAsync(HttpMethod.Post, path, JsonNode.Parse("""{"metadata":{"name":"late"}}"""));
        var servedWhileTerminating = await Client.GetAsync("/apis/test.airwave.dev/v1");
        await Client.PatchAsync($"{path}/held", JsonNode.Parse("""{"metadata":{"finalizers":null}}""")!);
        var stopped = await EventuallyAsync(async () => (await Client.SendAsync(HttpMethod.Get, path)).Status == 404);
        var afterDelete = await Client.GetAsync("/apis/test.airwave.dev/v1");

        Assert.Equal(200, deleteStatus);
        Assert.Contains("customresourcecleanup.apiextensions.k8s.io", deleting!["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f));
        Assert.True(cleaned);
        Assert.Equal(405, createStatus);
        Assert.Equal("create not allowed while custom resource definition is terminating", (string?)refused!["message"]);
        Assert.Contains("gadgets", servedWhileTerminating["resources"]!.AsArray().Select(r => (string?)r!["name"]));
        Assert.True(stopped);
        Assert.DoesNotContain("gadgets", afterDelete["resources"]!.AsArray().Select(r => (string?)r!["name"]));
    }

    /// <summary>Polls a condition the sandbox's controllers bring about asynchronously (bounded: 50 tries, 10 s).</summary>
    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }

    private static JsonObject Widget(string name, string state = "Running", int? size = null, string? extra = null)
    {
        var spec = new JsonObject { ["state"] = state };
        if (size is { } value)
        {
            spec["size"] = value;
        }

        if (extra is not null)
        {
            spec[extra] = "red";
        }

        return new JsonObject
        {
            ["apiVersion"] = "test.airwave.dev/v1",
            ["kind"] = "Widget",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = spec,
        };
    }

    [Theory]
    [InlineData("", "PartialObjectMetadata")]
    [InlineData("Metadata", "PartialObjectMetadata")]
    [InlineData("Object", "ConfigMap")]
    [InlineData("None", null)]
    public async Task Table_rows_carry_the_object_that_includeObject_asks_for(string include, string? kind)
    {
        await Client.PostAsync($"/api/v1/namespaces/{_ns}/configmaps", JsonNode.Parse("""{"metadata":{"name":"tabled"},"data":{"colour":"blue"}}""")!);
        var query = include.Length == 0 ? string.Empty : $"?includeObject={include}";
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/{_ns}/configmaps{query}");
        request.Headers.TryAddWithoutValidation("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
        using var response = await Client.Http.SendAsync(request);
        var row = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["rows"]![0]!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("tabled", (string?)row["cells"]![0]);
        Assert.Equal(kind, (string?)row["object"]?["kind"]);
        Assert.Equal(kind == "ConfigMap" ? "blue" : null, (string?)row["object"]?["data"]?["colour"]);
    }

    [Fact]
    public async Task Table_with_an_unknown_includeObject_is_a_bad_request_naming_the_supported_values()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/{_ns}/configmaps?includeObject=Everything");
        request.Headers.TryAddWithoutValidation("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io");
        using var response = await Client.Http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("supported values: \"Metadata\", \"None\", \"Object\"", (string?)body["message"], StringComparison.Ordinal);
    }
}
