using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Airwave.Sandbox.Kubernetes.Streaming.Exec;

/// <summary>A terminal's size as clients send it on the resize stream: <c>{"Width":80,"Height":24}</c>.</summary>
internal sealed record TerminalSize(ushort Width, ushort Height)
{
    private const int MaxPending = 4096;

    /// <summary>
    /// The sizes a client sends, one JSON object after another (kubectl ends each with a newline, the Python client
    /// does not), until the stream ends; what is not a size is skipped.
    /// </summary>
    public static async Task ReadAllAsync(IDuplexChannel resizes, ChannelWriter<TerminalSize> sizes, CancellationToken ct)
    {
        var pending = new StringBuilder();
        var buffer = new byte[1024];
        try
        {
            int read;
            while ((read = await resizes.ReadAsync(buffer, ct)) > 0)
            {
                pending.Append(Encoding.UTF8.GetString(buffer, 0, read));
                int end;
                while ((end = pending.ToString().IndexOf('}', StringComparison.Ordinal)) >= 0)
                {
                    var json = pending.ToString(0, end + 1);
                    pending.Remove(0, end + 1);
                    if (Parse(json) is { } size)
                    {
                        await sizes.WriteAsync(size, ct);
                    }
                }

                if (pending.Length > MaxPending)
                {
                    pending.Clear();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The command is over.
        }
        finally
        {
            sizes.TryComplete();
        }
    }

    private static TerminalSize? Parse(string json)
    {
        try
        {
            var start = json.IndexOf('{', StringComparison.Ordinal);
            return start < 0 ? null : JsonSerializer.Deserialize<TerminalSize>(json[start..]);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
