using Airwave.Kubernetes.Events;
using Airwave.Kubernetes.Secrets;

namespace Airwave.Operator.LiveStreams.Pipeline;

/// <summary>
/// The ingest Secret of a stream something pushes to: the input's URLs with the key, MediaPackage's ingest
/// credentials, and for SFU pods their WHIP values. Written on the condition that it is as last written, so a Secret
/// edited or deleted behind the stream's back is put back, and said; the stream owns it, so it goes with the stream.
/// </summary>
public sealed class IngestSecretPart(IngestSecret ingestSecret) : IStreamPart
{
    public async Task<PartResult> ReconcileAsync(StreamPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var (input, package) = (pass.Pipeline.Input!, pass.Pipeline.Package!);
        var values = await ingestSecret.ValuesAsync(pass.Stream, input, package, whip: pass.Layout.Ingest == MediaIngest.SfuPods, cancellationToken);
        await WriteAsync(pass, values, input.Id, verify: !pass.Resources.InTransition, cancellationToken);
        return PartResult.Done;
    }

    /// <summary>Writes the ingest Secret, and says so when that undid a change made behind the stream's back.</summary>
    public async Task<SecretWrite> WriteAsync(StreamPass pass, IReadOnlyDictionary<string, string> values, string? inputId, bool verify, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var written = await ingestSecret.WriteAsync(pass.Stream, values, verify, cancellationToken);
        await ReportRestoredAsync(pass, written, inputId, cancellationToken);
        return written;
    }

    /// <summary>An Event when a write of the ingest Secret found it changed or deleted behind the stream's back.</summary>
    public static async Task ReportRestoredAsync(StreamPass pass, SecretWrite written, string? inputId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(written);
        var name = IngestSecret.NameFor(pass.Stream);
        var key = inputId is null ? "the stream's bearer token" : $"the stream key of input {inputId}";
        var restored = written.Outcome switch
        {
            SecretWriteOutcome.ChangedSince => $"Secret {name} was changed; it holds {key} again. To change the key, set the annotation {IngestSecret.RotateAnnotation} to a new value.",
            SecretWriteOutcome.DeletedSince => $"Secret {name} was missing; it was made again with {key}.",
            SecretWriteOutcome.Created when pass.Stream.Status?.Ingest?.SecretRef is not null => $"Secret {name} was missing; it was made again with {key}.",
            _ => null,
        };
        if (restored is not null)
        {
            await pass.RecordAsync(EventType.Warning, "IngestSecretRestored", "Update", restored, cancellationToken);
        }
    }
}
