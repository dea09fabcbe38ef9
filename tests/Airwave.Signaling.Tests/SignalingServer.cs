using System.Globalization;
using System.Net.Http.Headers;
using Airwave.Sandbox.Aws;
using Airwave.Signaling.Configuration;
using Airwave.Signaling.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Airwave.Signaling.Tests;

/// <summary>A signaling service on loopback ports, as its process runs it (<see cref="SignalingHost"/>), with the settings a test gives.</summary>
public sealed class SignalingServer : IAsyncDisposable
{
    public const string AdminToken = "admin-token-for-tests";

    private readonly WebApplication _app;

    private SignalingServer(WebApplication app, string address, int publicPort, int managementPort)
    {
        _app = app;
        Public = new HttpClient { BaseAddress = new Uri($"http://{address}:{publicPort.ToString(CultureInfo.InvariantCulture)}") };
        Management = new HttpClient { BaseAddress = new Uri($"http://{address}:{managementPort.ToString(CultureInfo.InvariantCulture)}") };
        Admin = new HttpClient { BaseAddress = Management.BaseAddress };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
    }

    public HttpClient Public { get; }

    public HttpClient Management { get; }

    /// <summary>The management port with the admin token.</summary>
    public HttpClient Admin { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// SQLite in a file of <paramref name="folder"/>, or PostgreSQL when <paramref name="postgres"/> is a connection
    /// string; the service's clock is <paramref name="clock"/> when given; it listens on <paramref name="address"/>
    /// (loopback unless told); <paramref name="services"/> may put in services of the test's own (first, so they win).
    /// </summary>
    public static async Task<SignalingServer> StartAsync(string? folder = null, string? postgres = null, IDictionary<string, string?>? settings = null, TimeProvider? clock = null, string address = "127.0.0.1", Action<IServiceCollection>? services = null)
    {
        var publicPort = LoopbackPorts.Reserve(System.Net.IPAddress.Parse(address));
        var managementPort = LoopbackPorts.Reserve(System.Net.IPAddress.Parse(address));
        var values = new Dictionary<string, string?>
        {
            ["Signaling:PublicPort"] = publicPort.ToString(CultureInfo.InvariantCulture),
            ["Signaling:ManagementPort"] = managementPort.ToString(CultureInfo.InvariantCulture),
            ["Signaling:BindAddress"] = address,
            ["Signaling:Database:Provider"] = postgres is null ? "Sqlite" : "PostgreSql",
            ["Signaling:Database:ConnectionString"] = postgres ?? $"Data Source={Path.Combine(folder ?? throw new ArgumentNullException(nameof(folder)), "signaling.db")}",
            [SignalingSettings.AdminTokenVariable] = AdminToken,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var app = SignalingHost.Build(configure: builder =>
        {
            builder.Configuration.AddInMemoryCollection(values);
            if (clock is not null)
            {
                builder.Services.AddSingleton(clock);
            }

            services?.Invoke(builder.Services);
        });
        try
        {
            await SignalingHost.StartAsync(app, CancellationToken.None);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        // A test may have given the ports (a restart on the same ones).
        return new SignalingServer(app, address, int.Parse(values["Signaling:PublicPort"]!, CultureInfo.InvariantCulture), int.Parse(values["Signaling:ManagementPort"]!, CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        Public.Dispose();
        Management.Dispose();
        Admin.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
