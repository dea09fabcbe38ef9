namespace Airwave.Sandbox.Mux;

/// <summary>How the Mux emulator listens and whom it lets in.</summary>
public sealed record MuxEmulatorOptions
{
    /// <summary>Port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>The access token the emulator accepts (HTTP Basic: id as the user, secret as the password).</summary>
    public string TokenId { get; init; } = "airwave-sandbox-mux-token";

    public string TokenSecret { get; init; } = "airwave-sandbox-mux-secret";

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where the account's events are delivered (loopback URLs), as the webhooks of a Mux environment.</summary>
    public IReadOnlyList<Uri> WebhookUrls { get; init; } = [];

    /// <summary>The secret webhook signatures (Mux-Signature) are made with.</summary>
    public string WebhookSecret { get; init; } = "airwave-sandbox-mux-webhook-secret";

    /// <summary>Where uploaded and fetched files are kept while the emulator runs; deleted when it stops.</summary>
    public string MediaDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "airwave-sandbox-mux", Guid.NewGuid().ToString("N"));
}
