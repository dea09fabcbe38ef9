using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Airwave.Telemetry;

/// <summary>Exports the spans of Airwave's libraries over OTLP when an endpoint is configured.</summary>
public static class TracingServiceCollectionExtensions
{
    /// <summary>The activity sources of Airwave's libraries and programs.</summary>
    public const string Sources = "Airwave.*";

    /// <summary>
    /// Traces to <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>) when set, with the
    /// other standard <c>OTEL_*</c> variables as the OpenTelemetry SDK reads them (protocol, headers, sampler,
    /// resource attributes); nothing is recorded otherwise.
    /// </summary>
    /// <param name="serviceName">The service.name of the spans, unless <c>OTEL_SERVICE_NAME</c> says otherwise.</param>
    /// <param name="instrument">More sources to trace, such as a web host's requests.</param>
    public static IServiceCollection AddOtlpTracing(this IServiceCollection services, IConfiguration configuration, string serviceName, Action<TracerProviderBuilder>? instrument = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) && string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]))
        {
            return services;
        }

        var builder = services.AddOpenTelemetry();
        if (string.IsNullOrEmpty(configuration["OTEL_SERVICE_NAME"]))
        {
            builder.ConfigureResource(resource => resource.AddService(serviceName));
        }

        builder.WithTracing(tracing =>
        {
            tracing.AddSource(Sources);
            instrument?.Invoke(tracing);
            tracing.AddOtlpExporter();
        });
        return services;
    }
}
