using System.Text.Json.Nodes;
using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Airwave.Aws.S3;
using Airwave.Sandbox.Aws;
using Amazon.S3.Model;

namespace Airwave.Operator.Tests.VideoAssets;

/// <summary>
/// What the tests of VideoAssets hosted on AWS share: one sandbox (each test in a namespace of its own), a folder for
/// the media they make, and reading what the operator left in Kubernetes and in the video bucket.
/// </summary>
public abstract class AwsVideoTestBase(OperatorSandbox sandbox) : IDisposable
{
    /// <summary>The test classes that share one sandbox: their tests run one at a time, each a transcode Job's work.</summary>
    public const string Collection = "videos on AWS";

    /// <summary>How long a transcode may take on a machine busy with other tests.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    protected OperatorSandbox Sandbox { get; } = sandbox;

    /// <summary>Where a test keeps the media it makes.</summary>
    protected DirectoryInfo Files { get; } = Directory.CreateTempSubdirectory("airwave-aws-videos-");

    protected HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose()
    {
        Http.Dispose();
        Files.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    protected static string? Reason(JsonNode? asset, string type) =>
        (string?)asset?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == type)?["reason"];

    protected static string? Status(JsonNode? asset, string type) =>
        (string?)asset?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == type)?["status"];

    protected async Task<IReadOnlyList<JsonNode>> ItemsAsync(string ns, string resource) =>
        [.. JsonNode.Parse(await Sandbox.Kubectl.SucceedAsync("get", resource, "-n", ns, "-o", "json"))!["items"]!.AsArray().Select(i => i!)];

    /// <summary>Applies a VideoAsset on provider Aws of a source URL; <paramref name="more"/> adds spec lines.</summary>
    protected Task ApplyAsync(string ns, string name, string url, string more = "") => ApplySourceAsync(ns, name, $"url: \"{url}\"", more);

    /// <summary>Applies a VideoAsset on provider Aws whose spec.source is <paramref name="source"/> (a flow mapping's content).</summary>
    protected async Task ApplySourceAsync(string ns, string name, string source, string more = "")
    {
        await Sandbox.ApplyAsync(ns, $$"""
            apiVersion: media.airwave.dev/v1alpha1
            kind: VideoAsset
            metadata: { name: {{name}} }
            spec:
              title: {{name}}
              provider: Aws
              source: { {{source}} }
              {{more}}
            """);
    }

    /// <summary>The keys in the video bucket under videos/<paramref name="prefix"/>, relative to it where it is a folder.</summary>
    protected async Task<IReadOnlyList<string>> KeysAsync(string prefix)
    {
        var aws = Sandbox.Host.Aws!;
        using var s3 = S3ClientFactory.Create(AwsClientOptions.ForEmulator(aws.BaseAddress), new StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials));
        var folder = prefix.EndsWith('-') ? $"videos/{prefix}" : $"videos/{prefix}/";
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = aws.Options.VideoBucket, Prefix = folder });
        return [.. (listed.S3Objects ?? []).Select(o => o.Key[folder.Length..]).Order(StringComparer.Ordinal)];
    }
}

[CollectionDefinition(AwsVideoTestBase.Collection)]
public sealed class AwsVideoGroup : ICollectionFixture<OperatorSandbox>;
