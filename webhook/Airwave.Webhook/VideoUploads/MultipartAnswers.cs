namespace Airwave.Webhook.VideoUploads;

/// <summary>What starting a multipart upload answers: its id, and the sizes its parts may have.</summary>
public sealed record MultipartStartAnswer(string UploadId, long PartSize, long MinPartSize, int MaxParts);

/// <summary>What a request for part URLs answers: a presigned PUT per part, all valid until <see cref="ExpiresAt"/>.</summary>
public sealed record PartUrlsAnswer(IReadOnlyList<PartUrl> Parts, long ExpiresAt);

public sealed record PartUrl(int PartNumber, string Url);

/// <summary>What a completed upload answers: where the file now is, as the VideoAsset's source.</summary>
public sealed record MultipartCompleteAnswer(string SourceUrl);
