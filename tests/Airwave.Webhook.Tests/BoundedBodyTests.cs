using Airwave.Hosting;
using Microsoft.AspNetCore.Http;

namespace Airwave.Webhook.Tests;

/// <summary>Request bodies read whole up to a limit, whether or not the client announced their length.</summary>
public sealed class BoundedBodyTests
{
    private const int Limit = 1024;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_up_to_the_limit_is_read_whole(bool announced)
    {
        var sent = Enumerable.Range(0, Limit).Select(i => (byte)i).ToArray();
        using var body = await BoundedBody.ReadAsync(Request(sent, announced ? sent.Length : null), Limit, CancellationToken.None);

        Assert.NotNull(body);
        Assert.Equal(sent, body.Memory.ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_one_byte_over_the_limit_is_refused(bool announced)
    {
        var sent = new byte[Limit + 1];
        Assert.Null(await BoundedBody.ReadAsync(Request(sent, announced ? sent.Length : null), Limit, CancellationToken.None));
    }

    [Fact]
    public async Task A_body_shorter_than_its_content_length_is_an_error_not_a_short_body()
    {
        var error = await Assert.ThrowsAsync<EndOfStreamException>(() => BoundedBody.ReadAsync(Request(new byte[10], 20), Limit, CancellationToken.None));
        Assert.Contains("after 10 of the 20 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disposed_body_can_no_longer_be_read()
    {
        var body = await BoundedBody.ReadAsync(Request([1, 2, 3], 3), Limit, CancellationToken.None);
        Assert.NotNull(body);
        body.Dispose();
        Assert.Throws<ObjectDisposedException>(() => body.Memory);
    }

    private static HttpRequest Request(byte[] body, long? contentLength)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = contentLength;
        return context.Request;
    }
}
