using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Airwave.Sandbox.Aws.S3;

/// <summary>
/// Buckets and objects in memory, with S3's rules: bucket naming, empty-only bucket deletion, listing in key order
/// with prefixes, delimiters and continuation, and multipart uploads assembled from their parts.
/// </summary>
internal sealed partial class S3Store(AwsEmulatorOptions options)
{
    /// <summary>Every part but the last must be at least this large.</summary>
    public const long MinimumPartSize = 5 * 1024 * 1024;

    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, S3Bucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>S3 keeps times to the second.</summary>
    public DateTimeOffset Now => TimeToSeconds(options.Time.GetUtcNow());

    private static DateTimeOffset TimeToSeconds(DateTimeOffset time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), time.Offset);

    public IReadOnlyList<(string Name, DateTimeOffset CreationDate)> ListBuckets()
    {
        lock (_lock)
        {
            return [.. _buckets.Values.Select(b => (b.Name, b.CreationDate))];
        }
    }

    /// <summary>Creates the bucket; creating one that exists is a no-op, as in us-east-1 for the bucket's owner.</summary>
    public void CreateBucket(string name)
    {
        if (!IsValidBucketName(name))
        {
            throw S3Errors.InvalidBucketName(name);
        }
        lock (_lock)
        {
            _buckets.TryAdd(name, new S3Bucket(name, Now));
        }
    }

    public void DeleteBucket(string name)
    {
        lock (_lock)
        {
            var bucket = Bucket(name);
            if (bucket.Objects.Count > 0 || bucket.Uploads.Count > 0)
            {
                throw S3Errors.BucketNotEmpty(name);
            }
            _buckets.Remove(name);
        }
    }

    public void HeadBucket(string name)
    {
        lock (_lock)
        {
            Bucket(name);
        }
    }

    /// <summary>Replaces the bucket's CORS configuration, or removes it (null).</summary>
    public void SetCors(string bucket, IReadOnlyList<CorsRule>? rules)
    {
        lock (_lock)
        {
            Bucket(bucket).Cors = rules;
        }
    }

    /// <summary>The bucket's CORS rules, null when it has none; a bucket that does not exist throws NoSuchBucket.</summary>
    public IReadOnlyList<CorsRule>? Cors(string bucket)
    {
        lock (_lock)
        {
            return Bucket(bucket).Cors;
        }
    }

    public S3Object Put(string bucket, S3Object value)
    {
        lock (_lock)
        {
            Bucket(bucket).Objects[value.Key] = value;
            return value;
        }
    }

    public S3Object Get(string bucket, string key)
    {
        lock (_lock)
        {
            return Bucket(bucket).Objects.TryGetValue(key, out var value) ? value : throw S3Errors.NoSuchKey(key);
        }
    }

    /// <summary>Deleting a key that does not exist succeeds, as S3 answers 204 either way.</summary>
    public void Delete(string bucket, string key)
    {
        lock (_lock)
        {
            Bucket(bucket).Objects.Remove(key);
        }
    }

    public void SetTags(string bucket, string key, IReadOnlyDictionary<string, string> tags)
    {
        lock (_lock)
        {
            var objects = Bucket(bucket).Objects;
            objects[key] = (objects.TryGetValue(key, out var value) ? value : throw S3Errors.NoSuchKey(key)) with { Tags = tags };
        }
    }

    public S3ListPage List(string bucket, S3ListRequest request)
    {
        lock (_lock)
        {
            var objects = Bucket(bucket).Objects;
            var contents = new List<S3Object>();
            var prefixes = new List<string>();
            var truncated = false;
            string? last = null;
            foreach (var (key, value) in objects)
            {
                if (!key.StartsWith(request.Prefix, StringComparison.Ordinal) || (request.After is { } after && string.CompareOrdinal(key, after) <= 0))
                {
                    continue;
                }
                var commonPrefix = CommonPrefix(key, request.Prefix, request.Delimiter);
                if (commonPrefix is not null && (prefixes.LastOrDefault() == commonPrefix || (request.After is { } marker && string.CompareOrdinal(commonPrefix, marker) <= 0)))
                {
                    continue;
                }
                if (contents.Count + prefixes.Count == request.MaxKeys)
                {
                    truncated = true;
                    break;
                }
                if (commonPrefix is null)
                {
                    contents.Add(value);
                    last = key;
                }
                else
                {
                    prefixes.Add(commonPrefix);
                    last = commonPrefix;
                }
            }
            return new S3ListPage(contents, prefixes, truncated, truncated ? last : null);
        }
    }

    public MultipartUpload CreateUpload(string bucket, string key, string contentType, IReadOnlyDictionary<string, string> metadata, IReadOnlyDictionary<string, string> tags)
    {
        lock (_lock)
        {
            var upload = new MultipartUpload(UploadId(), key, Now, contentType, metadata, tags);
            Bucket(bucket).Uploads[upload.Id] = upload;
            return upload;
        }
    }

    /// <summary>The bucket's uploads in progress under <paramref name="prefix"/>, by key and then by when each began.</summary>
    public IReadOnlyList<MultipartUpload> ListUploads(string bucket, string prefix)
    {
        lock (_lock)
        {
            return [.. Bucket(bucket).Uploads.Values
                .Where(u => u.Key.StartsWith(prefix, StringComparison.Ordinal))
                .OrderBy(u => u.Key, StringComparer.Ordinal)
                .ThenBy(u => u.Initiated)
                .ThenBy(u => u.Id, StringComparer.Ordinal)];
        }
    }

    public UploadedPart PutPart(string bucket, string key, string uploadId, int number, byte[] content)
    {
        lock (_lock)
        {
            var upload = Upload(bucket, key, uploadId);
            var part = new UploadedPart(number, content, ETagOf(content), Now);
            upload.Parts[number] = part;
            return part;
        }
    }

    /// <summary>Assembles the listed parts into the object: ascending part numbers, matching ETags, all but the last at least 5 MiB.</summary>
    public S3Object Complete(string bucket, string key, string uploadId, IReadOnlyList<(int Number, string ETag)> parts)
    {
        lock (_lock)
        {
            var upload = Upload(bucket, key, uploadId);
            if (parts.Count == 0)
            {
                throw S3Errors.MalformedXml();
            }
            var chosen = new List<UploadedPart>();
            foreach (var (number, etag) in parts)
            {
                if (chosen.Count > 0 && number <= chosen[^1].Number)
                {
                    throw S3Errors.InvalidPartOrder();
                }
                if (!upload.Parts.TryGetValue(number, out var part) || part.ETag.Trim('"') != etag.Trim('"'))
                {
                    throw S3Errors.InvalidPart(number);
                }
                chosen.Add(part);
            }
            if (chosen.SkipLast(1).FirstOrDefault(p => p.Content.Length < MinimumPartSize) is { } small)
            {
                throw S3Errors.EntityTooSmall(small.Content.Length);
            }

            // A multipart object's ETag is the MD5 of its parts' MD5s, followed by the number of parts.
            var digests = chosen.SelectMany(p => Convert.FromHexString(p.ETag.Trim('"'))).ToArray();
#pragma warning disable CA5351 // S3 defines ETags as MD5s; they identify content, they protect nothing.
            var etagOfAll = $"\"{Convert.ToHexStringLower(MD5.HashData(digests))}-{chosen.Count}\"";
#pragma warning restore CA5351
            var content = chosen.SelectMany(p => p.Content).ToArray();
            var value = new S3Object(key, content, etagOfAll, Now, upload.ContentType, upload.Metadata, upload.Tags, Checksum: null);
            var owner = Bucket(bucket);
            owner.Objects[key] = value;
            owner.Uploads.Remove(uploadId);
            return value;
        }
    }

    public void Abort(string bucket, string key, string uploadId)
    {
        lock (_lock)
        {
            Upload(bucket, key, uploadId);
            Bucket(bucket).Uploads.Remove(uploadId);
        }
    }

