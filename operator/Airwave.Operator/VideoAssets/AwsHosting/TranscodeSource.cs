namespace Airwave.Operator.VideoAssets.AwsHosting;

/// <summary>One source of a VideoAsset on AWS, ready to transcode.</summary>
/// <param name="AssetId">The source's folder in the bucket: status.assetId.</param>
/// <param name="Recorded">What status.sourceUrl says: the user's URL, the clip's or the uploaded file's s3:// URL.</param>
/// <param name="Fetch">The URL the transcode Job reads it from.</param>
public sealed record TranscodeSource(string AssetId, string Recorded, string Fetch);
