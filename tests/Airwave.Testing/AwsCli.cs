using System.Diagnostics;

namespace Airwave.Testing;

/// <summary>
/// Runs the real AWS CLI v2 (Debian's awscli, /usr/bin/aws) against an endpoint (the sandbox's emulator) with the
/// given credentials, isolated from any configuration or credentials on the machine.
/// </summary>
public sealed class AwsCli : IDisposable
{
    private const string Executable = "/usr/bin/aws";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly Uri _endpoint;
    private readonly string _accessKeyId;
    private readonly string _secretAccessKey;
    private readonly string? _sessionToken;
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("airwave-aws-cli-");

    /// <param name="sessionToken">With temporary credentials (STS's): their session token.</param>
    public AwsCli(Uri endpoint, string accessKeyId, string secretAccessKey, string? sessionToken = null)
    {
        _endpoint = endpoint;
        _accessKeyId = accessKeyId;
        _secretAccessKey = secretAccessKey;
        _sessionToken = sessionToken;
        File.WriteAllText(Path.Combine(_home.FullName, "config"), "");
        File.WriteAllText(Path.Combine(_home.FullName, "credentials"), "");
    }

    /// <summary>A path in the CLI's private directory, for files it reads or writes.</summary>
    public string PathOf(string name) => Path.Combine(_home.FullName, name);

    /// <summary>Writes a file the CLI can read with <c>file://</c>.</summary>
    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(_home.FullName, name);
        File.WriteAllText(path, content);
        return $"file://{path}";
    }

    public async Task<AwsCliResult> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["HOME"] = _home.FullName;
        start.Environment["AWS_ACCESS_KEY_ID"] = _accessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = _secretAccessKey;
        if (_sessionToken is not null)
        {
            start.Environment["AWS_SESSION_TOKEN"] = _sessionToken;
        }

        start.Environment["AWS_CONFIG_FILE"] = Path.Combine(_home.FullName, "config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_home.FullName, "credentials");
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_PAGER"] = "";
        foreach (var argument in arguments.Concat(["--endpoint-url", _endpoint.ToString().TrimEnd('/'), "--region", "us-east-1", "--output", "json", "--no-cli-pager"]))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the AWS CLI.");
        using var timeout = new CancellationTokenSource(Timeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"aws {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }
        return new AwsCliResult(process.ExitCode, await output, await error);
    }

    public void Dispose() => _home.Delete(recursive: true);
}
