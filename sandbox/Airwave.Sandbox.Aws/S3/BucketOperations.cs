using System.Net;
using System.Xml.Linq;
using Airwave.Sandbox.Aws.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Aws.S3;

/// <summary>ListBuckets, CreateBucket, HeadBucket, DeleteBucket and GetBucketLocation.</summary>
internal static class BucketOperations
{
    public static Task ListBuckets(S3Call call) =>
        S3Xml.WriteAsync(call.Context, new XElement(S3Xml.Name("ListAllMyBucketsResult"),
            Owner(call.Options),
            new XElement(S3Xml.Name("Buckets"), call.Store.ListBuckets().Select(b =>
                new XElement(S3Xml.Name("Bucket"),
                    new XElement(S3Xml.Name("Name"), b.Name),
                    new XElement(S3Xml.Name("CreationDate"), S3Xml.Timestamp(b.CreationDate)))))));

    public static Task CreateBucket(S3Call call)
    {
        // Outside us-east-1 a bucket names its region; us-east-1 takes none.
        var constraint = call.Payload.Content.Length == 0 ? null : S3Xml.Child(S3Xml.Parse(call.Payload.Content), "LocationConstraint");
        var expected = call.Options.Region == "us-east-1" ? null : call.Options.Region;
        if (constraint != expected)
        {
            throw constraint is null
                ? new AwsApiException(HttpStatusCode.BadRequest, "IllegalLocationConstraintException", "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.")
                : new AwsApiException(HttpStatusCode.BadRequest, "InvalidLocationConstraint", "The specified location-constraint is not valid") { Details = [new("LocationConstraint", constraint)] };
        }
        call.Store.CreateBucket(call.Bucket);
        call.Response.Headers.Location = "/" + call.Bucket;
        return Task.CompletedTask;
    }

    public static Task HeadBucket(S3Call call)
    {
        call.Store.HeadBucket(call.Bucket);
        call.Response.Headers["x-amz-bucket-region"] = call.Options.Region;
        return Task.CompletedTask;
    }

    public static Task DeleteBucket(S3Call call)
    {
        call.Store.DeleteBucket(call.Bucket);
        call.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    public static Task GetBucketLocation(S3Call call)
    {
        call.Store.HeadBucket(call.Bucket);
        var location = new XElement(S3Xml.Name("LocationConstraint"));
        if (call.Options.Region != "us-east-1")
        {
            location.Value = call.Options.Region;
        }
        return S3Xml.WriteAsync(call.Context, location);
    }

    public static XElement Owner(AwsEmulatorOptions options) =>
        new(S3Xml.Name("Owner"),
            new XElement(S3Xml.Name("ID"), OwnerId(options)),
            new XElement(S3Xml.Name("DisplayName"), "airwave-sandbox"));

    /// <summary>S3's canonical user id is 64 hex digits; the sandbox derives one from its account.</summary>
    private static string OwnerId(AwsEmulatorOptions options) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(options.AccountId)));
}
