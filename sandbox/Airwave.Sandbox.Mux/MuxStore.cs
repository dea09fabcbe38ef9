using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Mux;

/// <summary>
/// The emulated Mux account: direct uploads, assets with their playback ids, and signing keys, kept as the JSON the
/// API answers with. Validation follows Mux's API reference; files are not processed yet, so an asset stays
/// `preparing`.
/// </summary>
internal sealed class MuxStore(TimeProvider time)
{
    private static readonly string[] Policies = ["public", "signed"];
    private static readonly string[] Qualities = ["basic", "plus", "premium"];
    private const int MinTimeout = 60;
    private const int MaxTimeout = 604800;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, JsonObject> _uploads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _assets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _signingKeys = new(StringComparer.Ordinal);

    public int AssetCount
    {
        get
        {
            lock (_lock)
            {
                return _assets.Count;
            }
        }
    }

    public JsonObject CreateUpload(JsonObject body, Uri uploadBase)
    {
        var timeout = (int?)body["timeout"] ?? 3600;
        var problems = new List<string>();
        if (timeout is < MinTimeout or > MaxTimeout)
        {
            problems.Add($"timeout must be between {MinTimeout} and {MaxTimeout}");
        }

        if (body["new_asset_settings"] is JsonObject settings)
        {
            problems.AddRange(SettingsProblems(settings, "new_asset_settings."));
        }

        ThrowIf(problems);
        var id = NewId();
        var upload = new JsonObject
        {
            ["id"] = id,
            ["url"] = new Uri(uploadBase, $"upload/{id}").ToString(),
            ["timeout"] = timeout,
            ["status"] = "waiting",
            ["new_asset_settings"] = body["new_asset_settings"]?.DeepClone(),
            ["cors_origin"] = (string?)body["cors_origin"],
            ["test"] = (bool?)body["test"],
        };
        lock (_lock)
        {
            _uploads[id] = upload;
            return (JsonObject)upload.DeepClone();
        }
    }

    public JsonObject GetUpload(string id) => Read(_uploads, id);

    public JsonObject CancelUpload(string id)
    {
        lock (_lock)
        {
            var upload = _uploads.GetValueOrDefault(id) ?? throw MuxProblem.NotFound();
            if ((string?)upload["status"] != "waiting")
            {
                throw MuxProblem.Invalid($"Only an upload in the waiting status can be cancelled; this one is {upload["status"]}");
            }

            upload["status"] = "cancelled";
            upload.Remove("url");
            return (JsonObject)upload.DeepClone();
        }
    }

    public JsonObject CreateAsset(JsonObject body)
    {
        var problems = SettingsProblems(body, "").ToList();
        var inputs = body["input"] as JsonArray;
        if (inputs is null || inputs.Count == 0 || inputs.Any(i => string.IsNullOrEmpty((string?)i?["url"])))
        {
            problems.Add("input must be a list of at least one object with a url");
        }

        ThrowIf(problems);
        var asset = new JsonObject
        {
            ["id"] = NewId(),
            ["status"] = "preparing",
            ["created_at"] = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["playback_ids"] = new JsonArray([.. Strings(body["playback_policy"]).Select(policy => (JsonNode)NewPlaybackId(policy))]),
            ["video_quality"] = (string?)body["video_quality"] ?? "plus",
            ["encoding_tier"] = "smart",
            ["max_resolution_tier"] = "1080p",
            ["mp4_support"] = "none",
            ["master_access"] = "none",
            ["ingest_type"] = "on_demand_url",
            ["progress"] = new JsonObject { ["state"] = "ingesting", ["progress"] = 0 },
            ["passthrough"] = (string?)body["passthrough"],
            ["meta"] = body["meta"]?.DeepClone(),
        };
        lock (_lock)
        {
            _assets[(string)asset["id"]!] = asset;
            return (JsonObject)asset.DeepClone();
        }
    }

    public JsonObject GetAsset(string id) => Read(_assets, id);

    public void DeleteAsset(string id)
    {
        lock (_lock)
        {
            if (!_assets.Remove(id))
            {
                throw MuxProblem.NotFound();
            }
        }
    }

