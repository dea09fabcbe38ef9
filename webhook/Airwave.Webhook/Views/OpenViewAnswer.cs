namespace Airwave.Webhook.Views;

/// <summary>What opening a view answers: its id, the session it counts in, how often to beat, and where its events and CMCD go.</summary>
public sealed record OpenViewAnswer(string ViewId, string SessionId, double HeartbeatSeconds, double IdleTimeoutSeconds, string EventsUrl, string CmcdUrl);
