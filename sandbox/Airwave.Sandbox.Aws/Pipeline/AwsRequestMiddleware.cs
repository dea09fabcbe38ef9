using System.Text;
using Airwave.Sandbox.Aws.Catalog;
using Airwave.Sandbox.Aws.CloudWatch;
using Airwave.Sandbox.Aws.Faults;
using Airwave.Sandbox.Aws.Kms;
using Airwave.Sandbox.Aws.SecretsManager;
using Airwave.Sandbox.Aws.Models;
using Airwave.Sandbox.Aws.S3;
using Airwave.Sandbox.Aws.Sts;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Aws.Pipeline;

/// <summary>
/// Runs before every emulated operation: names it from the models, counts the call, verifies the signature,
/// applies injected faults, answers operations the emulator does not implement with an error naming them, and
/// renders <see cref="AwsApiException"/>s from the handlers in the service's error format.
/// S3 requests are told from the others by their addressing (a bucket host name) or signature scope, or by
/// naming no other service's operation, and go to <see cref="S3Api"/> rather than to routed endpoints.
/// </summary>
internal sealed class AwsRequestMiddleware(
    RequestDelegate next,
    SignatureVerifier verifier,
    S3Authenticator s3Authenticator,
    S3Api s3,
    StsApi stsApi,
    CloudWatchApi cloudWatch,
    KmsApi kms,
    SecretsManagerApi secretsManager,
    AwsFaultInjector faults,
    AwsCallLog calls,
    TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var signedFor = S3Target.SignedFor(request);
        if (StsApi.Addresses(request, signedFor))
        {
            var form = await StsApi.ReadFormAsync(context);
            var sts = new AwsOperation(AwsServiceKind.Sts, form.GetValueOrDefault("Action").ToString() is { Length: > 0 } action ? action : "(no Action)");
            await HandleAsync(context, sts, async () =>
            {
                await verifier.VerifyAsync(context, sts);
                return () => stsApi.InvokeAsync(context, sts.Name, form);
            });
            return;
        }

        foreach (var (protocol, invoke) in new (JsonTargetProtocol, Func<HttpContext, AwsOperation, Task>)[] { (CloudWatchApi.Protocol, cloudWatch.InvokeAsync), (KmsApi.Protocol, kms.InvokeAsync), (SecretsManagerApi.Protocol, secretsManager.InvokeAsync) })
        {
            if (protocol.OperationOf(request) is { } call)
            {
                await HandleAsync(context, call, async () =>
                {
                    await verifier.VerifyAsync(context, call);
                    protocol.CheckImplemented(call);
                    await JsonRequestValidator.ValidateAsync(context, call);
                    return () => invoke(context, call);
                });
                return;
            }
        }

        var catalog = AwsOperationCatalog.Instance;
        var endpoint = context.GetEndpoint();
        var routed = endpoint?.Metadata.GetMetadata<AwsOperation>();
        var called = catalog.Resolve(request.Method, request.Path.Value ?? "/", request.Query, signedFor: signedFor);
        if (endpoint is not null && routed is null && called is null)
        {
            // The sandbox's own routes (fault injection, origin playback URLs): no AWS API, no signature.
            await next(context);
            return;
        }
        var s3Target = S3Target.From(context);
        if (s3Target is not null && (s3Target.VirtualHosted || signedFor == "s3" || (signedFor is null && routed is null && called is null)))
        {
            if (HttpMethods.IsOptions(request.Method))
            {
                // A browser's preflight is never signed, though it carries the presigned URL's query, as S3 ignores.
                await HandleAsync(context, new AwsOperation(AwsServiceKind.S3, "OPTIONS"), () => Task.FromResult<Func<Task>>(() => s3.PreflightAsync(context, s3Target)));
                return;
            }

            var s3Called = catalog.Resolve(request.Method, s3Target.CatalogPath, request.Query, s3: true);
            var name = s3Called is null ? request.Method : S3Api.Refine(s3Called.Name, request);
            await HandleAsync(context, new AwsOperation(AwsServiceKind.S3, name), async () =>
            {
                var payload = await s3Authenticator.AuthenticateAsync(context);
                // A session's policy limits what its credentials may do; the account's own key may do anything.
                if (payload.Session is { } session
                    && S3Permissions.Of(name, s3Target, request.Headers["x-amz-copy-source"]).Any(p => !session.Policy.Allows(p.Action, p.Resource)))
                {
                    throw S3Errors.AccessDenied();
                }

                if (s3Called is null)
                {
                    throw S3Errors.MethodNotAllowed(request.Method);
                }
                if (!S3Api.Implements(name))
                {
                    throw AwsErrorWriter.NotSupported(new AwsOperation(AwsServiceKind.S3, name));
                }
                return () => s3.InvokeAsync(context, s3Target, name, payload);
            });
            return;
        }

        var operation = called is null ? routed : new AwsOperation(called.Service, called.Name);
        if (operation is null)
        {
            await next(context);
            return;
        }
        await HandleAsync(context, operation, async () =>
        {
            await verifier.VerifyAsync(context, operation);
            if (operation != routed)
            {
                throw AwsErrorWriter.NotSupported(operation);
            }
            if (operation.Service is AwsServiceKind.MediaLive or AwsServiceKind.MediaPackage or AwsServiceKind.Ivs)
            {
                await JsonRequestValidator.ValidateAsync(context, operation);
            }
            return () => next(context);
        });
    }

    private async Task<AwsCall> DescribeAsync(HttpContext context, AwsOperation operation)
    {
        var request = context.Request;
        if (operation.Service == AwsServiceKind.S3)
        {
            return Call();
        }

        // Counted once the body arrived, as the service would act on it: a client that gave up while sending it (a
        // write refused at the last moment) made no call.
        var body = await SignedRequest.ReadBodyAsync(request, rewind: true, context.RequestAborted);
        var call = Call();
        if (!calls.KeepRequests)
        {
            return call;
        }

        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return call with { Request = new AwsRecordedRequest(request.Path + request.QueryString, headers, Encoding.UTF8.GetString(body)) };

        AwsCall Call() => new(operation.ToString(), request.Method, request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null, time.GetUtcNow());
    }

    /// <summary>Counts the call, lets <paramref name="admit"/> authenticate it and pick its handler, then applies faults and runs it.</summary>
    private async Task HandleAsync(HttpContext context, AwsOperation operation, Func<Task<Func<Task>>> admit)
    {
        calls.Record(await DescribeAsync(context, operation));
        AwsErrorWriter.SetRequestId(context, operation.Service);
        try
        {
            var handler = await admit();
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
                case AwsFaultKind.Reject:
                    throw AwsErrorWriter.Rejected(operation);
                case AwsFaultKind.LoseResponse:
                    await RunAndDropResponseAsync(context, handler);
                    return;
            }
            await handler();
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
    private static async Task RunAndDropResponseAsync(HttpContext context, Func<Task> handler)
    {
        var body = context.Response.Body;
        using var discarded = new MemoryStream();
        context.Response.Body = discarded;
        try
        {
            await handler();
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
