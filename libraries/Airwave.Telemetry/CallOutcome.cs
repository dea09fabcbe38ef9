using System.Net;

namespace Airwave.Telemetry;

/// <summary>The <c>outcome</c> label of a call attempt to another service's HTTP API, as the request metrics count it.</summary>
public static class CallOutcome
{
    /// <summary>success, throttled, client_error, server_error, or network_error when no answer came.</summary>
    public static string Of(HttpStatusCode? status) => status switch
    {
        null => "network_error",
        HttpStatusCode.TooManyRequests => "throttled",
        >= HttpStatusCode.InternalServerError => "server_error",
        >= HttpStatusCode.BadRequest => "client_error",
        _ => "success",
    };
}
