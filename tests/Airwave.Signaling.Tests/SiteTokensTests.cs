using Airwave.Signaling.Identity;
using Airwave.Signaling.Sites;

namespace Airwave.Signaling.Tests;

public sealed class SiteTokensTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef-shop-secret";
    private static readonly Site Shop = new("shop", "Shop", ["https://shop.example"], Secret, SiteSource.Api, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
    private static readonly string[] Audiences = ["blog", "shop"];
    private readonly SiteTokens _tokens = new(TimeProvider.System);

    [Fact]
    public async Task A_token_the_site_signed_gives_its_user_id()
    {
        var token = await PyJwt.ForUserAsync(Secret, "shop", "user-42", TimeSpan.FromMinutes(5));

        var result = _tokens.ValidateUser(Shop, token);

        Assert.True(result.IsValid, result.Message);
        Assert.Equal("user-42", result.UserId);
    }

    [Fact]
    public async Task A_token_with_the_site_among_several_audiences_is_accepted()
    {
        var token = await PyJwt.SignAsync(Secret, new { sub = "u", aud = Audiences, exp = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds() });

        Assert.Equal("u", _tokens.ValidateUser(Shop, token).UserId);
    }

    [Fact]
    public async Task A_token_signed_with_another_secret_is_forged()
    {
        var token = await PyJwt.ForUserAsync("another-secret-another-secret-another", "shop", "user-42", TimeSpan.FromMinutes(5));

        var result = _tokens.ValidateUser(Shop, token);

        Assert.Equal(TokenProblem.BadSignature, result.Problem);
        Assert.Null(result.UserId);
        Assert.Contains("not signed with the secret of site shop", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_id_changed_after_signing_is_forged()
    {
        var token = await PyJwt.ForUserAsync(Secret, "shop", "user-42", TimeSpan.FromMinutes(5));
        var parts = token.Split('.');
        var claims = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1])).Replace("user-42", "admin", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(claims))}.{parts[2]}";

        Assert.Equal(TokenProblem.BadSignature, _tokens.ValidateUser(Shop, tampered).Problem);
    }

    [Fact]
    public async Task An_expired_token_is_refused_beyond_the_clock_skew()
    {
        var expired = await PyJwt.ForUserAsync(Secret, "shop", "user-42", -SiteTokens.ClockSkew - TimeSpan.FromSeconds(10));
        var withinSkew = await PyJwt.ForUserAsync(Secret, "shop", "user-42", TimeSpan.FromSeconds(-5));

        var result = _tokens.ValidateUser(Shop, expired);

        Assert.Equal(TokenProblem.Expired, result.Problem);
        Assert.Contains("expired", result.Message, StringComparison.Ordinal);
        Assert.True(_tokens.ValidateUser(Shop, withinSkew).IsValid);
    }

    [Fact]
    public async Task A_token_not_valid_yet_is_refused()
    {
        var token = await PyJwt.SignAsync(Secret, new { sub = "u", aud = "shop", exp = DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeSeconds(), nbf = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds() });

        Assert.Equal(TokenProblem.Expired, _tokens.ValidateUser(Shop, token).Problem);
    }

    [Fact]
    public async Task A_token_for_another_site_is_refused_even_with_the_same_secret()
    {
        var token = await PyJwt.ForUserAsync(Secret, "blog", "user-42", TimeSpan.FromMinutes(5));

        Assert.Equal(TokenProblem.WrongSite, _tokens.ValidateUser(Shop, token).Problem);
    }

    [Fact]
    public async Task Tokens_without_expiry_or_user_or_with_another_algorithm_are_refused()
    {
        var noExpiry = await PyJwt.SignAsync(Secret, new { sub = "u", aud = "shop" });
        var noUser = await PyJwt.SignAsync(Secret, new { aud = "shop", exp = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds() });
        var hs512 = await PyJwt.SignAsync(Secret, new { sub = "u", aud = "shop", exp = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds() }, "HS512");
        var unsigned = await PyJwt.SignAsync(Secret, new { sub = "u", aud = "shop", exp = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds() }, "none");

        Assert.Contains("no expiry", _tokens.ValidateUser(Shop, noExpiry).Message, StringComparison.Ordinal);
        Assert.Contains("no user id", _tokens.ValidateUser(Shop, noUser).Message, StringComparison.Ordinal);
        Assert.Contains("HS256", _tokens.ValidateUser(Shop, hs512).Message, StringComparison.Ordinal);
        Assert.Equal(TokenProblem.Malformed, _tokens.ValidateUser(Shop, unsigned).Problem);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("!!.??.##")]
    [InlineData("e30.W10.AA")]
    public void Garbage_is_malformed(string? token)
    {
        var result = _tokens.ValidateUser(Shop, token);

        Assert.Equal(TokenProblem.Malformed, result.Problem);
        Assert.False(result.IsValid);
    }
}
