using System.Text.Json;

namespace Airwave.Sandbox.Kubernetes.Pods;

/// <summary>
/// What an image is to the sandbox: the local program its ENTRYPOINT is, its default CMD, and the machine's
/// directories or files its containers see at the image's paths (`/app` holding a build's output, say).
/// </summary>
public sealed record ImageEntry(IReadOnlyList<string> Entrypoint, IReadOnlyList<string> Cmd)
{
    /// <summary>The machine's path for each path of the image.</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>
/// Decides what a container image runs as, since the sandbox runs containers as local processes: by image name
/// (registry, `library/`, tag and digest ignored). `busybox`, `alpine`, `debian` and `python` run their command
/// with the local shell, Python and tools; the ffmpeg images run the local `ffmpeg`, `curlimages/curl` the local `curl`. More entries come from a JSON file
/// (`--image-map FILE`): `{"example.com/tool": {"entrypoint": ["/usr/local/bin/tool"], "cmd": ["--help"],
/// "files": {"/etc/tool": "/home/me/tool/etc"}}}`.
/// </summary>
public sealed class ImageMap
{
    private readonly Dictionary<string, ImageEntry> _entries;

    private ImageMap(Dictionary<string, ImageEntry> entries) => _entries = entries;

    public static ImageMap Default { get; } = new(new Dictionary<string, ImageEntry>(StringComparer.Ordinal)
    {
        ["busybox"] = new([], ["sh"]),
        ["alpine"] = new([], ["/bin/sh"]),
        ["debian"] = new([], ["bash"]),
        ["python"] = new([], ["python3"]),
        ["jrottenberg/ffmpeg"] = new(["ffmpeg"], []),
        ["linuxserver/ffmpeg"] = new(["ffmpeg"], []),
        ["curlimages/curl"] = new(["curl"], []),
    });

    /// <summary>This map with the entries of a JSON file added (a file's entry replaces a built-in one).</summary>
    public ImageMap With(string file)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(file));
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new ImageMapException($"image map {file} cannot be read: {e.Message}", e);
        }

        using (document)
        {
            var entries = new Dictionary<string, ImageEntry>(_entries, StringComparer.Ordinal);
            foreach (var image in document.RootElement.EnumerateObject())
            {
                entries[Name(image.Name)] = new ImageEntry(Strings(image.Value, "entrypoint", file), Strings(image.Value, "cmd", file)) { Files = Files(image.Value, file) };
            }

            return new ImageMap(entries);
        }
    }

    /// <summary>This map with one more image (replacing an entry of the same name).</summary>
    public ImageMap With(string image, ImageEntry entry) => new(new Dictionary<string, ImageEntry>(_entries, StringComparer.Ordinal) { [Name(image)] = entry });

    public ImageEntry? Resolve(string image) => _entries.GetValueOrDefault(Name(image));

    /// <summary>`docker.io/library/busybox:1.36@sha256:...` is `busybox`.</summary>
    public static string Name(string image)
    {
        var name = image.Split('@')[0];
        var lastSlash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        if (colon > lastSlash)
        {
            name = name[..colon];
        }

        foreach (var prefix in new[] { "docker.io/", "index.docker.io/", "registry-1.docker.io/" })
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                name = name[prefix.Length..];
            }
        }

        return name.StartsWith("library/", StringComparison.Ordinal) ? name["library/".Length..] : name;
    }

    private static string[] Strings(JsonElement entry, string property, string file)
    {
        if (!entry.TryGetProperty(property, out var value))
        {
            return [];
        }

        return value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String)
            ? [.. value.EnumerateArray().Select(v => v.GetString()!)]
            : throw new ImageMapException($"image map {file}: \"{property}\" must be a list of strings");
    }

    private static Dictionary<string, string> Files(JsonElement entry, string file)
    {
        if (!entry.TryGetProperty("files", out var value))
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        if (value.ValueKind != JsonValueKind.Object || value.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.String || !p.Name.StartsWith('/')))
        {
            throw new ImageMapException($"image map {file}: \"files\" must map absolute paths of the image to paths of this machine");
        }

        return value.EnumerateObject().ToDictionary(p => p.Name, p => Path.GetFullPath(p.Value.GetString()!, Path.GetDirectoryName(Path.GetFullPath(file))!), StringComparer.Ordinal);
    }
}
