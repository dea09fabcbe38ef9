using Airwave.Events.Views;
using Airwave.Signaling.Broadcasts;

namespace Airwave.Signaling.Viewing;

/// <summary>
/// One viewer's view of a broadcast through the embed script, held by the connection of the viewer's page. Its
/// session is the watch request: a page that comes back to the same broadcast opens a new view in the same session.
/// </summary>
public sealed class BroadcastView(string id, ViewerRequest request, BroadcastSession broadcast, string? userAgent, string? ipAddress, DateTimeOffset openedAt)
{
    public string Id => id;

    public ViewerRequest Request => request;

    public BroadcastSession Broadcast => broadcast;

    public string? UserAgent => userAgent;

    public string? IpAddress => ipAddress;

    public PlaybackAccount Account { get; } = new(openedAt);
}
