using System.Text;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Authentication;

namespace Airwave.Sandbox.Kubernetes.Pods;

/// <summary>
/// A pod's volumes as the kubelet sets them up, each a directory of the pod's own: emptyDir empty; secret,
/// configMap, downwardAPI and projected filled with their files (all keys, or the listed items, with their modes);
/// the projected serviceAccountToken a token the API server minted for the pod's service account; hostPath the
/// machine's own path. The containers see them where their volumeMounts say (<see cref="ContainerMounts"/>). While the
/// pod runs, its Secret and ConfigMap volumes follow their sources (<see cref="Refresh"/>).
/// </summary>
internal sealed class PodVolumes(ConfigSources sources, ServiceAccountTokens tokens)
{
    /// <summary>The projected token the ServiceAccount admission adds asks for 3607 s; the API server makes it a year, as kube-apiserver's --service-account-extend-token-expiration does, so a long-running pod keeps working without the kubelet's refresh.</summary>
    private const long LegacyTokenSeconds = 3607;
    private static readonly TimeSpan ExtendedTokenLifetime = TimeSpan.FromDays(365);
    private const int DefaultMode = 420;

    /// <summary>Each volume's directory (or hostPath) by name, or why a volume cannot be set up (a FailedMount message).</summary>
    public (Dictionary<string, string>? Paths, string? Problem) Prepare(JsonObject pod, string podDirectory)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var volume in (pod["spec"]?["volumes"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = (string?)volume["name"] ?? "";
            if (volume["hostPath"] is JsonObject hostPath)
            {
                var path = (string?)hostPath["path"] ?? "";
                if ((string?)hostPath["type"] == "DirectoryOrCreate")
                {
                    Directory.CreateDirectory(path);
                }

                paths[name] = path;
                continue;
            }

            var directory = Path.Combine(podDirectory, ".volumes", name);
            var (files, problem) = Files(pod, volume);
            if (problem is not null)
            {
                return (null, $"MountVolume.SetUp failed for volume \"{name}\" : {problem}");
            }

            if (files is null)
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Write(directory, files);
            }

            paths[name] = directory;
        }

