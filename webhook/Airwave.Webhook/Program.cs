using System.CommandLine;
using Airwave.Configuration;
using Airwave.Webhook.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

var kubeconfig = new Option<FileInfo?>("--kubeconfig")
{
    Description = "The kubeconfig to use; by default the in-cluster service account, else $KUBECONFIG or ~/.kube/config.",
};
var config = new Option<FileInfo?>("--config")
{
    Description = "A JSON settings file (section Webhook); AIRWAVE_-prefixed environment variables override it.",
};
var root = new RootCommand("Airwave's webhook service: receives provider callbacks (Mux) and has the operator act on them at once.")
{
    kubeconfig,
    config,
};
root.SetAction(async (parse, cancellationToken) =>
{
    WebApplication app;
    try
    {
        app = WebhookHost.Build(parse.GetValue(config)?.FullName, builder =>
        {
            if (parse.GetValue(kubeconfig) is { } path)
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Kubernetes:Kubeconfig"] = path.FullName });
            }
        });
    }
    catch (SettingException e)
    {
        // One line where `kubectl logs` shows it.
        await Console.Error.WriteLineAsync($"airwave-webhook: invalid setting: {e.Message}");
        return 2;
    }

    await using (app)
    {
        await app.StartAsync(cancellationToken);
        await app.WaitForShutdownAsync(cancellationToken);
    }

    return 0;
});
return await root.Parse(args).InvokeAsync();
