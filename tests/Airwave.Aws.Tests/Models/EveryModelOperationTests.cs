using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Airwave.Aws.Signing;
using Airwave.Aws.Tests.Support;
using Airwave.Aws.Tests.Wire;
using Airwave.Sandbox.Aws;

namespace Airwave.Aws.Tests.Models;

/// <summary>
/// Every operation in the newest botocore models on the machine (the Python botocore's: CloudFront, IVS, MediaLive,
/// MediaPackage, S3) is answered:
/// an implemented one as the service answers, any other with the service's error shape naming the operation.
/// Deprecated operations, and those served on another host (S3's WriteGetObjectResponse), are left out.
/// </summary>
public sealed class EveryModelOperationTests : IAsyncLifetime, IDisposable
{
    private static readonly (AwsServiceKind Service, string SigningName, string Model)[] Services =
    [
        (AwsServiceKind.CloudFront, "cloudfront", "cloudfront/2020-05-31/service-2.json.gz"),
        (AwsServiceKind.Ivs, "ivs", "ivs/2020-07-14/service-2.json.gz"),
        (AwsServiceKind.MediaLive, "medialive", "medialive/2017-10-14/service-2.json.gz"),
        (AwsServiceKind.MediaPackage, "mediapackage", "mediapackage/2017-10-12/service-2.json.gz"),
        (AwsServiceKind.S3, "s3", "s3/2006-03-01/service-2.json.gz"),
    ];

    private readonly HttpClient _http = new();
    private EmulatorHarness _aws = null!;

    public async Task InitializeAsync() => _aws = await EmulatorHarness.StartAsync();

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Every_operation_of_the_models_is_implemented_or_refused_by_name()
    {
        var implemented = new List<string>();
        var refusedByName = new List<string>();
        var unanswered = new List<string>();
        foreach (var (service, signingName, model) in Services)
        {
            JsonNode document;
            await using (var file = File.OpenRead(Path.Combine(BotocoreModel.PythonDataDirectory(), model)))
            await using (var json = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress))
            {
                document = (await JsonNode.ParseAsync(json))!;
            }

            foreach (var (name, operation) in document["operations"]!.AsObject())
            {
                if (operation!["deprecated"] is not null || operation["endpoint"]?["hostPrefix"] is not null)
                {
                    continue;
                }
                var input = operation["input"] is { } shape ? document["shapes"]![(string)shape["shape"]!] : null;
                var (status, code, message) = await CallAsync(service, signingName, (string)operation["http"]!["method"]!, (string)operation["http"]!["requestUri"]!, input);
                if (code == "NotImplemented")
                {
                    (message.Contains($"{service} {name};", StringComparison.Ordinal) && status == HttpStatusCode.NotImplemented ? refusedByName : unanswered).Add($"{service} {name}: {message}");
                }
                else if (status is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed && code is null)
                {
                    unanswered.Add($"{service} {name}: {(int)status} without an AWS error");
                }
                else
                {
                    implemented.Add($"{service} {name}");
                }
            }
        }

        Assert.Empty(unanswered);
        Assert.Contains("CloudFront ListDistributions", implemented);
        Assert.Contains("MediaLive CreateChannel", implemented);
        Assert.Contains("MediaPackage DescribeOriginEndpoint", implemented);
        Assert.Contains(refusedByName, r => r.StartsWith("CloudFront CreateInvalidation:", StringComparison.Ordinal));
        Assert.Contains(refusedByName, r => r.StartsWith("CloudFront TagResource:", StringComparison.Ordinal));
        Assert.Contains(refusedByName, r => r.StartsWith("MediaLive ListOfferings:", StringComparison.Ordinal));
        Assert.Contains("S3 UploadPart", implemented);
        Assert.Contains("S3 CopyObject", implemented);
        Assert.Contains(refusedByName, r => r.StartsWith("S3 UploadPartCopy:", StringComparison.Ordinal));
        Assert.Contains(refusedByName, r => r.StartsWith("S3 GetBucketMetricsConfiguration:", StringComparison.Ordinal));
        Assert.Contains("Ivs CreateChannel", implemented);
        Assert.Contains("Ivs GetStream", implemented);
        Assert.Contains("Ivs ImportPlaybackKeyPair", implemented);
        Assert.Contains("Ivs StopStream", implemented);
        Assert.Contains("Ivs CreateRecordingConfiguration", implemented);
        Assert.Contains(refusedByName, r => r.StartsWith("Ivs BatchGetChannel:", StringComparison.Ordinal));
        Assert.Contains("MediaLive ListAlerts", implemented);
        Assert.Equal(454, implemented.Count + refusedByName.Count);
    }

    /// <summary>
    /// Calls an operation with its URI's placeholders and its required query and header members filled in, signed as
    /// the AWS CLI signs; returns the error code, if any.
    /// </summary>
    private async Task<(HttpStatusCode Status, string? Code, string Message)> CallAsync(AwsServiceKind service, string signingName, string method, string requestUri, JsonNode? input)
    {
        var required = input?["required"]?.AsArray().Select(r => (string)r!).ToHashSet() ?? [];
        var members = input?["members"]?.AsObject().Where(m => required.Contains(m.Key)).Select(m => m.Value!).ToList() ?? [];
        var query = members.Where(m => (string?)m["location"] == "querystring").Select(m => $"{(string)m["locationName"]!}=placeholder").ToList();
        var path = System.Text.RegularExpressions.Regex.Replace(requestUri, @"\{[^}]+\}", "placeholder");
        if (query.Count > 0)
        {
            path += (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + string.Join('&', query);
        }
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(_aws.Emulator.BaseAddress, path));
        foreach (var header in members.Where(m => (string?)m["location"] == "header"))
        {
            request.Headers.TryAddWithoutValidation((string)header["locationName"]!, "placeholder/placeholder");
        }
        byte[] body = method is "POST" or "PUT" ? "{}"u8.ToArray() : [];
        if (body.Length > 0)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(service == AwsServiceKind.CloudFront ? "text/xml" : "application/json");
        }

        if (service == AwsServiceKind.S3)
        {
            request.Headers.TryAddWithoutValidation("x-amz-content-sha256", SigV4.HashHex(body));
        }
        HttpRequestSigner.Sign(request, body, AwsEmulatorOptions.TestCredentials, "us-east-1", signingName, DateTimeOffset.UtcNow);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (service == AwsServiceKind.S3)
        {
            // HEAD errors carry no body (S3 answers a missing bucket with a bare 404): the status is the answer.
            var error = text.Length > 0 ? XElement.Parse(text) : null;
            return (response.StatusCode, error?.Element("Code")?.Value ?? $"HTTP {(int)response.StatusCode}", error?.Element("Message")?.Value ?? "");
        }
        if (service == AwsServiceKind.CloudFront)
        {
            var error = text.StartsWith("<?xml", StringComparison.Ordinal) ? XElement.Parse(text).Descendants().FirstOrDefault(e => e.Name.LocalName == "Error") : null;
            return (response.StatusCode, error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value, error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value ?? text);
        }

        var code = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.First() : null;
        return (response.StatusCode, code, text);
    }
}
