using Airwave.Api.LiveStreams;

namespace Airwave.Api.Validation;

/// <summary>
/// The hosts whose pages a Chime stream's meeting connector may open (the operator's connector.allowedMeetingHosts).
/// The connector renders the page and broadcasts what it shows, so a page the cluster can reach and the tenant
/// cannot (a dashboard, a service, the cloud's metadata address) must not be one: only the hosts listed are.
/// </summary>
/// <param name="AllowedHosts">Host names, or <c>*.example.com</c> for every host under example.com.</param>
public sealed record MeetingHostPolicy(IReadOnlyList<string> AllowedHosts)
{
    /// <summary>Amazon Chime's meeting pages, when the installation names no hosts.</summary>
    public static readonly IReadOnlyList<string> ChimeMeetingHosts = ["*.chime.aws"];

    public static MeetingHostPolicy For(IReadOnlyList<string>? configured) => new(configured ?? ChimeMeetingHosts);

    /// <summary>Whether a setting is a host name or a <c>*.</c> pattern of one (no scheme, port, path or wildcard elsewhere).</summary>
    public static bool IsValidPattern(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var host = pattern.StartsWith("*.", StringComparison.Ordinal) ? pattern[2..] : pattern;
        return host.Length > 0 && Uri.CheckHostName(host) != UriHostNameType.Unknown && !host.Contains('*', StringComparison.Ordinal);
    }

    public bool Allows(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return AllowedHosts.Any(pattern => pattern.StartsWith("*.", StringComparison.Ordinal)
            ? host.Length > pattern.Length - 1 && host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A Chime stream's meeting on a host the connector may not open; null for any other stream.</summary>
    public FieldError? CheckMeeting(LiveStreamSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Source is not { Type: SourceType.Chime, Chime.MeetingUrl: { } url } || !Uri.TryCreate(url, UriKind.Absolute, out var meeting))
        {
            return null;
        }

        return Allows(meeting.IdnHost)
            ? null
            : FieldError.Invalid("spec.source.chime.meetingUrl", url, $"the meeting connector opens pages only on the hosts this installation allows ({string.Join(", ", AllowedHosts)}); ask the operator's administrators to add {meeting.IdnHost} to connector.allowedMeetingHosts if it serves your meetings");
    }
}
