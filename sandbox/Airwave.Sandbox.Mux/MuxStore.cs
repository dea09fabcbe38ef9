using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Mux;

/// <summary>What a playback id plays: its policy, the asset's source file, the directory of its HLS rendition, and its duration.</summary>
internal sealed record PlaybackTarget(string Policy, string Source, string HlsDirectory, double Duration);

/// <summary>
/// The emulated Mux account: direct uploads, assets with their playback ids, and signing keys, kept as the JSON the
/// API answers with. Validation follows Mux's API reference. A direct upload's file, or a URL asset's input (from
/// loopback only), is kept in <paramref name="mediaDirectory"/> and read with ffprobe: the asset is `ready` with the
/// file's duration, resolution, frame rate and tracks, or `errored` when it is not media. Each change is published
/// to the webhooks as the event Mux sends for it.
/// </summary>
internal sealed class MuxStore(TimeProvider time, string mediaDirectory, WebhookSender webhooks) : IDisposable
{
    private static readonly string[] Policies = ["public", "signed"];
    private static readonly string[] Qualities = ["basic", "plus", "premium"];
    private const int MinTimeout = 60;
    private const int MaxTimeout = 604800;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, JsonObject> _uploads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _assets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _signingKeys = new(StringComparer.Ordinal);

    /// <summary>Each asset's input, as its input-info answers (not a field of the asset).</summary>
    private readonly Dictionary<string, JsonObject> _inputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _uploadsCreated = new(StringComparer.Ordinal);

    /// <summary>The order assets were made in, which lists follow (a dictionary's own order does not survive deletions).</summary>
    private readonly Dictionary<string, long> _assetOrder = new(StringComparer.Ordinal);
    private long _nextAsset;

