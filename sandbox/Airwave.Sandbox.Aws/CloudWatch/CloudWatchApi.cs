using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Airwave.Sandbox.Aws.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Aws.CloudWatch;

/// <summary>
/// Amazon CloudWatch over the AWS JSON 1.0 protocol (<see cref="Protocol"/>). GetMetricData answers from <see cref="MetricStore"/> (what the emulated services
/// published and what clients put); PutMetricData adds to it. The model's other operations are refused by name.
/// </summary>
internal sealed partial class CloudWatchApi(MetricStore metrics, TimeProvider time)
{
    public static readonly JsonTargetProtocol Protocol = new(AwsServiceKind.CloudWatch, "GraniteServiceVersion20100801.", new HashSet<string>(["GetMetricData", "PutMetricData"], StringComparer.Ordinal));

    private static readonly string[] Stats = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"];

    public async Task InvokeAsync(HttpContext context, AwsOperation operation)
    {
        var body = JsonNode.Parse(await SignedRequest.ReadBodyAsync(context.Request, rewind: true, context.RequestAborted))!.AsObject();
        object result = operation.Name == "GetMetricData" ? GetMetricData(body) : PutMetricData(body);
        context.Response.ContentType = "application/x-amz-json-1.0";
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(result), context.RequestAborted);
    }

    private Dictionary<string, object> GetMetricData(JsonObject body)
    {
        var (start, end) = (Time(body["StartTime"], "StartTime"), Time(body["EndTime"], "EndTime"));
        if (start >= end)
        {
            throw InvalidParameter("The parameter StartTime must be less than the parameter EndTime.");
        }

        var queries = body["MetricDataQueries"]!.AsArray();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var results = new List<Dictionary<string, object>>();
        for (var i = 0; i < queries.Count; i++)
        {
            var query = queries[i]!.AsObject();
            var id = (string)query["Id"]!;
            var at = $"MetricDataQueries.member.{i + 1}";
            if (!QueryId().IsMatch(id))
            {
                throw InvalidParameter($"The value {id} for parameter {at}.Id is not valid: it must start with a lowercase letter and contain only letters, numbers and underscores.");
            }
            if (!ids.Add(id))
            {
                throw InvalidParameter($"The value {id} for parameter {at}.Id is used more than once.");
            }
            if (query["MetricStat"] is not JsonObject stat)
            {
                throw InvalidParameter($"The parameter {at}.MetricStat is required: the emulator answers metric queries, not expressions or Metrics Insights queries.");
            }

            var period = (int)stat["Period"]!;
            if (period % 60 != 0)
            {
                throw InvalidParameter($"The parameter {at}.MetricStat.Period must be a multiple of 60.");
            }
            var statistic = (string)stat["Stat"]!;
            if (!Stats.Contains(statistic))
            {
                throw InvalidParameter($"The value {statistic} for parameter {at}.MetricStat.Stat is not supported by the emulator: use one of {string.Join(", ", Stats)}.");
            }

            var metric = stat["Metric"]!.AsObject();
            var name = (string?)metric["MetricName"] ?? "";
            var points = metrics.Query((string?)metric["Namespace"] ?? "", name, Dimensions(metric["Dimensions"]), statistic, period, start, end);
            results.Add(new()
            {
                ["Id"] = id,
                ["Label"] = (string?)query["Label"] ?? name,
                ["Timestamps"] = points.Select(p => p.Timestamp.ToUnixTimeSeconds()).ToArray(),
                ["Values"] = points.Select(p => p.Value).ToArray(),
                ["StatusCode"] = "Complete",
            });
        }
        return new() { ["MetricDataResults"] = results, ["Messages"] = Array.Empty<object>() };
    }

    private Dictionary<string, object> PutMetricData(JsonObject body)
    {
        var ns = (string)body["Namespace"]!;
        if (ns.StartsWith("AWS/", StringComparison.Ordinal))
        {
            throw InvalidParameter($"The value {ns} for parameter Namespace is invalid: namespaces starting AWS/ are reserved for AWS's own metrics.");
        }

        var data = body["MetricData"]!.AsArray();
        var now = time.GetUtcNow();
        foreach (var datum in data.Select(d => d!.AsObject()))
        {
            var name = (string)datum["MetricName"]!;
            var at = datum["Timestamp"] is { } timestamp ? Time(timestamp, "Timestamp") : now;
            var dimensions = Dimensions(datum["Dimensions"]);
            if (datum["Value"] is { } value)
            {
                metrics.Record(ns, name, dimensions, at, (double)value);
            }
            else if (datum["StatisticValues"] is JsonObject stats)
            {
                metrics.Record(ns, name, dimensions, at, new MinuteStats((double)stats["Sum"]!, (double)stats["SampleCount"]!, (double)stats["Minimum"]!, (double)stats["Maximum"]!));
            }
            else
            {
                throw new AwsApiException(HttpStatusCode.BadRequest, "MissingParameter", $"A metric datum of {name} must have a Value or StatisticValues (the emulator does not take Values and Counts).");
            }
        }
        return [];
    }

    private static Dictionary<string, string> Dimensions(JsonNode? node) =>
        node?.AsArray().Select(d => d!.AsObject()).ToDictionary(d => (string)d["Name"]!, d => (string)d["Value"]!, StringComparer.Ordinal) ?? [];

    /// <summary>The JSON protocols' timestamps: seconds since the epoch.</summary>
    private static DateTimeOffset Time(JsonNode? node, string name) =>
        node is JsonValue value && value.TryGetValue(out double seconds)
            ? DateTimeOffset.UnixEpoch.AddMilliseconds(Math.Round(seconds * 1000))
            : throw new AwsApiException(HttpStatusCode.BadRequest, "SerializationException", $"{name} must be a number of seconds since the epoch.");

    private static AwsApiException InvalidParameter(string message) => new(HttpStatusCode.BadRequest, "InvalidParameterValue", message);

    [GeneratedRegex("^[a-z][a-zA-Z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex QueryId();
}
