using Microsoft.Playwright;

namespace Airwave.Signaling.Tests.Browser;

/// <summary>
/// Debian's Firefox ESR, driven by Playwright over WebDriver BiDi, with its fake camera and microphone, in the rig's
/// network namespace. Playwright reaches Firefox over a loopback WebSocket, which only works from inside the same
/// namespace, so Playwright's driver itself runs there (PLAYWRIGHT_NODEJS_PATH names a script that starts it there);
/// the test talks to the driver through its pipes.
/// </summary>
public sealed class FirefoxRig : BrowserRig
{
    protected override Task<IPlaywright> CreatePlaywrightAsync(NetworkNamespace network, DirectoryInfo folder) => FirefoxBrowser.CreatePlaywrightAsync(network, folder);

    protected override Task<IBrowser> LaunchAsync(IPlaywright playwright, DirectoryInfo folder) => FirefoxBrowser.LaunchAsync(playwright, HostAddress);
}

/// <summary>Launching Firefox for a rig: its Playwright driver inside the rig's namespace, and the browser.</summary>
public static class FirefoxBrowser
{
    public const string Executable = "/usr/bin/firefox-esr";
    private const string NodeVariable = "PLAYWRIGHT_NODEJS_PATH";

    public static async Task<IPlaywright> CreatePlaywrightAsync(NetworkNamespace network, DirectoryInfo folder)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(folder);
        var node = Path.Combine(AppContext.BaseDirectory, ".playwright", "node", "linux-x64", "node");
        var launcher = Path.Combine(folder.FullName, "playwright-driver-in-namespace");
        await File.WriteAllTextAsync(launcher, $"#!/bin/sh\nexec ip netns exec {network.Name} \"{node}\" \"$@\"\n");
        Assert.Equal(0, (await ProcessRunner.RunAsync("chmod", ["700", launcher], TimeSpan.FromSeconds(10))).ExitCode);
        Environment.SetEnvironmentVariable(NodeVariable, launcher);
        try
        {
            return await Playwright.CreateAsync();
        }
        finally
        {
            Environment.SetEnvironmentVariable(NodeVariable, null);
        }
    }

    /// <param name="hostAddress">The rig's address of the site, which Firefox is to treat as a secure context.</param>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, string hostAddress)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        return playwright.Firefox.LaunchAsync(new BrowserTypeLaunchOptions
        {
            // "moz-" channels drive an unmodified Firefox over WebDriver BiDi.
            Channel = "moz-firefox",
            ExecutablePath = Executable,
            Headless = true,
            Timeout = 60_000,
            FirefoxUserPrefs = new Dictionary<string, object>
            {
                ["media.navigator.streams.fake"] = true,
                ["media.navigator.permission.disabled"] = true,
                // The site is served over plain HTTP on the veth address; cameras are for secure contexts only.
                ["dom.securecontext.allowlist"] = hostAddress,
                // Candidates as addresses rather than .local names: there is no mDNS responder in the namespace.
                ["media.peerconnection.ice.obfuscate_host_addresses"] = false,
            },
        });
    }
}
