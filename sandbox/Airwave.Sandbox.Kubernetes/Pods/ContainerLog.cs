using System.Threading.Channels;

namespace Airwave.Sandbox.Kubernetes.Pods;

/// <summary>
/// What one run of a container wrote to stdout and stderr, line by line with the time it was written, as the
/// kubelet keeps it for `kubectl logs`; bounded, dropping the oldest lines. Followers see new lines as they come.
/// </summary>
internal sealed class ContainerLog
{
    private const int MaxLines = 10_000;
    private readonly Lock _lock = new();
    private readonly LinkedList<(DateTimeOffset At, string Line)> _lines = new();
    private readonly List<ChannelWriter<string>> _followers = [];
    private bool _closed;

    public void Append(DateTimeOffset at, string line)
    {
        lock (_lock)
        {
            _lines.AddLast((at, line));
            if (_lines.Count > MaxLines)
            {
                _lines.RemoveFirst();
            }

            foreach (var follower in _followers)
            {
                follower.TryWrite(line);
            }
        }
    }

    /// <summary>The run is over: followers reach the end.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            foreach (var follower in _followers)
            {
                follower.TryComplete();
            }

            _followers.Clear();
        }
    }

    /// <summary>The last <paramref name="tail"/> lines (all when null), and, when following, the lines still to come.</summary>
    public (IReadOnlyList<string> Lines, ChannelReader<string>? Following) Read(int? tail, bool follow)
    {
        lock (_lock)
        {
            var lines = _lines.Select(l => l.Line).ToList();
            if (tail is { } count)
            {
                lines = lines.Skip(Math.Max(0, lines.Count - count)).ToList();
            }

            if (!follow || _closed)
            {
                return (lines, null);
            }

            var channel = Channel.CreateUnbounded<string>();
            _followers.Add(channel.Writer);
            return (lines, channel.Reader);
        }
    }
}
