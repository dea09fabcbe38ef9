namespace Airwave.Sandbox.Aws.S3;

/// <summary>A request's body once authenticated and, for aws-chunked uploads, decoded; with the trailing headers sent after it.</summary>
internal sealed record S3Payload(byte[] Content, IReadOnlyDictionary<string, string> Trailers)
{
    /// <summary>The STS session the request was signed with; null for the account's own key.</summary>
    public Sts.StsSession? Session { get; init; }

    public static readonly IReadOnlyDictionary<string, string> NoTrailers = new Dictionary<string, string>();
}
