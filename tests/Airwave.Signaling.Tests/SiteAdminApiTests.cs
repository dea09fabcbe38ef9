using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Airwave.Signaling.Storage;

namespace Airwave.Signaling.Tests;

[Collection(PostgresFixture.Collection)]
public sealed class SiteAdminApiTests(PostgresFixture postgres) : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("airwave-sites-api-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_site_made_without_a_secret_gets_one_shown_once(DatabaseProvider provider)
    {
        await using var server = await StartAsync(provider);

        var created = await server.Admin.PutAsJsonAsync("/api/v1/sites/shop", Body("Shop", null, "https://Shop.Example"));
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var shown = await server.Admin.GetFromJsonAsync<JsonElement>("/api/v1/sites/shop");
        var listed = await server.Admin.GetFromJsonAsync<JsonElement>("/api/v1/sites");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/v1/sites/shop", created.Headers.Location?.OriginalString);
        var secret = body.GetProperty("secret").GetString();
        Assert.Equal(64, secret?.Length);
        Assert.Equal("https://shop.example", body.GetProperty("site").GetProperty("allowedOrigins")[0].GetString());
        Assert.Equal("Shop", shown.GetProperty("name").GetString());
        Assert.Equal("Api", shown.GetProperty("source").GetString());
        Assert.False(shown.TryGetProperty("secret", out _));
        Assert.DoesNotContain(secret!, listed.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("shop", Assert.Single(listed.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Replacing_a_site_keeps_its_secret_unless_a_new_one_is_given()
    {
        await using var server = await StartAsync(DatabaseProvider.Sqlite);
        var created = await (await server.Admin.PutAsJsonAsync("/api/v1/sites/shop", Body("Shop", null, "https://shop.example"))).Content.ReadFromJsonAsync<JsonElement>();
        var secret = created.GetProperty("secret").GetString()!;

        var replaced = await server.Admin.PutAsJsonAsync("/api/v1/sites/shop", Body("Shop 2", null, "https://shop2.example"));
        var site = await server.Services.GetSiteAsync("shop");

        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.False((await replaced.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("secret", out _));
        Assert.Equal(secret, site!.Secret);
        Assert.Equal(["https://shop2.example"], site.AllowedOrigins);

        await server.Admin.PutAsJsonAsync("/api/v1/sites/shop", Body("Shop 2", new string('s', 40), "https://shop2.example"));
        Assert.Equal(new string('s', 40), (await server.Services.GetSiteAsync("shop"))!.Secret);
    }

    [Fact]
    public async Task A_bad_site_is_refused_with_each_field_named()
    {
        await using var server = await StartAsync(DatabaseProvider.Sqlite);

        var response = await server.Admin.PutAsJsonAsync("/api/v1/sites/shop", Body(null, "short", "https://shop.example/store", "shop.example"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var badId = await server.Admin.PutAsJsonAsync("/api/v1/sites/Shop_1", Body("x", null, "https://shop.example"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = problem.GetProperty("errors");
        Assert.Contains("Required", errors.GetProperty("name")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(2, errors.GetProperty("allowedOrigins").GetArrayLength());
        Assert.Contains("\"shop.example\" is not an origin", errors.GetProperty("allowedOrigins")[1].GetString(), StringComparison.Ordinal);
        Assert.Contains("at least 32 characters", errors.GetProperty("secret")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Null(await server.Services.GetSiteAsync("shop"));
    }

    [Fact]
    public async Task The_admin_api_needs_the_admin_token()
    {
        await using var server = await StartAsync(DatabaseProvider.Sqlite);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/v1/sites");
        wrong.Headers.Authorization = new("Bearer", "guess");

        var none = await server.Management.GetAsync("/api/v1/sites");
        var guessed = await server.Management.SendAsync(wrong);
        var onPublicPort = await server.Public.GetAsync("/api/v1/sites");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, guessed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, onPublicPort.StatusCode);
    }

    [Fact]
    public async Task Without_an_admin_token_set_the_admin_api_is_off()
    {
        await using var server = await StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { [Configuration.SignalingSettings.AdminTokenVariable] = "" });

        var response = await server.Admin.GetAsync("/api/v1/sites");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("SIGNALING_ADMIN_TOKEN", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sites_from_the_sites_file_are_read_only_through_the_api_and_follow_the_file()
    {
        var file = Path.Combine(_folder.FullName, "sites.json");
        await File.WriteAllTextAsync(file, """{"shop": {"name": "Shop", "allowedOrigins": ["https://shop.example"], "secret": "0123456789abcdef0123456789abcdef"}, "blog": {"name": "Blog", "allowedOrigins": ["https://blog.example"], "secret": "fedcba9876543210fedcba9876543210"}}""");
        var database = $"Data Source={Path.Combine(_folder.FullName, "signaling.db")}";
        var settings = new Dictionary<string, string?> { ["Signaling:SitesFile"] = file, ["Signaling:Database:ConnectionString"] = database };
        await using (var server = await StartAsync(DatabaseProvider.Sqlite, settings))
        {
            var put = await server.Admin.PutAsJsonAsync("/api/v1/sites/shop", Body("Mine", null, "https://evil.example"));
            var delete = await server.Admin.DeleteAsync("/api/v1/sites/blog");
            var apiMade = await server.Admin.PutAsJsonAsync("/api/v1/sites/news", Body("News", null, "https://news.example"));

            Assert.Equal(HttpStatusCode.Conflict, put.StatusCode);
            Assert.Contains("change it there", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
            Assert.Equal(HttpStatusCode.Created, apiMade.StatusCode);
            Assert.Equal("Settings", (await server.Admin.GetFromJsonAsync<JsonElement>("/api/v1/sites/shop")).GetProperty("source").GetString());
        }

        // The chart drops blog: the next start removes it, and keeps what the API made.
        await File.WriteAllTextAsync(file, """{"shop": {"name": "Shop", "allowedOrigins": ["https://shop.example"], "secret": "0123456789abcdef0123456789abcdef"}}""");
        await using (var server = await StartAsync(DatabaseProvider.Sqlite, settings))
        {
            var ids = (await server.Admin.GetFromJsonAsync<JsonElement>("/api/v1/sites")).EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();

            Assert.Equal(["news", "shop"], ids);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_sites_sfu_streams_are_kept_and_shown_and_bad_ones_refused_naming_the_field(DatabaseProvider provider)
    {
        await using var server = await StartAsync(provider);

        var put = await server.Admin.PutAsync("/api/v1/sites/shop", Json("""{"name": "Shop", "allowedOrigins": ["https://shop.example"], "sfu": {"streams": ["team-a/stage", "team-a/stage-2"], "viewers": 3}}"""));
        var shown = await server.Admin.GetFromJsonAsync<JsonElement>("/api/v1/sites/shop");
        var bad = await server.Admin.PutAsync("/api/v1/sites/shop", Json("""{"name": "Shop", "allowedOrigins": ["https://shop.example"], "sfu": {"streams": ["Team_A/stage", "team-a/stage"], "viewers": 0}}"""));
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        var plain = await server.Admin.PutAsJsonAsync("/api/v1/sites/news", Body("News", null, "https://news.example"));

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(["team-a/stage", "team-a/stage-2"], shown.GetProperty("sfu").GetProperty("streams").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(3, shown.GetProperty("sfu").GetProperty("viewers").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"Team_A/stage\" is not namespace/name of a LiveStream", problem.GetProperty("errors").GetProperty("sfu.streams")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("From 2 to 10000", problem.GetProperty("errors").GetProperty("sfu.viewers")[0].GetString(), StringComparison.Ordinal);
        // The refused change left the site as it was.
        Assert.Equal(2, (await server.Admin.GetFromJsonAsync<JsonElement>("/api/v1/sites/shop")).GetProperty("sfu").GetProperty("streams").GetArrayLength());
        Assert.Equal(HttpStatusCode.Created, plain.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await server.Admin.GetFromJsonAsync<JsonElement>("/api/v1/sites/news")).GetProperty("sfu").ValueKind);
    }

    [Fact]
    public async Task Deleting_a_site_removes_it()
    {
        await using var server = await StartAsync(DatabaseProvider.Sqlite);
        await server.Admin.PutAsJsonAsync("/api/v1/sites/shop", Body("Shop", null, "https://shop.example"));

        var deleted = await server.Admin.DeleteAsync("/api/v1/sites/shop");
        var again = await server.Admin.DeleteAsync("/api/v1/sites/shop");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Admin.GetAsync("/api/v1/sites/shop")).StatusCode);
    }

    [Fact]
    public async Task A_site_made_through_one_replica_is_seen_by_another_at_once()
    {
        var database = await postgres.NewDatabaseAsync();
        await using var first = await SignalingServer.StartAsync(postgres: database);
        await using var second = await SignalingServer.StartAsync(postgres: database);

        await first.Admin.PutAsJsonAsync("/api/v1/sites/shop", Body("Shop", null, "https://shop.example"));
        await second.Admin.PutAsJsonAsync("/api/v1/sites/shop", Body("Shop", null, "https://shop.example", "https://m.shop.example"));

        Assert.Equal(2, (await first.Admin.GetFromJsonAsync<JsonElement>("/api/v1/sites/shop")).GetProperty("allowedOrigins").GetArrayLength());
    }

    [Fact]
    public async Task The_service_serves_its_openapi_document_and_probes()
    {
        await using var server = await StartAsync(DatabaseProvider.Sqlite);

        var document = await server.Public.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/sites/{id}", out _));
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/sites/{site}/broadcasts/{id}", out _));
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/sites/{site}/time", out _));
        Assert.Equal("ok", await server.Management.GetStringAsync("/healthz"));
        Assert.Equal("ok", await server.Management.GetStringAsync("/readyz"));
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static object Body(string? name, string? secret, params string[] allowedOrigins) => new { name, allowedOrigins, secret };

    private async Task<SignalingServer> StartAsync(DatabaseProvider provider, IDictionary<string, string?>? settings = null) => provider == DatabaseProvider.PostgreSql
        ? await SignalingServer.StartAsync(postgres: await postgres.NewDatabaseAsync(), settings: settings)
        : await SignalingServer.StartAsync(folder: _folder.FullName, settings: settings);
}
