using System.Text.Json;
using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.Core;
using k8s.Models;

namespace Airwave.Operator.LiveStreams.Connector;

/// <summary>What a Chime stream's connector pod says of itself, as the stream's status.connector.</summary>
public static class ConnectorReport
{
    /// <summary>The longest message status carries: a failed run's termination message is up to 2 KiB of log.</summary>
    private const int MaxMessageLength = 512;

    /// <summary>
    /// Connected while the pod is ready (media is pushed); Failed once a run failed or the pod cannot start, until a
    /// run is ready again (a restart after a failure stays Failed: the kubelet's backoff between runs is the same
    /// failure); Starting otherwise. Since stays as it was while the phase does.
    /// </summary>
    public static ConnectorStatus Of(string deployment, IReadOnlyList<V1Pod> pods, ConnectorStatus? before, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pods);
        var pod = pods.FirstOrDefault(p => p.Metadata.DeletionTimestamp is null);
        var container = pod?.Status?.ContainerStatuses?.FirstOrDefault(c => c.Name == ConnectorObjects.Container);
        var (phase, message) = pod is null ? (ConnectorPhase.Starting, null)
            : pod.IsReady ? (ConnectorPhase.Connected, null)
            : Failure(container) is { } failure ? (ConnectorPhase.Failed, failure)
            : (ConnectorPhase.Starting, (string?)null);
        return new ConnectorStatus
        {
            Deployment = deployment,
            Phase = phase,
            Since = before?.Phase == phase && before.Since is { } since ? since : now,
            Restarts = container?.RestartCount ?? 0,
            Message = message,
        };
    }

    /// <summary>Why the container is not running as it should, or null: its run failed, or it cannot start at all.</summary>
    private static string? Failure(V1ContainerStatus? container)
    {
        if (container is null)
        {
            return null;
        }

        if (container.State?.Terminated is { ExitCode: not 0 } ended)
        {
            return Ended(ended);
        }

        if (container.State?.Waiting is { Reason: { } reason } waiting && reason != "ContainerCreating" && reason != "PodInitializing")
        {
            // CrashLoopBackOff waits after a failed run, which says why; the others (an image that cannot be pulled) say it themselves.
            return reason == "CrashLoopBackOff" && container.LastState?.Terminated is { } last
                ? Ended(last)
                : Cut($"{reason}: {waiting.Message}".TrimEnd(':', ' '));
        }

        // Started again after a failure, and not yet ready: still that failure.
        return container.RestartCount > 0 && container.LastState?.Terminated is { ExitCode: not 0 } previous ? Ended(previous) : null;
    }

    private static string Ended(V1ContainerStateTerminated ended) =>
        ErrorLine(ended.Message) is { } line ? Cut(line) : $"the connector exited with code {ended.ExitCode} ({ended.Reason ?? "Error"})";

    /// <summary>
    /// The error a failed run ended with, from its termination message (its last log lines): the last entry logged as
    /// an error ("Connector failed: …"), or else the last line. A JSON log line gives its message; a plain one logged
    /// as "fail: category" gives the indented line under it.
    /// </summary>
    public static string? ErrorLine(string? terminationMessage)
    {
        var lines = (terminationMessage ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Trim().Length > 0).ToList();
        var entries = lines.Select((line, i) => Parse(line, i + 1 < lines.Count ? lines[i + 1] : null)).ToList();
        return entries.LastOrDefault(e => e.IsError).Text ?? entries.LastOrDefault().Text;
    }

    private static (string? Text, bool IsError) Parse(string line, string? next)
    {
        var text = line.Trim();
        if (text.StartsWith('{'))
        {
            try
            {
                using var json = JsonDocument.Parse(text);
                if (json.RootElement.TryGetProperty("Message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    var level = json.RootElement.TryGetProperty("LogLevel", out var l) ? l.GetString() : null;
                    return (message.GetString(), level is "Error" or "Critical");
                }
            }
            catch (JsonException)
            {
                // Not a log entry of ours: the line as it is.
            }
        }

        var isError = text.StartsWith("fail:", StringComparison.Ordinal) || text.StartsWith("crit:", StringComparison.Ordinal);
        return isError && next is not null && char.IsWhiteSpace(next[0]) ? (next.Trim(), true) : (text, isError);
    }

    private static string Cut(string text) => text.Length <= MaxMessageLength ? text : text[..(MaxMessageLength - 1)] + "…";
}
