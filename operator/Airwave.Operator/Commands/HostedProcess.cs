using System.CommandLine;
using Airwave.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Airwave.Operator.Commands;

/// <summary>What the commands that run until stopped share: the Kubernetes and probe options, and the process's life.</summary>
internal static class HostedProcess
{
    public static Option<FileInfo?> KubeconfigOption() => new("--kubeconfig")
    {
        Description = "The kubeconfig to use; by default the in-cluster service account, else $KUBECONFIG or ~/.kube/config.",
    };

    public static Option<string> UrlsOption() => new("--urls")
    {
        Description = "Where the probe and metrics endpoints listen.",
        DefaultValueFactory = _ => "http://0.0.0.0:8080",
    };

    /// <summary>The settings the two options give, for the host's configuration.</summary>
    public static Dictionary<string, string?> Settings(ParseResult parse, Option<FileInfo?> kubeconfig, Option<string> urls)
    {
        var settings = new Dictionary<string, string?> { ["urls"] = parse.GetValue(urls) };
        if (parse.GetValue(kubeconfig) is { } path)
        {
            settings["Kubernetes:Kubeconfig"] = path.FullName;
        }

        return settings;
    }

    /// <summary>Builds the host and runs it until stopped; exit code 2 for an invalid setting.</summary>
    public static async Task<int> RunAsync(Func<WebApplication> build, CancellationToken cancellationToken)
    {
        WebApplication app;
        try
        {
            app = build();
        }
        catch (SettingException e)
        {
            // One line where `kubectl logs` shows it; a stack trace would bury which setting is wrong.
            await Console.Error.WriteLineAsync($"airwave-operator: invalid setting: {e.Message}");
            return 2;
        }

        await using (app)
        {
            await app.StartAsync(cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
        }

        return 0;
    }
}
