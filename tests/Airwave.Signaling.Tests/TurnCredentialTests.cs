namespace Airwave.Signaling.Tests;

/// <summary>The TURN credentials pages get in their welcome, tried on a real TURN server (coturn) that shares the service's secret.</summary>
public sealed class TurnCredentialTests : IAsyncLifetime
{
    private const string TurnSecret = "turn-shared-secret-for-tests";
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("airwave-turn-");
    private CoturnServer _coturn = null!;

    public async Task InitializeAsync() => _coturn = await CoturnServer.StartAsync(TurnSecret);

    public async Task DisposeAsync()
    {
        await _coturn.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task A_pages_credential_opens_a_relay_and_one_changed_by_the_page_does_not()
    {
        await using var server = await StartAsync();
        var (username, credential) = await CredentialAsync(server);

        var relayed = await _coturn.RelayAsync(username, credential);
        var forged = await _coturn.RelayAsync(username.Replace(":alice", ":mallory", StringComparison.Ordinal), credential);

        Assert.True(relayed.ExitCode == 0, relayed.ToString());
        Assert.Contains("Total lost packets 0", relayed.ToString(), StringComparison.Ordinal);
        Assert.NotEqual(0, forged.ExitCode);
        Assert.Contains("Cannot complete Allocation", forged.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_credential_past_its_lifetime_is_refused()
    {
        // The service's clock two hours back: a credential valid for one hour expired an hour ago.
        await using var server = await StartAsync(new ManualTimeProvider(DateTimeOffset.UtcNow.AddHours(-2)));
        var (username, credential) = await CredentialAsync(server);

        var result = await _coturn.RelayAsync(username, credential);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Cannot complete Allocation", result.ToString(), StringComparison.Ordinal);
    }

    private Task<SignalingServer> StartAsync(TimeProvider? clock = null) =>
        SignalingServer.StartAsync(_folder.FullName, clock: clock, settings: new Dictionary<string, string?>
        {
            ["Signaling:Ice:TurnUrls:0"] = _coturn.Url,
            ["Signaling:Ice:TurnCredentialLifetime"] = "01:00:00",
            ["SIGNALING_TURN_SECRET"] = TurnSecret,
        });

    private static async Task<(string Username, string Credential)> CredentialAsync(SignalingServer server)
    {
        var site = await TestSite.CreateAsync(server);
        var (page, welcome) = await PageSocket.HelloAsync(server, site, "broadcaster", "alice");
        await using var _ = page;
        var turn = welcome["iceServers"]!.AsArray().Single(s => ((string?)s!["urls"]![0])!.StartsWith("turn:", StringComparison.Ordinal))!;
        return ((string)turn["username"]!, (string)turn["credential"]!);
    }
}
