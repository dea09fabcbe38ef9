namespace Airwave.Hosting.Tokens;

/// <summary>
/// The header with which the signaling service tells a WebRtc stream's SFU pod, in a new WHEP session it opens with
/// the stream's broadcast key, that the viewer presented a grant or viewer token it checked and took. A pod of a
/// private stream opens no session without it; the service never passes on a header of this name from a client.
/// </summary>
public static class ViewerGrantHeader
{
    public const string Name = "Airwave-Viewer-Grant";

    public const string Taken = "taken";
}
