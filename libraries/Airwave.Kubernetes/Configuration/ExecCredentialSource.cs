using System.Diagnostics;
using System.Text.Json;
using Airwave.Kubernetes.Serialization;

namespace Airwave.Kubernetes.Configuration;

/// <summary>
/// Runs a kubeconfig exec plugin for tokens and keeps each token until shortly before its
/// expirationTimestamp, so no request goes out with a token about to expire.
/// </summary>
public sealed class ExecCredentialSource(ExecConfig config, TimeProvider? timeProvider = null) : IAccessTokenSource, IDisposable
{
    private static readonly TimeSpan MaxRefreshMargin = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile CachedToken? _cached;

    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } cached && !cached.NeedsRefresh(_time.GetUtcNow()))
        {
            return cached.Token;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have refreshed while this one waited.
            if (_cached is { } fresh && !fresh.NeedsRefresh(_time.GetUtcNow()))
            {
                return fresh.Token;
            }

            var fetchedAt = _time.GetUtcNow();
            var status = await RunPluginAsync(cancellationToken);
            var token = status.Token ?? throw new InvalidOperationException($"exec plugin {config.Command} returned no status.token");
            _cached = new CachedToken(token, RefreshAt(fetchedAt, status.ExpirationTimestamp));
            return token;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Invalidate() => _cached = null;

    public void Dispose() => _refresh.Dispose();

    /// <summary>
    /// A minute before expiry (EKS tokens live 15 minutes), or half-way for tokens that live
    /// less than two minutes, so a short-lived token is still used more than once.
    /// </summary>
    private static DateTimeOffset? RefreshAt(DateTimeOffset fetchedAt, DateTimeOffset? expiresAt)
    {
        if (expiresAt is not { } expiry)
        {
            return null;
        }

        var lifetime = expiry - fetchedAt;
        var margin = lifetime / 2 < MaxRefreshMargin ? lifetime / 2 : MaxRefreshMargin;
        return expiry - margin;
    }

    private async Task<ExecCredentialStatus> RunPluginAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(config.Command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in config.Args ?? [])
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var variable in config.Env ?? [])
        {
            start.Environment[variable.Name] = variable.Value;
        }

        start.Environment["KUBERNETES_EXEC_INFO"] =
            $$$"""{"apiVersion":"{{{config.ApiVersion}}}","kind":"ExecCredential","spec":{"interactive":false}}""";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"exec plugin {config.Command} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            var hint = config.InstallHint is { Length: > 0 } h ? $" {h}" : string.Empty;
            throw new InvalidOperationException($"exec plugin {config.Command} could not be started: {e.Message}.{hint}", e);
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var output = await stdout;
            var errors = await stderr;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"exec plugin {config.Command} exited with {process.ExitCode}: {errors.Trim()}");
            }

            ExecCredential? credential;
            try
            {
                credential = JsonSerializer.Deserialize(output, KubernetesJsonContext.Default.ExecCredential);
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"exec plugin {config.Command} printed something that is not an ExecCredential: {e.Message}", e);
            }

            return credential?.Status ?? throw new InvalidOperationException($"exec plugin {config.Command} printed an ExecCredential without status");
        }
    }

    private sealed record CachedToken(string Token, DateTimeOffset? RefreshAt)
    {
        public bool NeedsRefresh(DateTimeOffset now) => RefreshAt is { } at && now >= at;
    }
}
