using System.CommandLine;
using Airwave.Configuration;
using Airwave.Sfu.Hosting;
using Airwave.Sfu.Supervision;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var config = new Option<FileInfo?>("--config")
{
    Description = "A JSON settings file (section Sfu); AIRWAVE_-prefixed environment variables override it.",
};
var root = new RootCommand("Airwave's SFU pod: runs the media engine that forwards one broadcaster's media to many viewers.")
{
    config,
};
root.SetAction(async (parse, cancellationToken) =>
{
    WebApplication app;
    try
    {
        app = SfuHost.Build(parse.GetValue(config)?.FullName);
    }
    catch (SettingException e)
    {
        // One line where `kubectl logs` shows it.
        await Console.Error.WriteLineAsync($"airwave-sfu: invalid setting: {e.Message}");
        return 2;
    }

    await using (app)
    {
        try
        {
            await app.StartAsync(cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A child that cannot start stops the host while it is still starting; its failure is the exit code.
        }

        return app.Services.GetServices<SupervisedProcess>().Select(c => c.FailedWith).FirstOrDefault(code => code is not null) ?? 0;
    }
});
return await root.Parse(args).InvokeAsync();
