using System.Text.Json.Nodes;
using Airwave.Sfu.Drain;
using Airwave.Sfu.Json;
using Airwave.Sfu.Relay;
using Airwave.Sfu.Whep;
using Airwave.Sfu.Whip;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Sfu.Hosting;

/// <summary>
/// GET /whip on the pod's API port says whether the stream's publisher is here, or relayed here from another pod, how
/// many viewers the pod has and whether it drains, so that the signaling service sends the publisher here, and viewers
/// to the pod with the fewest that does not drain. It reads every feature of the pod, so it is mapped here.
/// </summary>
public static class PodStatusEndpoint
{
    public static IEndpointConventionBuilder MapPodStatus(this IEndpointRouteBuilder app) =>
        app.MapGet("/whip", (WhipPublishing publishing, RemotePublisher relayed, WhepViewing viewing, PodDrain drain) =>
            Results.Json(new JsonObject { ["publishing"] = publishing.IsPublishing, ["relayed"] = relayed.IsPresent, ["viewers"] = viewing.Viewers, ["draining"] = drain.IsDraining }, NodeJson.Default.JsonObject));
}
