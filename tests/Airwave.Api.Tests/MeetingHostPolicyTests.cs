using Airwave.Api.LiveStreams;
using Airwave.Api.Validation;

namespace Airwave.Api.Tests;

/// <summary>Which meeting pages a Chime stream's connector may open: the installation's hosts, Chime's by default.</summary>
public sealed class MeetingHostPolicyTests
{
    [Theory]
    [InlineData("https://app.chime.aws/meetings/v2?m=town-hall", true)]
    [InlineData("https://APP.Chime.aws/meetings/v2", true)]
    [InlineData("https://chime.aws/", false)]
    [InlineData("https://chime.aws.example.com/", false)]
    [InlineData("https://evilchime.aws/", false)]
    [InlineData("http://169.254.169.254/latest/meta-data/", false)]
    [InlineData("http://kubernetes.default.svc/api", false)]
    [InlineData("http://[fd00::1]/", false)]
    public void By_default_only_chimes_meeting_pages_open(string url, bool allowed)
    {
        var error = MeetingHostPolicy.For(null).CheckMeeting(Chime(url));

        Assert.Equal(allowed, error is null);
    }

    [Fact]
    public void A_refusal_names_the_field_the_allowed_hosts_and_the_setting_that_adds_one()
    {
        var policy = MeetingHostPolicy.For(["*.chime.aws", "meet.example.com"]);

        var error = policy.CheckMeeting(Chime("http://10.0.0.7:3000/d/cluster"));

        Assert.Equal("spec.source.chime.meetingUrl: Invalid value: \"http://10.0.0.7:3000/d/cluster\": the meeting connector opens pages only on the hosts this installation allows (*.chime.aws, meet.example.com); ask the operator's administrators to add 10.0.0.7 to connector.allowedMeetingHosts if it serves your meetings", error!.ToString());
        Assert.Null(policy.CheckMeeting(Chime("https://meet.example.com/rooms/42")));
        Assert.NotNull(policy.CheckMeeting(Chime("https://rooms.meet.example.com/42")));
        Assert.Null(policy.CheckMeeting(new LiveStreamSpec { Source = new StreamSource() }));
    }

    [Theory]
    [InlineData("meet.example.com", true)]
    [InlineData("*.example.com", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("*", false)]
    [InlineData("meet.*.com", false)]
    [InlineData("https://meet.example.com", false)]
    [InlineData("meet.example.com:443", false)]
    [InlineData("", false)]
    public void A_setting_is_a_host_or_a_star_dot_pattern(string pattern, bool valid) =>
        Assert.Equal(valid, MeetingHostPolicy.IsValidPattern(pattern));

    private static LiveStreamSpec Chime(string url) =>
        new() { Source = new StreamSource { Type = SourceType.Chime, Chime = new ChimeSource { MeetingUrl = url } } };
}
