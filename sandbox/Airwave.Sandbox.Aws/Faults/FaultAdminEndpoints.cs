using System.Text.Json;
using System.Text.Json.Serialization;
using Airwave.Sandbox.Aws.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Sandbox.Aws.Faults;

/// <summary>
/// Fault injection over HTTP on the emulator's port, so that any program under test (not only .NET tests) can make
/// the emulated AWS throttle, fail, lose responses or slow down: `POST /_airwave/faults` adds one, `GET` lists what
/// is pending, `DELETE` clears everything. Not signed: it is the sandbox's own control surface, on loopback.
/// </summary>
internal static class FaultAdminEndpoints
{
    public const string Path = "/_airwave/faults";

    /// <summary>Besides the injector's fault kinds, a caller may ask for latency, which applies until cleared.</summary>
    private const string LatencyKind = "Latency";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Map(IEndpointRouteBuilder routes, AwsFaultInjector faults)
    {
        routes.MapGet(Path, () => Results.Json(Describe(faults.Current()), Json));
        routes.MapDelete(Path, () =>
        {
            faults.Reset();
            return Results.NoContent();
        });
        routes.MapPost(Path, async (HttpRequest request) =>
        {
            FaultRequest? fault;
            try
            {
                fault = await JsonSerializer.DeserializeAsync<FaultRequest>(request.Body, Json, request.HttpContext.RequestAborted);
            }
            catch (JsonException error)
            {
                return Invalid($"The body is not a fault: {error.Message}");
            }

            return fault is null ? Invalid("The body is empty; send a JSON fault such as {\"kind\":\"Throttle\",\"count\":1}.") : Add(faults, fault);
        });
    }

    private static IResult Add(AwsFaultInjector faults, FaultRequest fault)
    {
        var isLatency = fault.Kind == LatencyKind;
        AwsFaultKind kind = default;
        if (!isLatency && (!Enum.TryParse(fault.Kind, ignoreCase: false, out kind) || !Enum.IsDefined(kind)))
        {
            return Invalid($"kind \"{fault.Kind}\" is not one of {string.Join(", ", [.. Enum.GetNames<AwsFaultKind>(), LatencyKind])}.");
        }

        AwsServiceKind? service = null;
        if (fault.Service is not null)
        {
            if (!Enum.TryParse<AwsServiceKind>(fault.Service, ignoreCase: false, out var parsed) || !Enum.IsDefined(parsed))
            {
                return Invalid($"service \"{fault.Service}\" is not one of {string.Join(", ", Enum.GetNames<AwsServiceKind>())}.");
            }

            service = parsed;
        }

        if (fault.Operation is { } operation && !AwsOperationCatalog.Instance.Names(service, operation))
        {
            return Invalid($"operation \"{operation}\" is not an operation of {(service is null ? "any emulated service" : service.ToString())}; use the name from the AWS API reference, such as CreateChannel.");
        }

        if (isLatency)
        {
            if (fault.LatencyMilliseconds is not (> 0 and <= 600_000))
            {
                return Invalid("latencyMilliseconds must be between 1 and 600000 for a Latency fault.");
            }

            faults.AddLatency(TimeSpan.FromMilliseconds(fault.LatencyMilliseconds.Value), service, fault.Operation);
        }
        else
        {
            var count = fault.Count ?? 1;
            if (count is < 1 or > 10_000)
            {
                return Invalid("count must be between 1 and 10000.");
            }

            faults.Add(kind, count, service, fault.Operation);
        }

        return Results.Json(Describe(faults.Current()), Json, statusCode: StatusCodes.Status201Created);
    }

    private static object Describe(AwsFaultState state) => new
    {
        faults = state.Faults.Select(f => new { kind = f.Kind.ToString(), service = f.Service?.ToString(), operation = f.Operation, remaining = f.Remaining }),
        latencies = state.Latencies.Select(l => new { latencyMilliseconds = (int)l.Delay.TotalMilliseconds, service = l.Service?.ToString(), operation = l.Operation }),
    };

    private static IResult Invalid(string detail) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid fault");


    private sealed record FaultRequest(string? Kind, string? Service, string? Operation, int? Count, int? LatencyMilliseconds);
}
