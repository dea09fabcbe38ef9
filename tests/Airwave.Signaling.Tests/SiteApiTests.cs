using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Airwave.Signaling.Tests;

/// <summary>The site API as a site's own server calls it, with API tokens PyJWT signed with the site's secret.</summary>
public sealed class SiteApiTests : IAsyncLifetime
{
    // A minute before midnight UTC, so the broadcast's time falls on two days.
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 23, 59, 0, TimeSpan.Zero));
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("airwave-site-api-");
    private SignalingServer _server = null!;
    private TestSite _site = null!;

    public async Task InitializeAsync()
    {
        _server = await SignalingServer.StartAsync(_folder.FullName, clock: _clock);
        _site = await TestSite.CreateAsync(_server);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task A_site_reads_its_broadcasts_their_viewers_and_the_time_its_users_broadcast_per_day()
    {
        var (broadcaster, welcome) = await PageSocket.HelloAsync(_server, _site, "broadcaster", "alice");
        await using var b = broadcaster;
        var (bob, _) = await PageSocket.HelloAsync(_server, _site, "viewer", "bob");
        await using var v1 = bob;
        var (carol, _) = await PageSocket.HelloAsync(_server, _site, "viewer", "carol");
        await using var v2 = carol;
        var bobsRequest = await PageSocket.WatchAcceptedAsync(bob, broadcaster, "alice");
        await carol.SendAsync(new { v = 1, type = "watch", broadcaster = "alice" });
        var carolsRequest = (string)(await broadcaster.ExpectAsync("watch-request"))["request"]!;
        await broadcaster.SendAsync(new { v = 1, type = "refuse", request = carolsRequest });
        await carol.ExpectAsync("refused");
        using var api = await ApiAsync();

        var live = await api.GetFromJsonAsync<JsonElement>("/api/v1/sites/shop/broadcasts?live=true");
        Assert.True(Assert.Single(live.EnumerateArray()).GetProperty("connected").GetBoolean());

        _clock.Advance(TimeSpan.FromSeconds(30));
        await broadcaster.SendAsync(new { v = 1, type = "heartbeat" });
        await broadcaster.ExpectAsync("heartbeat");
        _clock.Advance(TimeSpan.FromSeconds(40));
        await broadcaster.SendAsync(new { v = 1, type = "heartbeat" });
        await broadcaster.ExpectAsync("heartbeat");
        await broadcaster.SendAsync(new { v = 1, type = "bye" });
        await broadcaster.ExpectClosedAsync();

        var listed = await api.GetFromJsonAsync<JsonElement>("/api/v1/sites/shop/broadcasts?user=alice");
        var broadcast = Assert.Single(listed.EnumerateArray());
        Assert.Equal((string?)welcome["session"], broadcast.GetProperty("id").GetString());
        Assert.False(broadcast.GetProperty("live").GetBoolean());
        Assert.Equal("ended", broadcast.GetProperty("endReason").GetString());
        Assert.Equal(70, broadcast.GetProperty("broadcastSeconds").GetDouble());
        Assert.Empty((await api.GetFromJsonAsync<JsonElement>("/api/v1/sites/shop/broadcasts?live=true")).EnumerateArray());

        var shown = await api.GetFromJsonAsync<JsonElement>($"/api/v1/sites/shop/broadcasts/{welcome["session"]}");
        var viewers = shown.GetProperty("viewers").EnumerateArray().ToDictionary(r => r.GetProperty("user").GetString()!, r => r.GetProperty("decision").GetString());
        Assert.Equal("accepted", viewers["bob"]);
        Assert.Equal("refused", viewers["carol"]);

        var time = await api.GetFromJsonAsync<JsonElement>("/api/v1/sites/shop/time?from=2026-03-01&to=2026-03-02");
        var days = time.GetProperty("days").EnumerateArray().ToDictionary(d => d.GetProperty("day").GetString()!, d => (User: d.GetProperty("user").GetString(), Seconds: d.GetProperty("seconds").GetDouble()));
        Assert.Equal(("alice", 60.0), days["2026-03-01"]);
        Assert.Equal(("alice", 10.0), days["2026-03-02"]);
        Assert.Equal(70, time.GetProperty("totalSeconds").GetDouble());
        var byDefault = await api.GetFromJsonAsync<JsonElement>("/api/v1/sites/shop/time?user=alice");
        Assert.Equal("2026-03-02", byDefault.GetProperty("to").GetString());
        Assert.Equal(70, byDefault.GetProperty("totalSeconds").GetDouble());
        Assert.Equal(0, (await api.GetFromJsonAsync<JsonElement>("/api/v1/sites/shop/time?user=bob")).GetProperty("totalSeconds").GetDouble());
    }

    [Fact]
    public async Task Only_an_API_token_of_the_site_opens_it()
    {
        var blog = await TestSite.CreateAsync(_server, "blog", "https://blog.example");
        var userToken = await _site.TokenAsync("alice");
        var blogToken = await ApiTokenAsync(blog.Secret, "blog");
        var expired = await ApiTokenAsync(_site.Secret, "shop", _clock.GetUtcNow().AddHours(-1));

        var none = await _server.Public.GetAsync("/api/v1/sites/shop/broadcasts");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("scope \"api\"", await DetailAsync(none), StringComparison.Ordinal);
        Assert.Contains("scope claim must include \"api\"", await DetailAsync(await GetAsync("/api/v1/sites/shop/broadcasts", userToken)), StringComparison.Ordinal);
        Assert.Contains("not signed with the secret of site shop", await DetailAsync(await GetAsync("/api/v1/sites/shop/time", blogToken)), StringComparison.Ordinal);
        Assert.Contains("expired", await DetailAsync(await GetAsync("/api/v1/sites/shop/time", expired)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/api/v1/sites/blog/time", blogToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/api/v1/sites/nowhere/time", blogToken)).StatusCode);
    }

    [Fact]
    public async Task A_request_from_a_page_of_another_website_is_refused_even_with_a_token()
    {
        var token = await ApiTokenAsync(_site.Secret, "shop");

        var foreign = await GetAsync("/api/v1/sites/shop/time", token, "https://evil.example");
        var own = await GetAsync("/api/v1/sites/shop/time", token, "https://shop.example");

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal("application/problem+json", foreign.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"https://evil.example\" may not use site shop", (await foreign.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task A_broadcast_of_another_site_is_not_found_and_bad_queries_name_their_field()
    {
        var (broadcaster, welcome) = await PageSocket.HelloAsync(_server, _site, "broadcaster", "alice");
        await using var b = broadcaster;
        var blog = await TestSite.CreateAsync(_server, "blog", "https://blog.example");
        var blogToken = await ApiTokenAsync(blog.Secret, "blog");
        using var api = await ApiAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"/api/v1/sites/blog/broadcasts/{welcome["session"]}", blogToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/sites/shop/broadcasts/{welcome["session"]}")).StatusCode);
        await AssertInvalidAsync(api, "/api/v1/sites/shop/broadcasts?limit=0", "limit");
        await AssertInvalidAsync(api, "/api/v1/sites/shop/time?from=2026-13-01", "from");
        await AssertInvalidAsync(api, "/api/v1/sites/shop/time?from=2026-03-02&to=2026-03-01", "from");
        await AssertInvalidAsync(api, "/api/v1/sites/shop/time?from=2024-01-01&to=2026-03-01", "from");
    }

    private static async Task AssertInvalidAsync(HttpClient api, string path, string field)
    {
        var response = await api.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.GetRawText());
    }

    /// <summary>An API token as the site's server makes one; it expires five minutes after the service's clock unless told.</summary>
    private Task<string> ApiTokenAsync(string secret, string site, DateTimeOffset? expires = null) =>
        PyJwt.SignAsync(secret, new { aud = site, scope = "api", exp = (expires ?? _clock.GetUtcNow().AddMinutes(5)).ToUnixTimeSeconds() });

    private async Task<HttpClient> ApiAsync()
    {
        var client = new HttpClient { BaseAddress = _server.Public.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await ApiTokenAsync(_site.Secret, "shop"));
        return client;
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string token, string? origin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await _server.Public.SendAsync(request);
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
    }
}
