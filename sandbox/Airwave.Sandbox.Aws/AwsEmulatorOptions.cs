using System.Security.Cryptography;
using Airwave.Aws.Credentials;

namespace Airwave.Sandbox.Aws;

public sealed record AwsEmulatorOptions
{
    /// <summary>The credentials every request must be signed with. Test values, not a real account's.</summary>
    public static readonly AwsCredentials TestCredentials = new("AKIAAIRWAVESANDBOX01", "airwave/sandbox/test/secret/access/key");

    /// <summary>Loopback address to listen on; 127.0.0.1 or ::1.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Where the emulator answers, for the URLs it hands out (playback URLs); known once <see cref="Port"/> is chosen.</summary>
    public Uri BaseAddress => new($"http://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}/");

    public string Region { get; init; } = "us-east-1";

    public string AccountId { get; init; } = "123456789012";

    public AwsCredentials Credentials { get; init; } = TestCredentials;

    /// <summary>How long each asynchronous transition (CREATING → IDLE, STARTING → RUNNING, ...) takes. Zero for tests.</summary>
    public TimeSpan TransitionDelay { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The id of the distribution that exists from the start, the one live streams are added to.</summary>
    public string LiveDistributionId { get; init; } = "E2AIRWAVELIVE1";

    /// <summary>
    /// The id of the distribution that exists from the start to serve VideoAssets hosted on AWS: its default behavior
    /// reads <see cref="VideoBucket"/> with the origin access control of <see cref="ArchiveOriginAccessControlId"/>.
    /// </summary>
    public string VideoDistributionId { get; init; } = "E2AIRWAVEVOD01";

    /// <summary>The bucket the video distribution reads (the emulator's user makes it).</summary>
    public string VideoBucket { get; init; } = "airwave-sandbox-videos";

    /// <summary>
    /// Where in <see cref="VideoBucket"/> Signed videos are: the video distribution's behavior for this prefix serves
    /// only requests signed with <see cref="PlaybackSigningKey"/>.
    /// </summary>
    public string SignedVideoKeyPrefix { get; init; } = "signed-videos/";

    /// <summary>
    /// The private key a platform team signs playback with (Signed videos, and Signed live streams on the live
    /// distribution); its public key is <see cref="PlaybackKeyPairId"/>, in the key group <see cref="PlaybackKeyGroupId"/>.
    /// One per process: making an RSA key takes a while.
    /// </summary>
    public RSA PlaybackSigningKey { get; init; } = SandboxPlaybackSigningKey.Value;

    public string PlaybackKeyPairId { get; init; } = "K2AIRWAVEVOD01";

    public string PlaybackKeyGroupId { get; init; } = "0a1f5e6c-2b7d-4c3e-9f80-a1b2c3d4e5f6";

    private static readonly Lazy<RSA> SandboxPlaybackSigningKey = new(() => RSA.Create(2048));

    /// <summary>
    /// The id of the origin access control that exists from the start, as a platform team makes one for CloudFront to
    /// read the archive bucket with (S3Upload streams played through the live distribution).
    /// </summary>
    public string ArchiveOriginAccessControlId { get; init; } = "E3AIRWAVEOAC01";

    /// <summary>
    /// The id of the KMS key that exists from the start, as a platform team makes one to keep the installation's content
    /// key seed encrypted with.
    /// </summary>
    public string ContentKeySeedKmsKeyId { get; init; } = "5c2f6a0e-8d41-4b7a-9e35-0c6d1f2a7b84";

    /// <summary>
    /// The Secrets Manager secret that exists from the start, as a platform team makes one for MediaPackage's CDN
    /// authorization: <c>{"MediaPackageCDNIdentifier": CdnIdentifier}</c>, under this name.
    /// </summary>
    public string CdnIdentifierSecretName { get; init; } = "airwave-sandbox-cdn-identifier";

    public string CdnIdentifier { get; init; } = "0b7d4c2e-91f3-4a6b-8e25-3c9f1d7a6e40";

    /// <summary>The role MediaPackage reads the CDN identifier secret as (the emulator checks only its form).</summary>
    public string CdnSecretsRoleArn { get; init; } = "arn:aws:iam::123456789012:role/airwave-sandbox-mediapackage-cdn-secret";

    /// <summary>Largest clock difference accepted between the request's X-Amz-Date and the emulator.</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(15);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Headers MediaPackage's key requests carry besides the document: what the API Gateway in front of a key provider
    /// adds once MediaPackage's IAM signature passed (the installation's key provider wants its caller token).
    /// </summary>
    public IReadOnlyDictionary<string, string> SpekeGatewayHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the emulated services write what the real ones show in their consoles and logs: refused pushes, ports they cannot take.</summary>
    public TextWriter Log { get; init; } = Console.Error;

    /// <summary>
    /// Whether running channels take RTMP pushes on their inputs' loopback ports and archive them to S3, and IVS
    /// channels RTMPS pushes on theirs and play them (with ffmpeg). Off, the ports are handed out but nothing listens,
    /// as for a channel that is not running.
    /// </summary>
    public bool RunMedia { get; init; }
}
