using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Configuration;
using Airwave.Sfu.Configuration;
using Airwave.Sfu.Hosting;
using Airwave.Sfu.Supervision;
using Airwave.Testing.Sfu;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Airwave.Sfu.Tests;

/// <summary>
/// What an SFU pod's process does with the machine's janus: the engine configured from the settings (VideoRoom and the
/// HTTP transport alone, the admin API on loopback), ready once it answers, its load in /metrics, stopped on SIGTERM,
/// and the pod failing loudly when the engine cannot run.
/// </summary>
public sealed class SfuPodProcessTests
{
    [Fact]
    public async Task The_engine_runs_the_videoroom_plugin_alone_and_becomes_ready()
    {
        await using var sfu = await SfuProcess.StartAsync(new Dictionary<string, string?> { ["Sfu:MediaPorts"] = "41000-41019" });
        await sfu.WaitReadyAsync();

        var info = await sfu.JanusAsync("", new JsonObject { ["janus"] = "info" });

        Assert.Equal(["janus.plugin.videoroom"], (info["plugins"] as JsonObject)!.Select(p => p.Key));
        Assert.Equal(["janus.transport.http"], (info["transports"] as JsonObject)!.Select(p => p.Key));
        Assert.Equal("airwave-sfu", (string?)info["server-name"]);
        using var health = await sfu.Management.GetAsync(new Uri("healthz", UriKind.Relative));
        Assert.True(health.IsSuccessStatusCode);
    }

