using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Aws.S3;

/// <summary>One authenticated S3 request on its way to its operation: what it addresses and its decoded body.</summary>
internal sealed record S3Call(HttpContext Context, S3Target Target, S3Payload Payload, S3Store Store, AwsEmulatorOptions Options)
{
    public HttpRequest Request => Context.Request;

    public HttpResponse Response => Context.Response;

    /// <summary>The catalog matched `/{Bucket}...`, so a bucket is present.</summary>
    public string Bucket => Target.Bucket ?? throw new InvalidOperationException("The operation needs a bucket.");

    public string Key => Target.Key ?? throw new InvalidOperationException("The operation needs a key.");

    public string? Query(string name) => Request.Query.TryGetValue(name, out var value) ? value.ToString() : null;

    public string? Header(string name) => Request.Headers.TryGetValue(name, out var value) ? value.ToString() : null;
}
