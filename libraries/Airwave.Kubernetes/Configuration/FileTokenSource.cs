namespace Airwave.Kubernetes.Configuration;

/// <summary>
/// A token read from a file that something else rotates: the projected service-account token
/// (kubelet replaces it well before its one-hour expiry) or a kubeconfig tokenFile.
/// Re-read at least once a minute, as client-go does, and at once after a 401.
/// </summary>
public sealed class FileTokenSource(string path, TimeProvider? timeProvider = null) : IAccessTokenSource
{
    public static readonly TimeSpan ReloadInterval = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private string? _token;
    private DateTimeOffset _readAt;

    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_token is not null && _time.GetUtcNow() - _readAt < ReloadInterval)
            {
                return _token;
            }
        }

        var token = (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
        lock (_lock)
        {
            _token = token;
            _readAt = _time.GetUtcNow();
        }

        return token;
    }

    public void Invalidate()
    {
        lock (_lock)
        {
            _token = null;
        }
    }
}
