using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Connector.Browser;

namespace Airwave.Connector.Meeting;

/// <summary>
/// The browser tab the meeting is joined in: loads the meeting page and checks it loaded (a network error or an HTTP
/// error status means the meeting cannot be joined); then tells whether the page says the meeting has ended.
/// </summary>
public sealed class MeetingTab
{
    // Page: loads and navigations; Runtime: evaluating; Inspector: a crashed page.
    private static readonly string[] Domains = ["Page.enable", "Runtime.enable", "Inspector.enable"];

    private readonly DevTools _devTools;

    private MeetingTab(DevTools devTools, string sessionId, string frameId)
    {
        _devTools = devTools;
        SessionId = sessionId;
        FrameId = frameId;
    }

    /// <summary>The tab's DevTools session: its events carry it.</summary>
    public string SessionId { get; }

    /// <summary>The tab's main frame: it navigating elsewhere means the meeting page was left.</summary>
    public string FrameId { get; }

    /// <summary>Loads the meeting page in the browser's tab and checks that it loaded.</summary>
    public static async Task<MeetingTab> OpenAsync(DevTools devTools, Uri meeting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(devTools);
        ArgumentNullException.ThrowIfNull(meeting);
        // The window's one tab (about:blank, full screen), not a new one: the display shows it.
        var targets = await devTools.SendAsync("Target.getTargets", cancellationToken: cancellationToken);
        var page = targets["targetInfos"]?.AsArray().FirstOrDefault(t => (string?)t?["type"] == "page")
            ?? throw new MeetingException("the browser has no tab to load the meeting page in");
        var attached = await devTools.SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = (string?)page["targetId"], ["flatten"] = true }, cancellationToken: cancellationToken);
        var session = (string)attached["sessionId"]!;
        foreach (var method in Domains)
        {
            await devTools.SendAsync(method, sessionId: session, cancellationToken: cancellationToken);
        }

        var navigated = await devTools.SendAsync("Page.navigate", new JsonObject { ["url"] = meeting.ToString() }, session, cancellationToken);
        if ((string?)navigated["errorText"] is { Length: > 0 } error)
        {
            throw new MeetingException($"the meeting page did not load: {error}");
        }

        await WaitForLoadAsync(devTools, session, cancellationToken);
        var tab = new MeetingTab(devTools, session, (string)navigated["frameId"]!);
        var status = await tab.EvaluateAsync("performance.getEntriesByType('navigation')[0]?.responseStatus ?? 0", cancellationToken);
        return (int?)status is >= 400 and var code
            ? throw new MeetingException($"the meeting page answered HTTP {code.ToString(CultureInfo.InvariantCulture)}")
            : tab;
    }

    /// <summary>Whether the page shows an element <paramref name="endedSelector"/> matches: the meeting has ended.</summary>
    public async Task<bool> HasEndedAsync(string endedSelector, CancellationToken cancellationToken) =>
        endedSelector.Length > 0
        && (bool?)await EvaluateAsync($"document.querySelector({JsonValue.Create(endedSelector).ToJsonString()}) !== null", cancellationToken) == true;

    private async Task<JsonNode?> EvaluateAsync(string expression, CancellationToken cancellationToken)
    {
        var result = await _devTools.SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true }, SessionId, cancellationToken);
        if (result["exceptionDetails"] is JsonObject exception)
        {
            var description = (string?)exception["exception"]?["description"] ?? (string?)exception["text"] ?? "an error";
            throw new MeetingException($"the meeting page cannot be read: {description.Split('\n')[0]}");
        }

        return result["result"]?["value"];
    }

    private static async Task WaitForLoadAsync(DevTools devTools, string session, CancellationToken cancellationToken)
    {
        while (await devTools.Events.WaitToReadAsync(cancellationToken))
        {
            while (devTools.Events.TryRead(out var e))
            {
                if (e.SessionId == session && e.Method == "Page.loadEventFired")
                {
                    return;
                }
            }
        }

        throw new MeetingException("the browser went away while the meeting page loaded");
    }
}
