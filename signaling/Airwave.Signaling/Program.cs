using System.CommandLine;
using System.Data.Common;
using Airwave.Configuration;
using Airwave.Signaling.Hosting;
using Microsoft.Extensions.Hosting;

var config = new Option<FileInfo?>("--config")
{
    Description = "A JSON settings file (section Signaling); AIRWAVE_-prefixed environment variables override it.",
};
var root = new RootCommand("Airwave's signaling service: lets the pages of any number of websites broadcast a camera to their visitors over WebRTC.")
{
    config,
};
root.SetAction(async (parse, cancellationToken) =>
{
    try
    {
        await using var app = SignalingHost.Build(parse.GetValue(config)?.FullName);
        await SignalingHost.StartAsync(app, cancellationToken);
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }
    catch (SettingException e)
    {
        // One line where `kubectl logs` shows it.
        await Console.Error.WriteLineAsync($"airwave-signaling: invalid setting: {e.Message}");
        return 2;
    }
    catch (DbException e)
    {
        await Console.Error.WriteLineAsync($"airwave-signaling: the database cannot be used: {e.Message}");
        return 1;
    }
});
return await root.Parse(args).InvokeAsync();
