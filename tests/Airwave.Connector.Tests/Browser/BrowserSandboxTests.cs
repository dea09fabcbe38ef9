using Airwave.Connector.Browser;

namespace Airwave.Connector.Tests.Browser;

/// <summary>
/// Chromium runs sandboxed unless the pod cannot give it what its sandbox needs, and then the connector says why:
/// a non-root user, and user namespaces, which util-linux's unshare tries to create as Chromium would.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BrowserSandboxTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("airwave-browser-sandbox-");

    [Fact]
    public async Task A_user_that_may_create_user_namespaces_gets_the_sandbox()
    {
        var unshare = Script("unshare-allowed", "exit 0");

        Assert.Null(await BrowserSandbox.UnavailableBecauseAsync(unshare, asRoot: false, CancellationToken.None));
    }

    [Fact]
    public async Task A_pod_whose_seccomp_profile_refuses_user_namespaces_runs_the_browser_without_it_saying_why()
    {
        var unshare = Script("unshare-refused", "echo 'unshare: unshare failed: Operation not permitted' >&2; exit 1");

        var reason = await BrowserSandbox.UnavailableBecauseAsync(unshare, asRoot: false, CancellationToken.None);

        Assert.Equal("this pod may not create user namespaces (unshare: unshare failed: Operation not permitted)", reason);
    }

    [Fact]
    public async Task Root_or_no_unshare_to_ask_is_no_sandbox_either()
    {
        var allowed = Script("unshare-allowed", "exit 0");
        var missing = Path.Combine(_work.FullName, "no-unshare");

        Assert.Equal("the connector runs as root, and Chromium's sandbox does not run as root", await BrowserSandbox.UnavailableBecauseAsync(allowed, asRoot: true, CancellationToken.None));
        Assert.Equal($"{missing} is missing, so whether this pod may create user namespaces cannot be told", await BrowserSandbox.UnavailableBecauseAsync(missing, asRoot: false, CancellationToken.None));
    }

    /// <summary>A stand-in for unshare that answers as <paramref name="body"/> says.</summary>
    private string Script(string name, string body)
    {
        var path = Path.Combine(_work.FullName, name);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        return path;
    }

    public void Dispose() => _work.Delete(recursive: true);
}