        return (paths, null);
    }

    /// <summary>
    /// Brings the volumes made only of Secrets and ConfigMaps up to date, as the kubelet's sync does: a changed file is
    /// written beside and renamed over the old (a reader sees one or the other, whole), one gone from its source is
    /// removed, and a source that is gone or unreadable leaves the files as they were.
    /// </summary>
    public void Refresh(JsonObject pod, IReadOnlyDictionary<string, string> paths)
    {
        foreach (var volume in (pod["spec"]?["volumes"] as JsonArray ?? []).OfType<JsonObject>())
        {
            IEnumerable<JsonObject> sources = volume["projected"] is JsonObject projected ? (projected["sources"] as JsonArray ?? []).OfType<JsonObject>() : [volume];
            if (!sources.All(s => s["secret"] is JsonObject || s["configMap"] is JsonObject)
                || !paths.TryGetValue((string?)volume["name"] ?? "", out var directory)
                || Files(pod, volume) is not ({ } files, null))
            {
                continue;
            }

            Write(directory, files);
        }
    }

    /// <summary>The files of a volume with content, null for an emptyDir.</summary>
    private (List<VolumeFile>? Files, string? Problem) Files(JsonObject pod, JsonObject volume)
    {
        if (volume["emptyDir"] is not null)
        {
            return (null, null);
        }

        var mode = (int?)volume["secret"]?["defaultMode"] ?? (int?)volume["configMap"]?["defaultMode"] ?? (int?)volume["downwardAPI"]?["defaultMode"] ?? (int?)volume["projected"]?["defaultMode"] ?? DefaultMode;
        var files = new List<VolumeFile>();
        IEnumerable<JsonObject> projections = volume["projected"] is JsonObject projected
            ? (projected["sources"] as JsonArray ?? []).OfType<JsonObject>()
            : [volume];
        foreach (var source in projections)
        {
            var problem = source switch
            {
                _ when source["secret"] is JsonObject secret => AddKeys(pod, ConfigSources.Secret, secret, (string?)secret["secretName"] ?? (string?)secret["name"] ?? "", mode, files),
                _ when source["configMap"] is JsonObject configMap => AddKeys(pod, ConfigSources.ConfigMap, configMap, (string?)configMap["name"] ?? "", mode, files),
                _ when source["downwardAPI"] is JsonObject downward => AddFields(pod, downward, mode, files),
                _ when source["serviceAccountToken"] is JsonObject token => AddToken(pod, token, mode, files),
                _ => $"the sandbox's kubelet supports emptyDir, hostPath, secret, configMap, downwardAPI and projected volumes, not {string.Join(", ", source.Select(p => p.Key).Where(k => k is not "name" and not "defaultMode"))}",
            };
            if (problem is not null)
            {
                return (null, problem);
            }
        }

        return (files, null);
    }

    private string? AddKeys(JsonObject pod, string kind, JsonObject source, string name, int mode, List<VolumeFile> files)
    {
        var ns = (string)pod["metadata"]!["namespace"]!;
        var optional = (bool?)source["optional"] == true;
        if (sources.Read(ns, kind, name) is not { } data)
        {
            return optional ? null : $"{kind.ToLowerInvariant()} \"{name}\" not found";
        }

        if (source["items"] is not JsonArray items)
        {
            files.AddRange(data.Select(entry => new VolumeFile(entry.Key, entry.Value, mode)));
            return null;
        }

        foreach (var item in items.OfType<JsonObject>())
        {
            var key = (string?)item["key"] ?? "";
            if (!data.TryGetValue(key, out var content))
            {
                if (optional)
                {
                    continue;
                }

                return $"{kind.ToLowerInvariant()} references non-existent {(kind == ConfigSources.Secret ? "secret" : "config")} key: {key}";
            }

            files.Add(new VolumeFile((string?)item["path"] ?? key, content, (int?)item["mode"] ?? mode));
        }

        return null;
    }

    private static string? AddFields(JsonObject pod, JsonObject source, int mode, List<VolumeFile> files)
    {
        foreach (var item in (source["items"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (item["resourceFieldRef"] is JsonObject resource)
            {
                var (amount, problem) = ResourceFields.Value(pod, null, resource);
                if (amount is null)
                {
                    return problem;
                }

                files.Add(new VolumeFile((string?)item["path"] ?? "", Encoding.UTF8.GetBytes(amount), (int?)item["mode"] ?? mode));
                continue;
            }

            var fieldPath = (string?)item["fieldRef"]?["fieldPath"] ?? "";
            var value = fieldPath switch
            {
                "metadata.labels" or "metadata.annotations" => string.Join('\n', (pod["metadata"]?[fieldPath["metadata.".Length..]] as JsonObject ?? []).Select(p => $"{p.Key}=\"{(string?)p.Value}\"").Order(StringComparer.Ordinal)),
                _ => ContainerEnvironment.FieldValue(pod, fieldPath),
            };
            if (value is null)
            {
                return $"the downward API item {item["path"]} names a field the sandbox's kubelet does not know: {fieldPath}";
            }

            files.Add(new VolumeFile((string?)item["path"] ?? "", Encoding.UTF8.GetBytes(value), (int?)item["mode"] ?? mode));
        }

        return null;
    }

    private string? AddToken(JsonObject pod, JsonObject source, int mode, List<VolumeFile> files)
    {
        var ns = (string)pod["metadata"]!["namespace"]!;
        var account = (string?)pod["spec"]?["serviceAccountName"] ?? NamespaceDefaults.ServiceAccount;
        var seconds = (long?)source["expirationSeconds"] ?? 3600;
        IReadOnlyList<string> audiences = (string?)source["audience"] is { Length: > 0 } audience ? [audience] : [ServiceAccountTokens.DefaultAudience];
        var lifetime = seconds == LegacyTokenSeconds ? ExtendedTokenLifetime : TimeSpan.FromSeconds(seconds);
        if (tokens.Issue(ns, account, audiences, lifetime, (string?)pod["metadata"]?["uid"]) is not { } issued)
        {
            return $"failed to fetch token: serviceaccounts \"{account}\" not found";
        }

        files.Add(new VolumeFile((string?)source["path"] ?? "token", Encoding.UTF8.GetBytes(issued.Token), mode));
        return null;
    }

    /// <summary>
    /// Makes the directory hold exactly the files, as the kubelet's atomic writer leaves it: each file that differs is
    /// written beside and renamed over, and any other file is removed.
    /// </summary>
    private static void Write(string directory, List<VolumeFile> files)
    {
        Directory.CreateDirectory(directory);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var path = Path.GetFullPath(Path.Combine(directory, file.Path));
            if (!path.StartsWith(directory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            wanted.Add(path);
            if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(file.Content))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var written = $"{path}.{Guid.NewGuid():N}.tmp";
            File.WriteAllBytes(written, file.Content);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(written, (UnixFileMode)(file.Mode & 0x1FF));
            }

            File.Move(written, path, overwrite: true);
        }

        foreach (var stale in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Where(p => !wanted.Contains(p)).ToList())
        {
            File.Delete(stale);
        }
    }

    private sealed record VolumeFile(string Path, byte[] Content, int Mode);
}
