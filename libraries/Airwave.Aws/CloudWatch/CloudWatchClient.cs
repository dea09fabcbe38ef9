using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Airwave.Aws.Credentials;
using Airwave.Aws.Http;

namespace Airwave.Aws.CloudWatch;

/// <summary>
/// Amazon CloudWatch over the AWS JSON 1.0 protocol (one of the protocols its model lists, the one botocore picks):
/// a POST to / naming the operation in <c>X-Amz-Target</c>, members spelled as the model names them, times in epoch
/// seconds. Signed with SigV4 for the service name <c>monitoring</c>.
/// </summary>
public sealed partial class CloudWatchClient : ICloudWatchClient
{
    private const string TargetPrefix = "GraniteServiceVersion20100801.";
    private const string ContentType = "application/x-amz-json-1.0";
    private readonly AwsRestClient _client;

    public CloudWatchClient(HttpClient http, AwsClientOptions options, ICredentialsProvider credentials, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = new AwsRestClient(http, AwsService.CloudWatch(options), credentials, options.Retry, options.Metrics, time ?? TimeProvider.System);
    }

    public async Task<IReadOnlyList<MetricDataResult>> GetMetricDataAsync(GetMetricDataRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var merged = request.MetricDataQueries.ToDictionary(q => q.Id, q => new MergedResult(q.Id), StringComparer.Ordinal);
        string? nextToken = null;
        do
        {
            var body = new GetMetricDataInput(request.MetricDataQueries, request.StartTime, request.EndTime, nextToken);
            var page = await SendAsync<GetMetricDataOutput>(body, cancellationToken);
            foreach (var result in page.MetricDataResults ?? [])
            {
                if (result.Id is { } id && merged.TryGetValue(id, out var into))
                {
                    into.Add(result);
                }
            }
            nextToken = page.NextToken;
        }
        while (!string.IsNullOrEmpty(nextToken));
        return [.. merged.Values.Select(m => m.ToResult())];
    }

    private async Task<TResponse> SendAsync<TResponse>(object body, CancellationToken cancellationToken, [System.Runtime.CompilerServices.CallerMemberName] string operation = "")
    {
        var name = operation.EndsWith("Async", StringComparison.Ordinal) ? operation[..^"Async".Length] : operation;
        var headers = new Dictionary<string, string> { ["X-Amz-Target"] = TargetPrefix + name };
        var response = await _client.SendAsync(new AwsRequest(HttpMethod.Post, "/", JsonSerializer.SerializeToUtf8Bytes(body, CloudWatchJson.Default.Options.GetTypeInfo(body.GetType())), ContentType, headers), cancellationToken, operation);
        return JsonSerializer.Deserialize(response.Body, (JsonTypeInfo<TResponse>)CloudWatchJson.Default.Options.GetTypeInfo(typeof(TResponse))) ?? throw new InvalidOperationException($"CloudWatch {name} returned an empty body.");
    }

    /// <summary>Members spelled as the model names them, absent ones left out, times in epoch seconds; generated at build time.</summary>
    [JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
    [JsonSerializable(typeof(GetMetricDataInput))]
    [JsonSerializable(typeof(GetMetricDataOutput))]
    private sealed partial class CloudWatchJson : JsonSerializerContext;

    private sealed record GetMetricDataInput(IReadOnlyList<MetricDataQuery> MetricDataQueries, DateTimeOffset StartTime, DateTimeOffset EndTime, string? NextToken);

    private sealed record GetMetricDataOutput(IReadOnlyList<ResultPage>? MetricDataResults, string? NextToken);

    private sealed record ResultPage(string? Id, string? Label, IReadOnlyList<DateTimeOffset>? Timestamps, IReadOnlyList<double>? Values, string? StatusCode);

    private sealed class MergedResult(string id)
    {
        private readonly List<DateTimeOffset> _timestamps = [];
        private readonly List<double> _values = [];
        private string? _label;
        private string _status = "Complete";

        public void Add(ResultPage page)
        {
            _label ??= page.Label;
            _timestamps.AddRange(page.Timestamps ?? []);
            _values.AddRange(page.Values ?? []);
            _status = page.StatusCode ?? _status;
        }

        public MetricDataResult ToResult() => new(id, _label, _timestamps, _values, _status);
    }

    /// <summary>The JSON protocols' default time format: seconds since the epoch, fractions allowed.</summary>
    private sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.UnixEpoch.AddMilliseconds(Math.Round(reader.GetDouble() * 1000));

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(value.ToUnixTimeMilliseconds() / 1000m);
    }
}
