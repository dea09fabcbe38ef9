using System.Text.Json;
using Airwave.Aws.Http;
using Airwave.Aws.MediaLive;

namespace Airwave.Aws.Tests.Wire;

/// <summary>
/// AWS adds enumeration values without notice. A resource in the account with a value this build does not know
/// (created by another tool, or a newer console) reads as Unknown and leaves the rest of the answer readable.
/// </summary>
public sealed class UnknownEnumValueTests
{
    [Fact]
    public void A_list_with_values_added_after_this_build_reads_them_as_unknown_and_keeps_the_rest()
    {
        const string page = """
            {"inputs": [
              {"id": "1", "arn": "arn:1", "type": "HOLOGRAM_PUSH", "state": "TELEPORTING", "inputClass": "TRIPLE_PIPELINE"},
              {"id": "2", "arn": "arn:2", "type": "SMPTE_2110_RECEIVER_GROUP", "state": "DETACHED", "inputClass": "STANDARD"},
              {"id": "3", "arn": "arn:3", "type": "RTMP_PUSH", "state": "ATTACHED", "inputClass": "SINGLE_PIPELINE"}
            ]}
            """;

        var inputs = JsonSerializer.Deserialize<ListInputsResponse>(page, AwsJson.Options)!.Inputs;

        Assert.Equal(
            [(InputType.Unknown, InputState.Unknown, InputClass.Unknown), (InputType.Smpte2110ReceiverGroup, InputState.Detached, InputClass.Standard), (InputType.RtmpPush, InputState.Attached, InputClass.SinglePipeline)],
            inputs.Select(i => (i.Type, i.State, i.InputClass!.Value)));
    }

    [Fact]
    public void A_channel_in_a_state_added_after_this_build_reads_as_unknown()
    {
        var channel = JsonSerializer.Deserialize<ChannelSummary>("""{"id": "9", "arn": "arn:9", "state": "HIBERNATING", "channelClass": "STANDARD"}""", AwsJson.Options)!;

        Assert.Equal((ChannelState.Unknown, ChannelClass.Standard), (channel.State, channel.ChannelClass));
    }

    [Fact]
    public void Unknown_is_never_sent()
    {
        var request = new CreateInputRequest("x", InputType.Unknown, [], []);

        var error = Assert.Throws<JsonException>(() => JsonSerializer.Serialize(request, AwsJson.Options));

        Assert.Contains("InputType.Unknown", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_the_model_spells_with_digits_go_out_as_the_model_spells_them()
    {
        Assert.Equal("\"SMPTE_2110_RECEIVER_GROUP\"", JsonSerializer.Serialize(InputType.Smpte2110ReceiverGroup, AwsJson.Options));
        Assert.Equal("\"MP4_FILE\"", JsonSerializer.Serialize(InputType.Mp4File, AwsJson.Options));
    }
}
