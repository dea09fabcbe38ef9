using System.Text.Json;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Serialization;

namespace Airwave.Kubernetes.Tests.Serialization;

public sealed class ObjectMetaJsonTests
{
    // Reading a list in pieces this small hands the converter a reader that is still partial.
    private static readonly JsonSerializerOptions SmallBuffers = new(KubernetesJson.Default) { DefaultBufferSize = 16 };

    private const string Full = """
        {
          "name": "demo",
          "generateName": "demo-",
          "namespace": "media",
          "uid": "0b9f6f1e-2f3c-4c1a-9a55-5d2f0c9f4e11",
          "resourceVersion": "4711",
          "generation": 3,
          "creationTimestamp": "2026-11-25T10:15:30Z",
          "deletionTimestamp": "2026-11-25T11:00:00Z",
          "deletionGracePeriodSeconds": 0,
          "labels": { "app.kubernetes.io/name": "demo", "tier": "" },
          "annotations": { "note": "a \"quoted\" value" },
          "ownerReferences": [
            { "apiVersion": "media.airwave.dev/v1alpha1", "kind": "LiveStream", "name": "demo", "uid": "1234", "controller": true, "blockOwnerDeletion": true }
          ],
          "finalizers": ["media.airwave.dev/cleanup"],
          "managedFields": [{ "manager": "kubectl", "operation": "Apply", "fieldsV1": { "f:metadata": { "f:labels": {} } } }],
          "selfLink": "/api/v1/namespaces/media/configmaps/demo"
        }
        """;

    [Fact]
    public void Every_field_of_metadata_is_read_and_server_bookkeeping_is_skipped()
    {
        var meta = JsonSerializer.Deserialize<ObjectMeta>(Full, KubernetesJson.Default)!;

        Assert.Equal("demo", meta.Name);
        Assert.Equal("demo-", meta.GenerateName);
        Assert.Equal("media", meta.Namespace);
        Assert.Equal("0b9f6f1e-2f3c-4c1a-9a55-5d2f0c9f4e11", meta.Uid);
        Assert.Equal("4711", meta.ResourceVersion);
        Assert.Equal(3, meta.Generation);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 15, 30, TimeSpan.Zero), meta.CreationTimestamp);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 11, 0, 0, TimeSpan.Zero), meta.DeletionTimestamp);
        Assert.Equal(0, meta.DeletionGracePeriodSeconds);
        Assert.Equal(new Dictionary<string, string> { ["app.kubernetes.io/name"] = "demo", ["tier"] = "" }, meta.Labels);
        Assert.Equal(new Dictionary<string, string> { ["note"] = "a \"quoted\" value" }, meta.Annotations);
        var owner = Assert.Single(meta.OwnerReferences!);
        Assert.Equal(new OwnerReference { ApiVersion = "media.airwave.dev/v1alpha1", Kind = "LiveStream", Name = "demo", Uid = "1234", Controller = true, BlockOwnerDeletion = true }, owner);
        Assert.Equal(["media.airwave.dev/cleanup"], meta.Finalizers!);
    }

    [Fact]
    public async Task Metadata_is_read_from_a_list_as_it_downloads_in_small_pieces()
    {
        var items = Enumerable.Range(0, 50).Select(i => "{\"metadata\":" + Full.Replace("\"demo\"", $"\"demo-{i}\"", StringComparison.Ordinal) + "}");
        var list = "{\"kind\":\"LeaseList\",\"apiVersion\":\"coordination.k8s.io/v1\",\"metadata\":{\"resourceVersion\":\"9\"},\"items\":[" + string.Join(",", items) + "]}";
        await using var body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(list));

        var read = await JsonSerializer.DeserializeAsync<ResourceList<Airwave.Kubernetes.Core.PartialObjectMetadata>>(body, SmallBuffers);

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"demo-{i}"), read!.Items.Select(item => item.Metadata.Name));
        Assert.All(read.Items, item => Assert.Equal(["media.airwave.dev/cleanup"], item.Metadata.Finalizers!));
    }

    [Fact]
    public void Metadata_is_written_as_before_and_reads_back_the_same()
    {
        var meta = JsonSerializer.Deserialize<ObjectMeta>(Full, KubernetesJson.Default)!;

        var written = JsonSerializer.Serialize(meta, KubernetesJson.Default);

        Assert.Equal(JsonSerializer.Serialize(meta, KubernetesJsonContext.Default.ObjectMeta), written);
        Assert.DoesNotContain("managedFields", written, StringComparison.Ordinal);
        var again = JsonSerializer.Deserialize<ObjectMeta>(written, KubernetesJson.Default)!;
        Assert.Equal(meta with { Labels = null, Annotations = null, OwnerReferences = null, Finalizers = null }, again with { Labels = null, Annotations = null, OwnerReferences = null, Finalizers = null });
        Assert.Equal(meta.Labels, again.Labels);
        Assert.Equal(meta.Annotations, again.Annotations);
        Assert.Equal(meta.OwnerReferences, again.OwnerReferences);
        Assert.Equal(meta.Finalizers, again.Finalizers);
    }

    [Fact]
    public void Absent_and_null_fields_are_null()
    {
        var meta = JsonSerializer.Deserialize<ObjectMeta>("""{"name":"x","labels":null,"generation":null,"creationTimestamp":null,"finalizers":null}""", KubernetesJson.Default)!;

        Assert.Equal(new ObjectMeta { Name = "x" }, meta);
    }

    [Theory]
    [InlineData("""{"labels":["a"]}""", "labels and annotations must be objects")]
    [InlineData("""{"labels":{"a":1}}""", "the value of \"a\" must be a string")]
    [InlineData("""{"finalizers":"a"}""", "finalizers must be an array")]
    [InlineData("""["a"]""", "metadata must be an object")]
    public void Malformed_metadata_is_refused_with_what_is_wrong(string json, string message)
    {
        var error = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<ObjectMeta>(json, KubernetesJson.Default));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
