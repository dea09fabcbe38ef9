using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Aws.S3;

/// <summary>PutBucketCors, GetBucketCors and DeleteBucketCors: a bucket's CORS configuration, replaced as a whole.</summary>
internal static class BucketCorsOperations
{
    public static Task PutBucketCors(S3Call call)
    {
        // S3 takes a CORS configuration only with a digest of it (Content-MD5 or a flexible checksum).
        if (S3Content.Verify(call) is null && call.Header("Content-MD5") is null)
        {
            throw S3Errors.MissingContentMd5();
        }

        var rules = CorsRule.ParseConfiguration(S3Xml.Parse(call.Payload.Content));
        call.Store.SetCors(call.Bucket, rules);
        return Task.CompletedTask;
    }

    public static Task GetBucketCors(S3Call call)
    {
        var rules = call.Store.Cors(call.Bucket) ?? throw S3Errors.NoSuchCorsConfiguration(call.Bucket);
        return S3Xml.WriteAsync(call.Context, new XElement(S3Xml.Name("CORSConfiguration"), rules.Select(r => r.ToXml())));
    }

    public static Task DeleteBucketCors(S3Call call)
    {
        call.Store.SetCors(call.Bucket, null);
        call.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }
}
