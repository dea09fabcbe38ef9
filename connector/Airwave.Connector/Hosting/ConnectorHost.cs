using System.Net;
using Airwave.Configuration;
using Airwave.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Airwave.Connector.Hosting;

/// <summary>
/// A connector pod's process: reads the meeting URL and the push URL from its environment (the push URL from a
/// mounted Secret's file when so told), runs the <see cref="MeetingConnector"/>, and serves /healthz (the process
/// runs and has not failed) and /readyz (the meeting's media flows) on its port.
/// </summary>
public static class ConnectorHost
{
    /// <summary>
    /// Settings, lowest precedence first: the <paramref name="configFile"/> (JSON, section Connector), environment
    /// variables (CONNECTOR_* as they are, AIRWAVE_-prefixed ones such as AIRWAVE_Connector__JoinTimeout), then what
    /// <paramref name="configure"/> adds. A missing or bad value throws a <see cref="SettingException"/>.
    /// </summary>
    public static WebApplication Build(string? configFile = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = ServiceBuilder.Create(configFile, configure);
        var settings = Settings.Bind<ConnectorSettings>(builder.Configuration, "Connector");
        var meeting = Settings.GetUrl(builder.Configuration, ConnectorSettings.MeetingUrlVariable)
            ?? throw new SettingException($"{ConnectorSettings.MeetingUrlVariable} is not set: the connector needs the meeting page to join (an http or https URL)");
        var push = PushUrls(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Parse(settings.BindAddress), settings.Port));

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ConnectorState>();
        services.AddHostedService(sp => new MeetingConnector(
            settings,
            meeting,
            push,
            sp.GetRequiredService<ConnectorState>(),
            sp.GetRequiredService<IHostApplicationLifetime>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<MeetingConnector>>()));

        var app = builder.Build();
        app.MapGet("/healthz", (ConnectorState state) => state.Failure is { } failure
            ? Results.Text(failure, statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ok"));
        app.MapGet("/readyz", (ConnectorState state) => state.IsFlowing
            ? Results.Text("ok")
            : Results.Text(state.Failure ?? "the meeting's media does not flow yet", statusCode: StatusCodes.Status503ServiceUnavailable));
        return app;
    }

    /// <summary>The push URL, and the backup pipeline's after it when one is set (a Standard MediaLive channel's input has two).</summary>
    private static IReadOnlyList<Uri> PushUrls(ConfigurationManager configuration)
    {
        var primary = PushUrl(configuration, ConnectorSettings.PushUrlVariable, ConnectorSettings.PushUrlFileVariable)
            ?? throw new SettingException($"neither {ConnectorSettings.PushUrlVariable} nor {ConnectorSettings.PushUrlFileVariable} is set: the connector needs where to push the meeting (rtmp:// or rtmps://, with its stream key)");
        return PushUrl(configuration, ConnectorSettings.BackupPushUrlVariable, ConnectorSettings.BackupPushUrlFileVariable) is { } backup ? [primary, backup] : [primary];
    }

    private static Uri? PushUrl(ConfigurationManager configuration, string variable, string fileVariable)
    {
        var (key, text) = configuration[fileVariable] is { Length: > 0 } file
            ? (fileVariable, ReadFile(fileVariable, file))
            : (variable, configuration[variable]);
        if (text is not { Length: > 0 })
        {
            return null;
        }

        // The URL holds the stream key: a bad one is described without its value.
        return Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) && url.Scheme is "rtmp" or "rtmps" && url.AbsolutePath.Trim('/').Length > 0
            ? url
            : throw new SettingException($"{key} is not an rtmp:// or rtmps:// URL with a path (its value is not shown: it holds the stream key)");
    }

    private static string ReadFile(string variable, string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SettingException($"{variable} names {path}, which cannot be read: {e.Message}", e);
        }
    }
}
