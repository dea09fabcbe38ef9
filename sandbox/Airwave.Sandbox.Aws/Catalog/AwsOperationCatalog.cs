using Microsoft.AspNetCore.Http;
using Airwave.Sandbox.Aws.Pipeline;

namespace Airwave.Sandbox.Aws.Catalog;

/// <summary>
/// Every operation of the emulated services' AWS models, by HTTP method and request URI (operations.txt, read from the
/// botocore models), so that a request names its operation whether or not the emulator implements it.
/// </summary>
internal sealed class AwsOperationCatalog
{
    private readonly IReadOnlyList<CatalogEntry> _entries;

    private AwsOperationCatalog(IReadOnlyList<CatalogEntry> entries) => _entries = entries;

    public static AwsOperationCatalog Instance { get; } = Load();

    public IReadOnlyList<CatalogEntry> Entries => _entries;

    /// <summary>
    /// S3 operations that share another's method and URI (PutObject's, UploadPart's) and are told apart by the
    /// x-amz-copy-source header, so no catalog entry resolves to them.
    /// </summary>
    public static readonly IReadOnlyList<string> S3CopyOperations = ["CopyObject", "UploadPartCopy"];

    /// <summary>Whether the service (or, for null, any emulated service) has an operation of this name.</summary>
    public bool Names(AwsServiceKind? service, string operation) =>
        _entries.Any(e => e.Name == operation && (service is null || e.Service == service))
        || (service is null or AwsServiceKind.S3 && S3CopyOperations.Contains(operation));

    /// <summary>
    /// The operation a request calls: method and path segments match (a `{Name}` segment matches one segment,
    /// `{Name+}` the rest), the query carries the URI's query conditions, and the most specific match wins.
    /// S3's paths (<c>/{Bucket}/{Key+}</c>) would match almost anything, so a request is matched against S3's
    /// operations or against the others', as the caller has already decided which service it addresses. Services
    /// that share a URI (MediaPackage's and IVS's <c>/tags/{arn}</c>) are told apart by the service the request is
    /// <paramref name="signedFor"/>.
    /// </summary>
    public CatalogEntry? Resolve(string method, string path, IQueryCollection query, bool s3 = false, string? signedFor = null)
    {
        var segments = CatalogEntry.Segments(path);
        return _entries
            .Where(e => (e.Service == AwsServiceKind.S3) == s3 && e.Method == method && e.Matches(segments, query))
            .OrderByDescending(e => e.Specificity)
            .ThenByDescending(e => new AwsOperation(e.Service, e.Name).SigningName == signedFor)
            .FirstOrDefault();
    }

    private static AwsOperationCatalog Load()
    {
        using var stream = typeof(AwsOperationCatalog).Assembly.GetManifestResourceStream("Airwave.Sandbox.Aws.Catalog.operations.txt")
            ?? throw new InvalidOperationException("operations.txt is not embedded.");
        using var reader = new StreamReader(stream);
        var entries = new List<CatalogEntry>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(' ');
            entries.Add(new CatalogEntry(Enum.Parse<AwsServiceKind>(parts[0]), parts[1], parts[2], parts[3]));
        }

        return new AwsOperationCatalog(entries);
    }
}
