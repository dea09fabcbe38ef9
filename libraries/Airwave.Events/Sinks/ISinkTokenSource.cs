namespace Airwave.Events.Sinks;

/// <summary>A sink's bearer token, asked for at each delivery cycle so that rotations apply.</summary>
public interface ISinkTokenSource
{
    Task<string?> GetAsync(SinkOptions sink, CancellationToken cancellationToken);
}
