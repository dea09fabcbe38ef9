using System.CommandLine;
using Airwave.Configuration;
using Airwave.Connector.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var config = new Option<FileInfo?>("--config")
{
    Description = "A JSON settings file (section Connector); AIRWAVE_-prefixed environment variables override it.",
};
var root = new RootCommand("Airwave's meeting connector: joins a meeting page in a headless browser and pushes it over RTMP(S).")
{
    config,
};
root.SetAction(async (parse, cancellationToken) =>
{
    WebApplication app;
    try
    {
        app = ConnectorHost.Build(parse.GetValue(config)?.FullName);
    }
    catch (SettingException e)
    {
        // One line where `kubectl logs` shows it.
        await Console.Error.WriteLineAsync($"airwave-connector: invalid setting: {e.Message}");
        return 2;
    }

    await using (app)
    {
        await app.StartAsync(cancellationToken);
        await app.WaitForShutdownAsync(cancellationToken);
        return app.Services.GetRequiredService<ConnectorState>().ExitCode;
    }
});
return await root.Parse(args).InvokeAsync();
