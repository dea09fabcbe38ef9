using Airwave.Aws.CloudFront;
using Airwave.Aws.Errors;

namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>
/// The installation's CloudFront response headers policy for the files apps upload, on the cache behaviors of
/// S3Upload streams on the live distribution: X-Content-Type-Options: nosniff, so a browser takes a file for what its
/// Content-Type says and nothing else, and a Content-Security-Policy that sandboxes a page and lets it load nothing,
/// so whatever an app uploads cannot run as a page on the live domain. Found by its name (one per installation name),
/// made when missing, and kept: it costs nothing and other streams share it; an administrator may edit it.
/// </summary>
public sealed class UploadHeadersPolicy(ICloudFrontClient cloudFront)
{
    /// <summary>What a page served from an upload may do: nothing (no scripts, no loads, its own unique origin).</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; sandbox";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);

    public static string NameFor(string installation) => $"airwave-uploads-{installation}";

    /// <summary>The policy's id, made first if the account has no policy of its name.</summary>
    public async Task<string> IdAsync(string installation, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_ids.TryGetValue(installation, out var known))
            {
                return known;
            }
        }

        var name = NameFor(installation);
        var id = await FindAsync(name, cancellationToken);
        if (id is null)
        {
            try
            {
                id = (await cloudFront.CreateResponseHeadersPolicyAsync(
                    new ResponseHeadersPolicyConfig(name, $"Airwave installation {installation}: headers of the files apps upload, on the live distribution", ContentSecurityPolicy, FrameOption: "DENY"),
                    cancellationToken)).Id;
            }
            catch (AwsConflictException e) when (e.ErrorCode == "ResponseHeadersPolicyAlreadyExists")
            {
                // Made meanwhile (or by a create whose answer was lost).
                id = await FindAsync(name, cancellationToken);
                if (id is null)
                {
                    throw;
                }
            }
        }

        lock (_lock)
        {
            _ids[installation] = id;
        }

        return id;
    }

    /// <summary>Forgets the policy, after CloudFront said none has its id (deleted behind the operator's back): the next call makes it again.</summary>
    public void ForgetId(string id)
    {
        lock (_lock)
        {
            foreach (var installation in _ids.Where(known => known.Value == id).Select(known => known.Key).ToList())
            {
                _ids.Remove(installation);
            }
        }
    }

    private async Task<string?> FindAsync(string name, CancellationToken cancellationToken) =>
        (await cloudFront.ListResponseHeadersPoliciesAsync(cancellationToken)).FirstOrDefault(p => p.Name == name)?.Id;
}