    public JsonObject CreatePlaybackId(string assetId, JsonObject body)
    {
        var policy = (string?)body["policy"];
        ThrowIf(Policies.Contains(policy) ? [] : [$"policy must be one of: {string.Join(", ", Policies)}"]);
        lock (_lock)
        {
            var asset = _assets.GetValueOrDefault(assetId) ?? throw MuxProblem.NotFound();
            var playbackId = NewPlaybackId(policy!);
            ((JsonArray)(asset["playback_ids"] ??= new JsonArray())).Add(playbackId);
            return (JsonObject)playbackId.DeepClone();
        }
    }

    public void DeletePlaybackId(string assetId, string playbackId)
    {
        lock (_lock)
        {
            var ids = _assets.GetValueOrDefault(assetId)?["playback_ids"] as JsonArray;
            var found = ids?.FirstOrDefault(p => (string?)p?["id"] == playbackId) ?? throw MuxProblem.NotFound();
            ids.Remove(found);
        }
    }

    /// <summary>GET /video/v1/playback-ids/{id}: the playback id and what it plays.</summary>
    public JsonObject GetPlaybackId(string playbackId)
    {
        lock (_lock)
        {
            foreach (var asset in _assets.Values)
            {
                if ((asset["playback_ids"] as JsonArray ?? []).FirstOrDefault(p => (string?)p?["id"] == playbackId) is JsonObject found)
                {
                    var answer = (JsonObject)found.DeepClone();
                    answer["object"] = new JsonObject { ["type"] = "asset", ["id"] = (string?)asset["id"] };
                    return answer;
                }
            }
        }

        throw MuxProblem.NotFound();
    }

    public JsonObject CreateSigningKey()
    {
        using var rsa = RSA.Create(2048);
        var id = NewId();
        var key = new JsonObject { ["id"] = id, ["created_at"] = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };
        lock (_lock)
        {
            _signingKeys[id] = key;
        }

        // The private key is given once, base64 of its PEM, as Mux gives it.
        var answer = (JsonObject)key.DeepClone();
        answer["private_key"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(rsa.ExportRSAPrivateKeyPem()));
        return answer;
    }

    public JsonObject GetSigningKey(string id) => Read(_signingKeys, id);

    public void DeleteSigningKey(string id)
    {
        lock (_lock)
        {
            if (!_signingKeys.Remove(id))
            {
                throw MuxProblem.NotFound();
            }
        }
    }

    private JsonObject Read(Dictionary<string, JsonObject> objects, string id)
    {
        lock (_lock)
        {
            return (JsonObject?)objects.GetValueOrDefault(id)?.DeepClone() ?? throw MuxProblem.NotFound();
        }
    }

    private static IEnumerable<string> SettingsProblems(JsonObject settings, string prefix)
    {
        if (Strings(settings["playback_policy"]).FirstOrDefault(p => !Policies.Contains(p)) is { } policy)
        {
            yield return $"{prefix}playback_policy {policy} is not one of: {string.Join(", ", Policies)}";
        }

        if ((string?)settings["video_quality"] is { } quality && !Qualities.Contains(quality))
        {
            yield return $"{prefix}video_quality must be one of: {string.Join(", ", Qualities)}";
        }

        if (((string?)settings["passthrough"])?.Length > 255)
        {
            yield return $"{prefix}passthrough must be at most 255 characters";
        }

        if (((string?)settings["meta"]?["title"])?.Length > 512)
        {
            yield return $"{prefix}meta.title must be at most 512 characters";
        }
    }

    /// <summary>playback_policy is a list, or one policy on its own.</summary>
    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(p => (string?)p ?? ""),
        JsonValue value => [(string?)value ?? ""],
        _ => [],
    };

    private static JsonObject NewPlaybackId(string policy) => new() { ["id"] = NewId(), ["policy"] = policy };

    private static void ThrowIf(List<string> problems)
    {
        if (problems.Count > 0)
        {
            throw MuxProblem.Invalid([.. problems]);
        }
    }

    private static string NewId()
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        return RandomNumberGenerator.GetString(Alphabet, 32);
    }
}
