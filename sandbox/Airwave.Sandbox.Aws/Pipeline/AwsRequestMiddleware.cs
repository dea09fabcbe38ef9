using Airwave.Sandbox.Aws.Catalog;
using Airwave.Sandbox.Aws.Faults;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Aws.Pipeline;

/// <summary>
/// Runs before every emulated operation: names it from the models, counts the call, verifies the signature,
/// applies injected faults, answers operations the emulator does not implement with an error naming them, and
/// renders <see cref="AwsApiException"/>s from the handlers in the service's error format.
/// </summary>
internal sealed class AwsRequestMiddleware(RequestDelegate next, SignatureVerifier verifier, AwsFaultInjector faults, AwsCallLog calls, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var routed = context.GetEndpoint()?.Metadata.GetMetadata<AwsOperation>();
        var called = AwsOperationCatalog.Instance.Resolve(request.Method, request.Path.Value ?? "/", request.Query);
        var operation = called is null ? routed : new AwsOperation(called.Service, called.Name);
        if (operation is null)
        {
            await next(context);
            return;
        }
        calls.Record(operation.ToString());
        context.Response.Headers["x-amzn-RequestId"] = AwsErrorWriter.RequestId(context);
        try
        {
            await verifier.VerifyAsync(context, operation);
            if (operation != routed)
            {
                throw AwsErrorWriter.NotSupported(operation);
            }
            var (fault, delay) = faults.Take(operation.Service, operation.Name);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, context.RequestAborted);
            }
            switch (fault)
            {
                case AwsFaultKind.Throttle:
                    throw AwsErrorWriter.Throttled(operation.Service);
                case AwsFaultKind.ServerError:
                    throw AwsErrorWriter.ServerError(operation.Service);
                case AwsFaultKind.LoseResponse:
                    await RunAndDropResponseAsync(context);
                    return;
            }
            await next(context);
        }
        catch (AwsApiException error)
        {
            await AwsErrorWriter.WriteAsync(context, operation.Service, error);
        }
    }

    /// <summary>
    /// The operation runs to completion into a buffer that is thrown away, and the connection is reset: the caller
    /// learns nothing, whether the operation succeeded or failed.
    /// </summary>
    private async Task RunAndDropResponseAsync(HttpContext context)
    {
        var body = context.Response.Body;
        using var discarded = new MemoryStream();
        context.Response.Body = discarded;
        try
        {
            await next(context);
        }
        catch (AwsApiException)
        {
            // Its answer is lost like any other.
        }
        finally
        {
            context.Response.Body = body;
        }

        context.Abort();
    }
}
