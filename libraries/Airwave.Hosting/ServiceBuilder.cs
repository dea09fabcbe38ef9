using Airwave.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Airwave.Hosting;

/// <summary>How every Airwave service's host starts: its settings' sources and its logs.</summary>
public static class ServiceBuilder
{
    /// <summary>
    /// A slim web host whose settings are, lowest precedence first: Information logging (ASP.NET Core's at Warning),
    /// the <paramref name="configFile"/> (JSON), environment variables as they are and AIRWAVE_-prefixed ones
    /// (AIRWAVE_Webhook__CallbackPort), then what <paramref name="configure"/> adds, then settings given under their
    /// earlier names (<see cref="EarlierNames"/>); logs are JSON lines on stdout
    /// with UTC timestamps, one per line as `kubectl logs` shows them.
    /// </summary>
    public static WebApplicationBuilder Create(string? configFile, Action<WebApplicationBuilder>? configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        });
        if (configFile is not null)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }

        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddEnvironmentVariables("AIRWAVE_");
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(json =>
        {
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });
        // After the reflection-based resolver where the runtime has one: a native build answers problems alike.
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Add(ProblemJson.Default));
        configure?.Invoke(builder);
        EarlierNames.Apply(builder.Configuration);
        return builder;
    }
}
