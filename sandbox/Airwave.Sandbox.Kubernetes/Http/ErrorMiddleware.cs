using Airwave.Sandbox.Kubernetes.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Airwave.Sandbox.Kubernetes.Http;

/// <summary>Turns failures into Status responses; anything unexpected becomes a 500 InternalError and is logged.</summary>
internal sealed partial class ErrorMiddleware(ILogger<ErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        try
        {
            await next(http);
        }
        catch (ApiException e) when (!http.Response.HasStarted)
        {
            await JsonResponses.WriteErrorAsync(http, e);
        }
        catch (Exception e) when (!http.Response.HasStarted && e is not OperationCanceledException)
        {
            LogUnexpected(logger, e, http.Request.Method, http.Request.Path);
            await JsonResponses.WriteErrorAsync(http, new ApiException(500, "InternalError", $"Internal error occurred: {e.Message}"));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path);
}
