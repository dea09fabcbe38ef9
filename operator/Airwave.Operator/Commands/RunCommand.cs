using System.CommandLine;
using Airwave.Configuration;
using Airwave.Operator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Airwave.Operator.Commands;

/// <summary>`airwave-operator run`: reconcile Airwave resources until stopped.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var kubeconfig = new Option<FileInfo?>("--kubeconfig")
        {
            Description = "The kubeconfig to use; by default the in-cluster service account, else $KUBECONFIG or ~/.kube/config.",
        };
        var config = new Option<FileInfo?>("--config")
        {
            Description = "A JSON settings file (sections Operator, Aws, Mux, LeaderElection); AIRWAVE_-prefixed environment variables override it.",
        };
        var urls = new Option<string>("--urls")
        {
            Description = "Where the probe endpoints listen.",
            DefaultValueFactory = _ => "http://0.0.0.0:8080",
        };
        var command = new Command("run", "Run the operator: reconcile LiveStreams against AWS and VideoAssets against Mux until stopped.") { kubeconfig, config, urls };
        command.SetAction(async (parse, cancellationToken) =>
        {
            WebApplication app;
            try
            {
                app = OperatorHost.Build(parse.GetValue(config)?.FullName, builder =>
                {
                    var settings = new Dictionary<string, string?> { ["urls"] = parse.GetValue(urls) };
                    if (parse.GetValue(kubeconfig) is { } path)
                    {
                        settings["Kubernetes:Kubeconfig"] = path.FullName;
                    }

                    builder.Configuration.AddInMemoryCollection(settings);
                });
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
        });
        return command;
    }
}
