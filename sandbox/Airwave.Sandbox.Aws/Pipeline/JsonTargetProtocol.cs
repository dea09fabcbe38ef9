using System.Net;
using Airwave.Sandbox.Aws.Models;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Aws.Pipeline;

/// <summary>
/// How a service on AWS's JSON protocols (CloudWatch's 1.0, KMS's 1.1) is called, as botocore calls it: a signed POST
/// to <c>/</c> naming the operation in <c>X-Amz-Target</c> after the service's prefix. Of the model's operations, those
/// the emulator does not implement are refused by name.
/// </summary>
internal sealed record JsonTargetProtocol(AwsServiceKind Service, string TargetPrefix, IReadOnlySet<string> Implemented)
{
    /// <summary>The operation the request calls; null when it is not a call of this service.</summary>
    public AwsOperation? OperationOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = request.Headers["X-Amz-Target"].ToString();
        return HttpMethods.IsPost(request.Method) && request.Path == "/" && target.StartsWith(TargetPrefix, StringComparison.Ordinal)
            ? new AwsOperation(Service, target[TargetPrefix.Length..])
            : null;
    }

    /// <summary>An operation the model has and the emulator implements; refused otherwise, as the service would.</summary>
    public void CheckImplemented(AwsOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (!ServiceModel.For(Service).HasOperation(operation.Name))
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "UnknownOperationException", $"Unknown operation {operation.Name}");
        }

        if (!Implemented.Contains(operation.Name))
        {
            throw AwsErrorWriter.NotSupported(operation);
        }
    }
}
