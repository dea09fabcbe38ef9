using Airwave.Sandbox.Aws.MediaPackage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Sandbox.Aws.Media;

/// <summary>
/// A MediaPackage channel's WebDAV ingest URLs (<c>/in/v2/{hash}/{ingestId}/channel...</c>), where an encoder, or a
/// MediaLive HLS output group, PUTs HLS with the endpoint's username and password (Digest or Basic). The last media
/// playlist received feeds the channel's origin endpoints.
/// </summary>
internal sealed class IngestServer(MediaPackageStore store, LiveOrigins origins) : IDisposable
{
    public const string PathPrefix = "/in/v2/";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("airwave-mediapackage-ingest-");

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPut(PathPrefix + "{hash}/{ingestId}/{file}", (string hash, string ingestId, string file, HttpContext context) => PutAsync(hash, ingestId, file, context));
        routes.MapDelete(PathPrefix + "{hash}/{ingestId}/{file}", (string hash, string ingestId, string file, HttpContext context) =>
            Admit(hash, ingestId, file, context) is { } target ? Delete(target) : Results.Empty);
    }

    private async Task<IResult> PutAsync(string hash, string ingestId, string file, HttpContext context)
    {
        if (Admit(hash, ingestId, file, context) is not { } target)
        {
            return Results.Empty;
        }
        Directory.CreateDirectory(target.Directory);
        var path = Path.Combine(target.Directory, file);
        var partial = path + ".partial";
        var existed = File.Exists(path);
        await using (var output = File.Create(partial))
        {
            await context.Request.Body.CopyToAsync(output, context.RequestAborted);
        }
        File.Move(partial, path, overwrite: true);

        // A media playlist (one that lists segments) is what origins serve from; a multivariant one only points to it.
        if (file.EndsWith(".m3u8", StringComparison.Ordinal) && (await File.ReadAllTextAsync(path, context.RequestAborted)).Contains("#EXTINF", StringComparison.Ordinal))
        {
            origins.Feed(target.ChannelId, target.Directory, file);
        }
        return existed ? Results.NoContent() : Results.StatusCode(StatusCodes.Status201Created);
    }

    private static IResult Delete(IngestTarget target)
    {
        File.Delete(Path.Combine(target.Directory, target.File));
        return Results.NoContent();
    }

    /// <summary>The endpoint's directory when the request names an ingest endpoint and carries its credentials; else the answer is set.</summary>
    private IngestTarget? Admit(string hash, string ingestId, string file, HttpContext context)
    {
        if (store.FindIngest($"{PathPrefix}{hash}/{ingestId}/") is not { } found || file.Contains("..", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return null;
        }
        if (!DigestAuthentication.Verify(context.Request, found.Endpoint.Username, found.Endpoint.Password))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = DigestAuthentication.Challenge();
            return null;
        }
        return new IngestTarget(found.ChannelId, Path.Combine(_root.FullName, found.Endpoint.Id), file);
    }

    public void Dispose() => _root.Delete(recursive: true);

    private sealed record IngestTarget(string ChannelId, string Directory, string File);
}