#pragma warning disable CA5351 // As above: an ETag is an MD5 by S3's definition.
    public static string ETagOf(byte[] content) => $"\"{Convert.ToHexStringLower(MD5.HashData(content))}\"";
#pragma warning restore CA5351

    /// <summary>3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit, not an IP address.</summary>
    public static bool IsValidBucketName(string name) =>
        name.Length is >= 3 and <= 63 && BucketName().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal) && !IpAddress().IsMatch(name);

    private static string? CommonPrefix(string key, string prefix, string? delimiter)
    {
        if (string.IsNullOrEmpty(delimiter))
        {
            return null;
        }
        var at = key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
        return at < 0 ? null : key[..(at + delimiter.Length)];
    }

    private S3Bucket Bucket(string name) => _buckets.TryGetValue(name, out var bucket) ? bucket : throw S3Errors.NoSuchBucket(name);

    private MultipartUpload Upload(string bucket, string key, string uploadId) =>
        Bucket(bucket).Uploads.TryGetValue(uploadId, out var upload) && upload.Key == key ? upload : throw S3Errors.NoSuchUpload(uploadId);

    private static string UploadId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]*[a-z0-9]$")]
    private static partial Regex BucketName();

    [GeneratedRegex(@"^\d+\.\d+\.\d+\.\d+$")]
    private static partial Regex IpAddress();
}

/// <summary>What to list: keys under <see cref="Prefix"/> strictly after <see cref="After"/> (start-after or the continuation point).</summary>
internal sealed record S3ListRequest(string Prefix, string? Delimiter, string? After, int MaxKeys);

/// <summary>One page of a listing; <see cref="NextMarker"/> is the last key or common prefix returned when more follow.</summary>
internal sealed record S3ListPage(IReadOnlyList<S3Object> Contents, IReadOnlyList<string> CommonPrefixes, bool IsTruncated, string? NextMarker);
