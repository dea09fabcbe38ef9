using System.ComponentModel;

namespace Airwave.Api.LiveStreams;

public sealed record StreamEncoding
{
    [Description("SinglePipeline runs one encoder; Standard runs two redundant pipelines with two ingest endpoints (about twice the cost).")]
    [DefaultValue(ChannelClass.SinglePipeline)]
    public ChannelClass ChannelClass { get; init; } = ChannelClass.SinglePipeline;

    [Description("The ABR ladder preset: the highest rendition and the ones below it.")]
    [DefaultValue(Ladder.P720)]
    public Ladder Ladder { get; init; } = Ladder.P720;
}
