using System.CommandLine;
using Airwave.Operator.Hosting;
using Airwave.Operator.NamespaceAccess;
using Microsoft.Extensions.Configuration;

namespace Airwave.Operator.Commands;

/// <summary>
/// `airwave-operator namespace-access`: grant the operator its writes in each namespace that holds Airwave objects,
/// and only there, until stopped.
/// </summary>
public static class NamespaceAccessCommand
{
    public static Command Create()
    {
        var kubeconfig = HostedProcess.KubeconfigOption();
        var urls = HostedProcess.UrlsOption();
        var clusterRole = new Option<string>("--cluster-role") { Description = "The ClusterRole with the operator's writes in a namespace.", Required = true };
        var binding = new Option<string>("--binding-name") { Description = "The name of the RoleBinding made in each namespace.", Required = true };
        var serviceAccount = new Option<string>("--service-account")
        {
            Description = "The operator's ServiceAccount, as NAMESPACE/NAME.",
            Required = true,
        };
        var command = new Command(
            "namespace-access",
            "Bind the operator's namespace ClusterRole in each namespace that holds a LiveStream, VideoAsset or ArchiveSplit, and unbind it once none is left.")
        {
            kubeconfig, urls, clusterRole, binding, serviceAccount,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(serviceAccount) is { } value && value.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
            {
                result.AddError($"--service-account {value}: expected NAMESPACE/NAME, such as airwave/airwave");
            }
        });
        command.SetAction((parse, cancellationToken) =>
        {
            var account = parse.GetValue(serviceAccount)!.Split('/', 2);
            var settings = HostedProcess.Settings(parse, kubeconfig, urls);
            settings["NamespaceAccess:ClusterRole"] = parse.GetValue(clusterRole);
            settings["NamespaceAccess:BindingName"] = parse.GetValue(binding);
            settings["NamespaceAccess:ServiceAccountNamespace"] = account[0];
            settings["NamespaceAccess:ServiceAccountName"] = account[1];
            return HostedProcess.RunAsync(
                () => OperatorHost.Build(configure: builder => builder.Configuration.AddInMemoryCollection(settings), compose: NamespaceAccessServices.AddNamespaceAccess),
                cancellationToken);
        });
        return command;
    }
}
