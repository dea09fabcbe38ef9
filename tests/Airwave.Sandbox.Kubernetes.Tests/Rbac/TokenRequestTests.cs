using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Tests.Infrastructure;

namespace Airwave.Sandbox.Kubernetes.Tests.Rbac;

/// <summary>The serviceaccounts/token subresource and bearer-token authentication.</summary>
public sealed class TokenRequestTests(SandboxFixture sandbox) : ServiceAccountTestBase(sandbox), IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Token_request_answers_a_token_request_with_the_token_and_its_expiry()
    {
        var before = DateTimeOffset.UtcNow;
        var (status, response, _) = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{Namespace}/serviceaccounts/{Robot}/token", new JsonObject
        {
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["kind"] = "TokenRequest",
            ["spec"] = new JsonObject { ["expirationSeconds"] = 7200 },
        });

        Assert.Equal(201, status);
        Assert.Equal("TokenRequest", (string?)response!["kind"]);
        Assert.Equal("authentication.k8s.io/v1", (string?)response["apiVersion"]);
        Assert.Equal(Robot, (string?)response["metadata"]!["name"]);
        Assert.Equal("https://kubernetes.default.svc.cluster.local", (string?)response["spec"]!["audiences"]![0]);
        Assert.Equal(7200, (long?)response["spec"]!["expirationSeconds"]);
        Assert.Equal(3, ((string)response["status"]!["token"]!).Split('.').Length);
        var expires = DateTimeOffset.Parse((string)response["status"]!["expirationTimestamp"]!, CultureInfo.InvariantCulture);
        Assert.InRange(expires, before.AddSeconds(7200).AddMinutes(-1), before.AddSeconds(7200).AddMinutes(5));
    }

    [Fact]
    public async Task A_minted_token_authenticates_as_the_service_account()
    {
        var (status, body, _) = await RobotClient.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{Namespace}/secrets");

        Assert.Equal(403, status);
        Assert.Contains($"User \"{RobotUser}\"", (string?)body!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_token_is_401_unauthorized()
    {
        using var stranger = new SandboxClient(Sandbox.Server.BaseAddress, "not-a-token-this-server-issued");

        var (status, body, _) = await stranger.SendAsync(HttpMethod.Get, "/api/v1/namespaces");

        Assert.Equal(401, status);
        var expected = JsonNode.Parse("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}""");
        Assert.True(JsonNode.DeepEquals(expected, body), body?.ToJsonString());
    }

    [Fact]
    public async Task Deleting_the_service_account_invalidates_its_tokens_even_if_it_is_recreated()
    {
        Assert.Equal(200, await RobotStatusAsync(HttpMethod.Get, "/version"));

        var (deleted, _, _) = await Admin.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{Namespace}/serviceaccounts/{Robot}");
        var afterDelete = await RobotStatusAsync(HttpMethod.Get, "/version");
        await Admin.PostAsync($"/api/v1/namespaces/{Namespace}/serviceaccounts", new JsonObject { ["metadata"] = new JsonObject { ["name"] = Robot } });
        var afterRecreate = await RobotStatusAsync(HttpMethod.Get, "/version");

        Assert.Equal(200, deleted);
        Assert.Equal(401, afterDelete);
        Assert.Equal(401, afterRecreate);
    }

    [Fact]
    public async Task Tokens_shorter_than_ten_minutes_are_invalid_and_missing_accounts_are_not_found()
    {
        var (shortStatus, shortBody, _) = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{Namespace}/serviceaccounts/{Robot}/token", new JsonObject
        {
            ["spec"] = new JsonObject { ["expirationSeconds"] = 60 },
        });
        var (missingStatus, missingBody, _) = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{Namespace}/serviceaccounts/nobody/token", new JsonObject());

        Assert.Equal(422, shortStatus);
        Assert.Equal($"TokenRequest.authentication.k8s.io \"{Robot}\" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes", (string?)shortBody!["message"]);
        Assert.Equal(404, missingStatus);
        Assert.Equal("serviceaccounts \"nobody\" not found", (string?)missingBody!["message"]);
    }
}
