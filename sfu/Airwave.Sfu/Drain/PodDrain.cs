using Airwave.Sfu.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace Airwave.Sfu.Drain;

/// <summary>
/// Whether the operator drains this pod (it is to go once its viewers left): the signaling service then sends new
/// viewers to the stream's other pods. The operator says so at PUT /drain and takes it back at DELETE /drain, on the
/// management port with the room admin key as bearer token; exported as airwave_sfu_draining, which the operator reads
/// to see whether the pod knows.
/// </summary>
public sealed class PodDrain
{
    private readonly Gauge _gauge;
    private volatile bool _draining;

    public PodDrain(IMetricFactory metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _gauge = metrics.CreateGauge("airwave_sfu_draining", "1 while the pod drains: it takes no new viewers.");
    }

    public bool IsDraining => _draining;

    public static IEndpointConventionBuilder MapDrain(IEndpointRouteBuilder app, string? roomAdminKey)
    {
        var key = new BearerKey("Draining is off", "room admin key", roomAdminKey);
        var group = app.MapGroup("/drain");
        group.MapPut("", (HttpRequest request, PodDrain drain) => key.Refusal(request) ?? drain.Set(true));
        group.MapDelete("", (HttpRequest request, PodDrain drain) => key.Refusal(request) ?? drain.Set(false));
        return group;
    }

    private IResult Set(bool draining)
    {
        _draining = draining;
        _gauge.Set(draining ? 1 : 0);
        return Results.NoContent();
    }
}