    [Fact]
    public async Task The_engines_apis_listen_on_loopback_alone_while_the_pods_api_listens_where_the_pod_is_reached()
    {
        await using var sfu = await SfuProcess.StartAsync(new Dictionary<string, string?> { ["Sfu:MediaPorts"] = "41020-41039", ["Sfu:BindAddress"] = "0.0.0.0" });
        await sfu.WaitReadyAsync();

        // Listening sockets, as the kernel lists them: no traffic leaves the machine.
        var listening = await ProcessRunner.RunAsync("ss", ["-Hltn"], TimeSpan.FromSeconds(10));
        var local = listening.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3]).ToList();

        foreach (var port in new[] { sfu.AdminPort, sfu.EnginePort }.Select(p => p.ToString(CultureInfo.InvariantCulture)))
        {
            Assert.Contains($"127.0.0.1:{port}", local);
            Assert.DoesNotContain(local, address => address.EndsWith($":{port}", StringComparison.Ordinal) && !address.StartsWith("127.0.0.1:", StringComparison.Ordinal));
        }

        var api = sfu.ApiPort.ToString(CultureInfo.InvariantCulture);
        Assert.Contains(local, address => address == $"0.0.0.0:{api}" || address == $"*:{api}");
    }

    [Fact]
    public async Task Rooms_are_created_with_the_pods_room_admin_key_only_and_the_pods_clients_show_as_load()
    {
        await using var sfu = await SfuProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Sfu:MediaPorts"] = "41040-41059",
            [SfuSettings.RoomAdminKeyVariable] = "room-key-for-tests",
            [SfuSettings.PublishKeyVariable] = "publish-key-for-tests",
        });
        await sfu.WaitReadyAsync();
        var session = (long)(await sfu.JanusAsync("", new JsonObject { ["janus"] = "create" }))["data"]!["id"]!;
        var handle = (long)(await sfu.JanusAsync($"{session}", new JsonObject { ["janus"] = "attach", ["plugin"] = "janus.plugin.videoroom" }))["data"]!["id"]!;

        var refused = await sfu.JanusAsync($"{session}/{handle}", new JsonObject { ["janus"] = "message", ["body"] = new JsonObject { ["request"] = "create", ["room"] = 4242 } });
        var wrongKey = await sfu.JanusAsync($"{session}/{handle}", new JsonObject { ["janus"] = "message", ["body"] = new JsonObject { ["request"] = "create", ["room"] = 4242, ["admin_key"] = "guessed" } });
        var created = await sfu.JanusAsync($"{session}/{handle}", new JsonObject { ["janus"] = "message", ["body"] = new JsonObject { ["request"] = "create", ["room"] = 4242, ["admin_key"] = "room-key-for-tests" } });
        await using var publishing = WhipPublisher.Start(new Uri(sfu.Api.BaseAddress!, "whip"), "publish-key-for-tests");
        // The publisher is the pod's one client: the engine session this test opened beside the pod's API is no one's load.
        var metrics = await Eventually.MatchAsync(
            () => sfu.Management.GetStringAsync(new Uri("metrics", UriKind.Relative)),
            text => text.Contains("airwave_sfu_sessions 1", StringComparison.Ordinal) && text.Contains("airwave_sfu_handles 1", StringComparison.Ordinal),
            TimeSpan.FromSeconds(15),
            "the publisher's session and handle in /metrics");
        await publishing.StopAsync();

        Assert.NotNull(refused["plugindata"]!["data"]!["error_code"]);
        Assert.NotNull(wrongKey["plugindata"]!["data"]!["error_code"]);
        Assert.Equal("created", (string?)created["plugindata"]!["data"]!["videoroom"]);
        Assert.Contains("airwave_sfu_ready 1", metrics, StringComparison.Ordinal);
        Assert.Contains("airwave_sfu_publishing 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_the_pod_stops_the_engine()
    {
        var sfu = await SfuProcess.StartAsync(new Dictionary<string, string?> { ["Sfu:MediaPorts"] = "41060-41079" });
        await sfu.WaitReadyAsync();
        var engine = sfu.App.Services.GetServices<SupervisedProcess>().Single(c => c.Name == "janus");
        using var process = Process.GetProcessById(engine.ProcessId!.Value);

        await sfu.DisposeAsync();

        Assert.True(process.HasExited);
        Assert.Null(engine.FailedWith);
    }

    [Fact]
    public async Task An_engine_that_dies_ends_the_pods_process_with_a_failure()
    {
        await using var sfu = await SfuProcess.StartAsync(new Dictionary<string, string?> { ["Sfu:MediaPorts"] = "41080-41099" });
        await sfu.WaitReadyAsync();
        var engine = sfu.App.Services.GetServices<SupervisedProcess>().Single(c => c.Name == "janus");
        var stopping = sfu.App.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

        // The engine is this test's child's child: ended by its process id, as the kernel would on a crash.
        using (var process = Process.GetProcessById(engine.ProcessId!.Value))
        {
            process.Kill();
        }

        await Eventually.MatchAsync(() => stopping.IsCancellationRequested, stopped => stopped, TimeSpan.FromSeconds(15), "the pod's process stopping");
        Assert.NotNull(engine.FailedWith);
        Assert.NotEqual(0, engine.FailedWith);
    }

    [Fact]
    public async Task An_engine_that_cannot_start_ends_the_pods_process_with_a_failure()
    {
        var folder = Directory.CreateTempSubdirectory("airwave-sfu-missing-");
        await using var app = SfuHost.Build(configure: builder => Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(builder.Configuration, new Dictionary<string, string?>
        {
            ["Sfu:BindAddress"] = "127.0.0.1",
            ["Sfu:ManagementPort"] = Airwave.Sandbox.Aws.LoopbackPorts.Reserve().ToString(CultureInfo.InvariantCulture),
            ["Sfu:JanusPath"] = "/nonexistent/janus",
            ["Sfu:ConfigFolder"] = folder.FullName,
        }));
        var engine = app.Services.GetServices<SupervisedProcess>().Single(c => c.Name == "janus");
        var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

        try
        {
            await app.StartAsync();
        }
        catch (OperationCanceledException)
        {
            // The engine failed while the host was still starting, which stops it: as the pod's process does.
        }

        await Eventually.MatchAsync(() => stopping.IsCancellationRequested, stopped => stopped, TimeSpan.FromSeconds(15), "the pod's process stopping");
        Assert.Equal(1, engine.FailedWith);
        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task With_a_turn_secret_its_one_turn_port_relays_to_the_pod_itself_and_nowhere_else()
    {
        var turnPort = Airwave.Sandbox.Aws.LoopbackPorts.Reserve();
        await using var sfu = await SfuProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Sfu:MediaPorts"] = "41120-41139",
            ["Sfu:RelayPorts"] = "41140-41159",
            ["Sfu:TurnPort"] = turnPort.ToString(CultureInfo.InvariantCulture),
            ["Sfu:PodAddress"] = "127.0.0.1",
            [SfuSettings.TurnSecretVariable] = "turn-secret-for-tests",
        });
        await sfu.WaitReadyAsync();
        var (user, password) = TurnCredentials.For("turn-secret-for-tests");

        // A relay to the pod's own address (where the engine listens) carries packets; one to another address is refused.
        var itself = await ProcessRunner.RunAsync("/usr/bin/turnutils_uclient", ["-y", "-n", "3", "-m", "1", "-u", user, "-w", password, "-p", turnPort.ToString(CultureInfo.InvariantCulture), "127.0.0.1"], TimeSpan.FromSeconds(30));
        var elsewhere = await ProcessRunner.RunAsync("/usr/bin/turnutils_uclient", ["-e", "127.0.0.2", "-r", "5000", "-n", "3", "-m", "1", "-u", user, "-w", password, "-p", turnPort.ToString(CultureInfo.InvariantCulture), "127.0.0.1"], TimeSpan.FromSeconds(30));
        var forged = await ProcessRunner.RunAsync("/usr/bin/turnutils_uclient", ["-y", "-n", "3", "-m", "1", "-u", user, "-w", "not-the-password", "-p", turnPort.ToString(CultureInfo.InvariantCulture), "127.0.0.1"], TimeSpan.FromSeconds(30));

        Assert.True(itself.ExitCode == 0, itself.ToString());
        Assert.Contains("Total lost packets 0", itself.StandardOutput + itself.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, elsewhere.ExitCode);
        Assert.Contains("403 (Forbidden IP)", elsewhere.StandardOutput + elsewhere.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, forged.ExitCode);
        using var health = await sfu.Management.GetAsync(new Uri("healthz", UriKind.Relative));
        Assert.True(health.IsSuccessStatusCode);
        Assert.Contains(sfu.App.Services.GetServices<SupervisedProcess>(), c => c.Name == "turnserver" && c.IsRunning);
    }

    [Fact]
    public void With_a_turn_secret_and_no_pod_address_the_pod_says_what_is_missing()
    {
        var refused = Assert.Throws<SettingException>(() => SfuHost.Build(configure: builder => Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(builder.Configuration, new Dictionary<string, string?>
        {
            [SfuSettings.TurnSecretVariable] = "secret",
            ["Sfu:ConfigFolder"] = Path.Combine(Path.GetTempPath(), "airwave-sfu-refused"),
        })));

        Assert.Contains("Sfu:PodAddress is \"\": with SFU_TURN_SECRET set, the pod's own IP address is required", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_folder_that_cannot_be_written_is_refused_saying_to_mount_one()
    {
        var refused = Assert.Throws<SettingException>(() => SfuHost.Build(configure: builder => Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(builder.Configuration, new Dictionary<string, string?>
        {
            // Not writable for anyone, root included.
            ["Sfu:ConfigFolder"] = "/proc/airwave-sfu",
        })));

        Assert.Contains("Sfu:ConfigFolder /proc/airwave-sfu cannot be made", refused.Message, StringComparison.Ordinal);
        Assert.Contains("mount a writable volume there (an emptyDir)", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("40000")]
    [InlineData("50000-40000")]
    [InlineData("80-90")]
    public void A_media_port_range_that_is_not_one_is_refused_naming_the_setting(string ports)
    {
        var refused = Assert.Throws<SettingException>(() => SfuHost.Build(configure: builder => Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(builder.Configuration, new Dictionary<string, string?>
        {
            ["Sfu:MediaPorts"] = ports,
            ["Sfu:ConfigFolder"] = Path.Combine(Path.GetTempPath(), "airwave-sfu-refused"),
        })));

        Assert.Contains($"Sfu:MediaPorts is \"{ports}\"", refused.Message, StringComparison.Ordinal);
    }
}
