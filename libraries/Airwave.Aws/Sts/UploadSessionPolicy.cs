using System.Text.Json.Nodes;

namespace Airwave.Aws.Sts;

/// <summary>
/// The session policy of an S3Upload stream's credentials: writing media files (and cleaning up multipart uploads)
/// under the session's prefix, nothing else. The operator's credentials in the stream's Secret and those the webhook
/// service hands an app at /stream/start are issued with it alike.
/// </summary>
public static class UploadSessionPolicy
{
    /// <summary>Writing an object, in one request or in parts, and cleaning up an upload in parts.</summary>
    private static readonly string[] UploadActions = ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"];

    /// <summary>
    /// The files an app uploads: HLS playlists, segments (MPEG-TS, fragmented MP4, AAC) and subtitles. The live
    /// distribution serves the session's prefix on the installation's domain, so no other kind of file (a page, a
    /// script) can be put there.
    /// </summary>
    private static readonly string[] MediaExtensions = [".m3u8", ".ts", ".m4s", ".mp4", ".aac", ".vtt"];

    /// <summary>The policy document for uploads into <paramref name="bucket"/> under <paramref name="prefix"/> (without its trailing /).</summary>
    public static string For(string bucket, string prefix) => new JsonObject
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(new JsonObject
        {
            ["Effect"] = "Allow",
            ["Action"] = new JsonArray([.. UploadActions.Select(action => JsonValue.Create(action))]),
            ["Resource"] = new JsonArray([.. MediaExtensions.Select(extension => JsonValue.Create($"arn:aws:s3:::{bucket}/{prefix}/*{extension}"))]),
        }),
    }.ToJsonString();

    /// <summary>The STS session name of an upload session's credentials, as CloudTrail shows who wrote.</summary>
    public static string SessionName(string sessionId) => $"airwave-{sessionId}";
}
