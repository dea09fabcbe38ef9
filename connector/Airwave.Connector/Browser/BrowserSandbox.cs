using System.Diagnostics;

namespace Airwave.Connector.Browser;

/// <summary>
/// Whether Chromium can use its own sandbox in this pod, which keeps a meeting page's renderer from the rest of the
/// pod: it needs a user other than root (Chromium refuses to sandbox as root) and user namespaces the process may
/// create, which the kernel's settings can turn off and a seccomp or AppArmor profile can refuse. Where it cannot,
/// the browser runs without it and the pod's own restrictions are the only wall.
/// </summary>
public static class BrowserSandbox
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Why the sandbox cannot be used here; null when it can.</summary>
    /// <param name="unsharePath">util-linux's unshare, which tries what Chromium's sandbox does first: a new user namespace.</param>
    /// <param name="asRoot">Whether the connector runs as root (<see cref="Environment.IsPrivilegedProcess"/>).</param>
    public static async Task<string?> UnavailableBecauseAsync(string unsharePath, bool asRoot, CancellationToken cancellationToken)
    {
        if (asRoot)
        {
            return "the connector runs as root, and Chromium's sandbox does not run as root";
        }

        try
        {
            using var probe = Process.Start(new ProcessStartInfo(unsharePath, ["--user", "true"]) { RedirectStandardError = true, UseShellExecute = false })!;
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            patience.CancelAfter(ProbeTimeout);
            var said = probe.StandardError.ReadToEndAsync(patience.Token);
            await probe.WaitForExitAsync(patience.Token);
            return probe.ExitCode == 0 ? null : $"this pod may not create user namespaces ({(await said).Trim()})";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return $"{unsharePath} is missing, so whether this pod may create user namespaces cannot be told";
        }
    }
}
