using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Airwave.Api.LiveStreams;

public sealed record PlaybackSpec
{
    [Description("How far back viewers can rewind (start-over), in seconds; 0 turns start-over off.")]
    [Range(0, 1209600)]
    [DefaultValue(3600)]
    public int StartoverWindowSeconds { get; init; } = 3600;

    [Description("HLS encryption of the packaged stream.")]
    public EncryptionSpec Encryption { get; init; } = new();
}
