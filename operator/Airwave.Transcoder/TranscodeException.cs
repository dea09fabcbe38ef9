using Airwave.Media.Transcoding;

namespace Airwave.Transcoder;

/// <summary>The Job cannot go on; <see cref="Failure"/> says why, as the report tells the operator.</summary>
public sealed class TranscodeException(TranscodeFailureReason reason, string message, Exception? inner = null) : Exception(message, inner)
{
    public TranscodeFailure Failure { get; } = new(reason, message);
}
