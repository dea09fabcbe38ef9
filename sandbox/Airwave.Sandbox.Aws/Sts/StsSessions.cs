using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Airwave.Sandbox.Aws.Sts;

/// <summary>The sessions STS has issued, by access key id, as S3 looks them up.</summary>
internal sealed class StsSessions(AwsEmulatorOptions options)
{
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string Secret = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/";

    private readonly ConcurrentDictionary<string, StsSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>A new session of <paramref name="roleArn"/>, named <paramref name="sessionName"/>, as long as <paramref name="duration"/>.</summary>
    public StsSession Issue(string roleArn, string sessionName, SessionPolicy policy, TimeSpan duration)
    {
        var role = roleArn[(roleArn.LastIndexOf('/') + 1)..];
        var session = new StsSession(
            "ASIA" + RandomNumberGenerator.GetString(Upper, 16),
            RandomNumberGenerator.GetString(Secret, 40),
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(96)),
            TruncatedToSeconds(options.Time.GetUtcNow() + duration),
            $"arn:aws:sts::{options.AccountId}:assumed-role/{role}/{sessionName}",
            $"AROA{RandomNumberGenerator.GetString(Upper, 17)}:{sessionName}",
            policy);
        _sessions[session.AccessKeyId] = session;
        return session;
    }

    public StsSession? Find(string accessKeyId) => _sessions.GetValueOrDefault(accessKeyId);

    private static DateTimeOffset TruncatedToSeconds(DateTimeOffset at) => at.AddTicks(-(at.UtcTicks % TimeSpan.TicksPerSecond));
}