    /// <summary>The public halves of the signing keys, by key id, which playback tokens are checked with.</summary>
    private readonly Dictionary<string, RSA> _publicKeys = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private static readonly HttpClient Fetch = new() { Timeout = TimeSpan.FromMinutes(2) };

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
            webhooks.Publish("video.upload.created", "upload", id, upload);
            _uploadsCreated[id] = time.GetUtcNow();
            return (JsonObject)upload.DeepClone();
        }
    }

    public JsonObject GetUpload(string id)
    {
        lock (_lock)
        {
            return (JsonObject)(Upload(id).DeepClone());
        }
    }

    /// <summary>A page of the environment's uploads, newest first, as `GET /video/v1/uploads?limit=&page=` lists them.</summary>
    public JsonArray ListUploads(int limit, int page)
    {
        if (limit is < 1 or > 100 || page < 1)
        {
            throw MuxProblem.Invalid("limit must be between 1 and 100 and page at least 1");
        }

        lock (_lock)
        {
            var newestFirst = _uploadsCreated.OrderByDescending(u => u.Value).ThenByDescending(u => u.Key, StringComparer.Ordinal).Select(u => Upload(u.Key));
            return new JsonArray([.. newestFirst.Skip((page - 1) * limit).Take(limit).Select(u => u.DeepClone())]);
        }
    }

    /// <summary>The origin a browser may upload from, or null for an unknown upload.</summary>
    public string? CorsOrigin(string id)
    {
        lock (_lock)
        {
            return (string?)_uploads.GetValueOrDefault(id)?["cors_origin"];
        }
    }

    /// <summary>Where an upload's bytes go until it completes.</summary>
    public string UploadFile(string id) => Path.Combine(mediaDirectory, "uploads", id);

    /// <summary>
    /// Why an upload cannot take bytes, as the storage behind its URL answers: 404 for no such upload, 410 for one no
    /// longer waiting (cancelled, timed out, used); null when it waits.
    /// </summary>
    public (int Status, string Message)? UploadRefusal(string id)
    {
        lock (_lock)
        {
            if (!_uploads.ContainsKey(id))
            {
                return (404, "no such upload");
            }

            var status = (string?)Upload(id)["status"];
            return status == "waiting" ? null : (410, $"the upload is {status}");
        }
    }

    /// <summary>The whole file has arrived: the upload's asset is made of it and processed.</summary>
    public void CompleteUpload(string id)
    {
        JsonObject asset;
        lock (_lock)
        {
            var upload = Upload(id);
            var settings = upload["new_asset_settings"] as JsonObject ?? [];
            asset = NewAsset(settings, "on_demand_direct_upload");
            asset["upload_id"] = id;
            Add(asset);
            upload["status"] = "asset_created";
            upload["asset_id"] = (string?)asset["id"];
            upload.Remove("url");
            webhooks.Publish("video.asset.created", "asset", (string)asset["id"]!, asset);
            webhooks.Publish("video.upload.asset_created", "upload", id, upload);
        }

        var file = Path.Combine(mediaDirectory, "assets", (string)asset["id"]!);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.Move(UploadFile(id), file);
        _ = ProcessAsync((string)asset["id"]!, file);
    }

    /// <summary>The upload, timed out once its timeout passed while it waited.</summary>
    private JsonObject Upload(string id)
    {
        var upload = _uploads.GetValueOrDefault(id) ?? throw MuxProblem.NotFound();
        if ((string?)upload["status"] == "waiting" && time.GetUtcNow() - _uploadsCreated[id] > TimeSpan.FromSeconds((int)upload["timeout"]!))
        {
            upload["status"] = "timed_out";
            upload.Remove("url");
        }

        return upload;
    }

    public JsonObject CancelUpload(string id)
    {
        lock (_lock)
        {
            var upload = Upload(id);
            if ((string?)upload["status"] != "waiting")
            {
                throw MuxProblem.Invalid($"Only an upload in the waiting status can be cancelled; this one is {upload["status"]}");
            }

            upload["status"] = "cancelled";
            upload.Remove("url");
            webhooks.Publish("video.upload.cancelled", "upload", id, upload);
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
        var asset = NewAsset(body, "on_demand_url");
        JsonObject answer;
        var url = (string)inputs![0]!["url"]!;
        lock (_lock)
        {
            Add(asset);
            _inputs[(string)asset["id"]!] = InputInfo.Of(url, null);
            answer = (JsonObject)asset.DeepClone();
            webhooks.Publish("video.asset.created", "asset", (string)asset["id"]!, asset);
        }

        _ = FetchAsync((string)asset["id"]!, url);
        return answer;
    }

    /// <summary>Keeps a new asset; the caller holds the lock.</summary>
    private void Add(JsonObject asset)
    {
        var id = (string)asset["id"]!;
        _assets[id] = asset;
        _assetOrder[id] = _nextAsset++;
    }

    private JsonObject NewAsset(JsonObject settings, string ingestType) => new()
    {
        ["id"] = NewId(),
        ["status"] = "preparing",
        ["created_at"] = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        ["playback_ids"] = new JsonArray([.. Strings(settings["playback_policy"]).Select(policy => (JsonNode)NewPlaybackId(policy))]),
        ["video_quality"] = (string?)settings["video_quality"] ?? "plus",
        ["encoding_tier"] = "smart",
        ["max_resolution_tier"] = "1080p",
        ["mp4_support"] = "none",
        ["master_access"] = "none",
        ["ingest_type"] = ingestType,
        ["progress"] = new JsonObject { ["state"] = "ingesting", ["progress"] = 0 },
        ["passthrough"] = (string?)settings["passthrough"],
        ["meta"] = settings["meta"]?.DeepClone(),
    };

    /// <summary>Mux fetches a URL asset's input; the sandbox reaches loopback addresses only.</summary>
    private async Task FetchAsync(string assetId, string url)
    {
        var file = Path.Combine(mediaDirectory, "assets", assetId);
        try
        {
            var uri = new Uri(url);
            if (!uri.IsLoopback || uri.Scheme is not ("http" or "https"))
            {
                Errored(assetId, $"The input URL {url} cannot be downloaded: the sandbox reaches http(s) URLs on loopback only");
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            using (var response = await Fetch.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, _stopping.Token))
            {
                if (!response.IsSuccessStatusCode)
                {
                    Errored(assetId, $"The input URL {url} answered {(int)response.StatusCode}");
                    return;
                }

                await using var target = File.Create(file);
                await response.Content.CopyToAsync(target, _stopping.Token);
            }

            await ProcessAsync(assetId, file, url);
        }
        catch (Exception e) when (e is HttpRequestException or UriFormatException or IOException)
        {
            Errored(assetId, $"The input URL {url} cannot be downloaded: {e.Message}");
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The emulator stops.
        }
    }

    /// <summary>Reads the file as Mux inspects an input: ready with what it holds, or errored when it holds no media.</summary>
    private async Task ProcessAsync(string assetId, string file, string? url = null)
    {
        MediaInfo? media;
        try
        {
            media = await MediaProbe.ProbeAsync(file, _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return;
        }

        if (media is null)
        {
            Errored(assetId, "The input file could not be read as audio or video");
            return;
        }

        // Ready means playable: the HLS ladder exists first.
        try
        {
            if (!await MediaEncoder.EncodeHlsAsync(file, media, file + ".hls", _stopping.Token))
            {
                Errored(assetId, "The input file could not be encoded");
                return;
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return;
        }

        lock (_lock)
        {
            if (_assets.GetValueOrDefault(assetId) is not { } asset)
            {
                return;
            }

            var tracks = new JsonArray();
            if (media.Width is { } width && media.Height is { } height)
            {
                var divisor = (int)BigInteger.GreatestCommonDivisor(width, height);
                asset["aspect_ratio"] = $"{width / divisor}:{height / divisor}";
                asset["resolution_tier"] = Math.Min(width, height) switch { <= 720 => "720p", <= 1080 => "1080p", <= 1440 => "1440p", _ => "2160p" };
                asset["max_stored_frame_rate"] = media.FrameRate;
                tracks.Add(new JsonObject { ["id"] = NewId(), ["type"] = "video", ["duration"] = media.Duration, ["max_width"] = width, ["max_height"] = height, ["max_frame_rate"] = media.FrameRate });
            }
            else
            {
                asset["resolution_tier"] = "audio-only";
            }

            if (media.AudioChannels is { } channels)
            {
                tracks.Add(new JsonObject { ["id"] = NewId(), ["type"] = "audio", ["duration"] = media.Duration, ["max_channels"] = channels });
            }

            _inputs[assetId] = InputInfo.Of(url, media);
            asset["status"] = "ready";
            asset["duration"] = media.Duration;
            asset["tracks"] = tracks;
            asset["progress"] = new JsonObject { ["state"] = "completed", ["progress"] = 100 };
            webhooks.Publish("video.asset.ready", "asset", assetId, asset);
        }
    }

    private void Errored(string assetId, string message)
    {
        lock (_lock)
        {
            if (_assets.GetValueOrDefault(assetId) is { } asset)
            {
                asset["status"] = "errored";
                asset["errors"] = new JsonObject { ["type"] = "invalid_input", ["messages"] = new JsonArray(message) };
                asset["progress"] = new JsonObject { ["state"] = "errored", ["progress"] = -1 };
                webhooks.Publish("video.asset.errored", "asset", assetId, asset);
            }
        }
    }

    public JsonObject GetAsset(string id) => Read(_assets, id);

    /// <summary>The asset's inputs: what it was made with, and its file once inspected.</summary>
    public JsonArray GetInputInfo(string id)
    {
        lock (_lock)
        {
            if (!_assets.ContainsKey(id))
            {
                throw MuxProblem.NotFound();
            }

            return [_inputs.GetValueOrDefault(id)?.DeepClone() ?? InputInfo.Of(null, null)];
        }
    }

    /// <summary>
    /// A page of assets, newest first, as `GET /video/v1/assets` answers: at most <paramref name="limit"/> after the
    /// cursor (the id of the last asset of the previous page), with the next cursor while more remain.
    /// </summary>
    public (JsonArray Data, string? NextCursor) ListAssets(int limit, string? cursor, string? uploadId)
    {
        if (limit is < 1 or > 100)
        {
            throw MuxProblem.Invalid("limit must be between 1 and 100");
        }

        lock (_lock)
        {
            var newestFirst = _assets.Values.OrderByDescending(a => _assetOrder[(string)a["id"]!]).Where(a => uploadId is null || (string?)a["upload_id"] == uploadId).ToList();
            var start = 0;
            if (cursor is not null)
            {
                var after = newestFirst.FindIndex(a => (string?)a["id"] == cursor);
                start = after < 0 ? throw MuxProblem.Invalid("cursor is not a cursor this list gave") : after + 1;
            }

            var page = newestFirst.Skip(start).Take(limit).ToList();
            var next = start + page.Count < newestFirst.Count ? (string?)page[^1]["id"] : null;
            return (new JsonArray([.. page.Select(a => a.DeepClone())]), next);
        }
    }

    /// <summary>A PATCH of an asset: its passthrough and meta change, as far as the body names them.</summary>
    public JsonObject UpdateAsset(string id, JsonObject body)
    {
        var unknown = body.Select(p => p.Key).Where(k => k is not ("passthrough" or "meta")).ToList();
        var problems = unknown.Select(k => $"{k} cannot be updated; only passthrough and meta can").Concat(SettingsProblems(body, "")).ToList();
        ThrowIf(problems);
        lock (_lock)
        {
            var asset = _assets.GetValueOrDefault(id) ?? throw MuxProblem.NotFound();
            if (body.ContainsKey("passthrough"))
            {
                asset["passthrough"] = (string?)body["passthrough"];
            }

            if (body["meta"] is JsonObject meta)
            {
                if (asset["meta"] is not JsonObject merged)
                {
                    merged = [];
                    asset["meta"] = merged;
                }

                foreach (var (key, value) in meta)
                {
                    merged[key] = value?.DeepClone();
                }
            }

            webhooks.Publish("video.asset.updated", "asset", id, asset);
            return (JsonObject)asset.DeepClone();
        }
    }

    public void DeleteAsset(string id)
    {
        lock (_lock)
        {
            _inputs.Remove(id);
            if (!_assets.Remove(id, out var asset))
            {
                throw MuxProblem.NotFound();
            }

            _assetOrder.Remove(id);

            webhooks.Publish("video.asset.deleted", "asset", id, asset);
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
        var publicKey = RSA.Create();
        publicKey.ImportParameters(rsa.ExportParameters(includePrivateParameters: false));
        lock (_lock)
        {
            _signingKeys[id] = key;
            _publicKeys[id] = publicKey;
        }

        // The private key is given once, base64 of its PEM, as Mux gives it.
        var answer = (JsonObject)key.DeepClone();
        answer["private_key"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(rsa.ExportRSAPrivateKeyPem()));
        return answer;
    }

    public JsonObject GetSigningKey(string id) => Read(_signingKeys, id);

    /// <summary>The public key of a signing key that exists, for checking a playback token.</summary>
    public RSA? PublicKey(string signingKeyId)
    {
        lock (_lock)
        {
            return _publicKeys.GetValueOrDefault(signingKeyId);
        }
    }

    /// <summary>What a playback id plays, once its asset is ready: the policy, the source file, its HLS and duration; null otherwise.</summary>
    public PlaybackTarget? Playback(string playbackId)
    {
        lock (_lock)
        {
            foreach (var (assetId, asset) in _assets)
            {
                if ((asset["playback_ids"] as JsonArray ?? []).FirstOrDefault(p => (string?)p?["id"] == playbackId) is { } found && (string?)asset["status"] == "ready")
                {
                    var source = Path.Combine(mediaDirectory, "assets", assetId);
                    return new PlaybackTarget((string)found["policy"]!, source, source + ".hls", (double?)asset["duration"] ?? 0);
                }
            }

            return null;
        }
    }

    public void DeleteSigningKey(string id)
    {
        lock (_lock)
        {
            if (!_signingKeys.Remove(id))
            {
                throw MuxProblem.NotFound();
            }

            if (_publicKeys.Remove(id, out var publicKey))
            {
                publicKey.Dispose();
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

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        foreach (var key in _publicKeys.Values)
        {
            key.Dispose();
        }
    }
}
