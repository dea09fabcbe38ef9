namespace Airwave.Events.Sinks;

/// <summary>Tokens given inline in the sink's settings, for a host that reads no Secrets.</summary>
public sealed class InlineSinkTokens : ISinkTokenSource
{
    public Task<string?> GetAsync(SinkOptions sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return sink.TokenSecretRef is null
            ? Task.FromResult(sink.Token)
            : throw new InvalidOperationException($"sink \"{sink.Name}\" names a Secret for its token, and this service reads no Secrets: give the token itself");
    }
}
