using System.CommandLine;
using Airwave.Operator.Hosting;
using Microsoft.Extensions.Configuration;

namespace Airwave.Operator.Commands;

/// <summary>`airwave-operator run`: reconcile Airwave resources until stopped.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var kubeconfig = HostedProcess.KubeconfigOption();
        var config = new Option<FileInfo?>("--config")
        {
            Description = "A JSON settings file (sections Operator, Aws, Mux, LeaderElection); AIRWAVE_-prefixed environment variables override it.",
        };
        var urls = HostedProcess.UrlsOption();
        var command = new Command("run", "Run the operator: reconcile LiveStreams against AWS and VideoAssets against Mux until stopped.") { kubeconfig, config, urls };
        command.SetAction((parse, cancellationToken) => HostedProcess.RunAsync(
            () => OperatorHost.Build(
                parse.GetValue(config)?.FullName,
                builder => builder.Configuration.AddInMemoryCollection(HostedProcess.Settings(parse, kubeconfig, urls))),
            cancellationToken));
        return command;
    }
}
