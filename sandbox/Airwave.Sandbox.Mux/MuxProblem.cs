using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Mux;

/// <summary>An error answer in Mux's shape: `{"error": {"type": "...", "messages": ["..."]}}`.</summary>
internal sealed class MuxProblem(int status, string type, params string[] messages) : Exception(string.Join("; ", messages))
{
    public static MuxProblem NotFound() => new(404, "not_found", "The requested resource either doesn't exist or you don't have access to it.");

    public static MuxProblem Invalid(params string[] messages) => new(400, "invalid_parameters", messages);

    public static MuxProblem ServerError() => new(500, "internal_server_error", "Something went wrong on Mux's side.");

    public static MuxProblem RateLimited() => new(429, "too_many_requests", "Too many requests: slow down.");

    public static MuxProblem Unauthorized() => new(401, "unauthorized", "Unauthorized request");

    public IResult ToResult() => Results.Json(new { error = new { type, messages } }, MuxWire.Options, statusCode: status);
}
