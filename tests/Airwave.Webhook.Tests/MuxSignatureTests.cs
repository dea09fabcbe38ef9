using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Airwave.Webhook.Callbacks;
using Outcome = Airwave.Webhook.Callbacks.MuxSignature.Outcome;

namespace Airwave.Webhook.Tests;

/// <summary>The Mux-Signature check, as Mux documents it: HMAC-SHA256 of `t.body`, hex, within five minutes.</summary>
public sealed class MuxSignatureTests
{
    private const string Secret = "current-secret";
    private const string Body = """{"type":"video.asset.ready","id":"e1"}""";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_763_750_000);

    private readonly MuxSignature _signature = new([Secret], MuxSignature.DefaultTolerance, new ManualTimeProvider(Now));

    public static string Sign(string secret, long timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}")));

    private Outcome Check(string? header, string body = Body) => _signature.Check(header, Encoding.UTF8.GetBytes(body));

    [Fact]
    public void A_signature_of_the_body_and_timestamp_under_the_secret_is_valid() =>
        Assert.Equal(Outcome.Valid, Check($"t={Now.ToUnixTimeSeconds()},v1={Sign(Secret, Now.ToUnixTimeSeconds(), Body)}"));

    [Fact]
    public void Any_v1_matching_passes_so_the_sender_can_sign_with_an_old_and_a_new_secret() =>
        Assert.Equal(Outcome.Valid, Check($"t={Now.ToUnixTimeSeconds()},v1={Sign("old-secret", Now.ToUnixTimeSeconds(), Body)},v1={Sign(Secret, Now.ToUnixTimeSeconds(), Body)}"));

    [Fact]
    public void During_a_rotation_a_receiver_with_both_secrets_accepts_either()
    {
        var rotating = new MuxSignature(["new-secret", Secret], MuxSignature.DefaultTolerance, new ManualTimeProvider(Now));
        var t = Now.ToUnixTimeSeconds();

        Assert.Equal(Outcome.Valid, rotating.Check($"t={t},v1={Sign(Secret, t, Body)}", Encoding.UTF8.GetBytes(Body)));
        Assert.Equal(Outcome.Valid, rotating.Check($"t={t},v1={Sign("new-secret", t, Body)}", Encoding.UTF8.GetBytes(Body)));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void A_timestamp_more_than_five_minutes_away_is_stale_even_when_signed_right(int seconds)
    {
        var t = Now.ToUnixTimeSeconds() + seconds;
        Assert.Equal(Outcome.Stale, Check($"t={t},v1={Sign(Secret, t, Body)}"));
    }

    [Fact]
    public void A_timestamp_just_inside_the_tolerance_passes()
    {
        var t = Now.ToUnixTimeSeconds() - 299;
        Assert.Equal(Outcome.Valid, Check($"t={t},v1={Sign(Secret, t, Body)}"));
    }

    [Fact]
    public void A_changed_body_or_another_secret_does_not_match()
    {
        var t = Now.ToUnixTimeSeconds();
        Assert.Equal(Outcome.Mismatch, Check($"t={t},v1={Sign(Secret, t, Body)}", Body.Replace("e1", "e2", StringComparison.Ordinal)));
        Assert.Equal(Outcome.Mismatch, Check($"t={t},v1={Sign("someone-else", t, Body)}"));
        Assert.Equal(Outcome.Mismatch, Check($"t={t + 1},v1={Sign(Secret, t, Body)}"));
    }

    [Theory]
    [InlineData(null, Outcome.Missing)]
    [InlineData("", Outcome.Missing)]
    [InlineData("v1=abc", Outcome.Malformed)]
    [InlineData("t=1763750000", Outcome.Malformed)]
    [InlineData("t=soon,v1=00", Outcome.Malformed)]
    [InlineData("t=1763750000,v1=not-hex", Outcome.Malformed)]
    [InlineData("t=1763750000,t=1763750001,v1=0000000000000000000000000000000000000000000000000000000000000000", Outcome.Malformed)]
    [InlineData("garbage", Outcome.Malformed)]
    public void A_missing_or_malformed_header_is_refused_as_such(string? header, Outcome expected) =>
        Assert.Equal(expected, Check(header));
}
