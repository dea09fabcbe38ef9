namespace Airwave.Kubernetes.Client;

public sealed record WatchOptions
{
    /// <summary>Start after this version; events since then are replayed. 410 Gone when it is too old.</summary>
    public string? ResourceVersion { get; init; }

    public string? LabelSelector { get; init; }
    public string? FieldSelector { get; init; }

    /// <summary>The server ends the watch after this long; the watcher then resumes.</summary>
    public TimeSpan? Timeout { get; init; }

    public bool AllowWatchBookmarks { get; init; } = true;
}
