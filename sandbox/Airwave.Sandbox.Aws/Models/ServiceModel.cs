using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Aws.Models;

/// <summary>
/// An AWS service's model as botocore 1.43 ships it (<c>service-2.json</c>, Apache License 2.0; in Models/, gzipped):
/// the shapes of every operation's input, which the emulator checks requests against as the service does.
/// </summary>
internal sealed class ServiceModel
{
    private static readonly ConcurrentDictionary<AwsServiceKind, ServiceModel> Loaded = new();
    private readonly JsonObject _operations;
    private readonly JsonObject _shapes;

    private ServiceModel(JsonObject document)
    {
        _operations = document["operations"]!.AsObject();
        _shapes = document["shapes"]!.AsObject();
    }

    public static ServiceModel For(AwsServiceKind service) => Loaded.GetOrAdd(service, static service =>
    {
        var file = service switch
        {
            AwsServiceKind.MediaLive => "medialive-2017-10-14",
            AwsServiceKind.MediaPackage => "mediapackage-2017-10-12",
            AwsServiceKind.CloudFront => "cloudfront-2020-05-31",
            AwsServiceKind.Ivs => "ivs-2020-07-14",
            AwsServiceKind.CloudWatch => "monitoring-2010-08-01",
            AwsServiceKind.Kms => "kms-2014-11-01",
            AwsServiceKind.SecretsManager => "secretsmanager-2017-10-17",
            _ => throw new ArgumentOutOfRangeException(nameof(service), service, "no model is kept for this service"),
        };
        using var stream = typeof(ServiceModel).Assembly.GetManifestResourceStream($"Airwave.Sandbox.Aws.Models.{file}.json.gz")
            ?? throw new InvalidOperationException($"the model {file} is not embedded");
        using var json = new GZipStream(stream, CompressionMode.Decompress);
        return new ServiceModel(JsonNode.Parse(json)!.AsObject());
    });

    public bool HasOperation(string operation) => _operations.ContainsKey(operation);

    /// <summary>The name of the operation's input shape, or null when it takes none.</summary>
    public string? InputShape(string operation) => (string?)_operations[operation]?["input"]?["shape"];

    /// <summary>Whether the model lists <paramref name="error"/> among the operation's errors.</summary>
    public bool Raises(string operation, string error) =>
        _operations[operation]?["errors"]?.AsArray().Any(e => (string?)e?["shape"] == error) == true;

    /// <summary>The error shape whose query-protocol code is <paramref name="code"/> (CloudWatch's InvalidParameterValue → InvalidParameterValueException).</summary>
    public string? ErrorShape(string code) =>
        _shapes.FirstOrDefault(s => (string?)s.Value?["error"]?["code"] == code).Key;

    public JsonObject Shape(string name) => _shapes[name]?.AsObject() ?? throw new KeyNotFoundException($"the model has no shape {name}");
}
