using System.Net;
using System.Text.Json.Nodes;
using Airwave.Webhook.UploadPlayback;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Airwave.Webhook.Tests;

/// <summary>Playlist requests are counted per address: one that loops gets 429 with Retry-After while another is served.</summary>
public sealed class PlaylistLimiterTests
{
    [Fact]
    public async Task An_address_over_its_rate_gets_a_problem_429_with_retry_after_and_another_address_does_not()
    {
        using var limiter = new PlaylistLimiter(perSecond: 1);

        // Ten requests within far less than a second span at most two one-second windows: at most two are let through.
        var answers = Enumerable.Range(0, 10).Select(_ => limiter.Refusal(From("192.0.2.10"))).ToList();
        var other = limiter.Refusal(From("192.0.2.11"));
        var written = From("192.0.2.10");
        written.Response.Body = new MemoryStream();
        written.RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider();
        await (limiter.Refusal(written) ?? throw new InvalidOperationException("let through")).ExecuteAsync(written);
        written.Response.Body.Position = 0;
        var problem = JsonNode.Parse(written.Response.Body)!;

        Assert.InRange(answers.Count(a => a is null), 1, 2);
        Assert.Null(other);
        Assert.Equal((int)HttpStatusCode.TooManyRequests, written.Response.StatusCode);
        Assert.Equal("1", written.Response.Headers.RetryAfter.ToString());
        Assert.Contains("more than 1 playlist requests in a second", (string?)problem["detail"], StringComparison.Ordinal);
    }

    private static DefaultHttpContext From(string address)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        return context;
    }
}
