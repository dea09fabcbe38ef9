using Airwave.Signaling.Connections;

namespace Airwave.Signaling.Tests;

/// <summary>A viewer's confirmed requests: they spare the database a read per candidate, and never outlive what ends them.</summary>
public sealed class AcceptedRequestsTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_764_500_000);

    [Fact]
    public void A_confirmation_holds_for_its_request_until_its_age_runs_out()
    {
        var accepted = new AcceptedRequests();
        accepted.Confirm("r1", accepted.Version, Now);

        Assert.True(accepted.Holds("r1", Now + AcceptedRequests.MaxAge - TimeSpan.FromMilliseconds(1)));
        Assert.False(accepted.Holds("r1", Now + AcceptedRequests.MaxAge));
        Assert.False(accepted.Holds("r2", Now));
    }

    [Fact]
    public void A_frame_about_the_request_ends_its_confirmation()
    {
        var accepted = new AcceptedRequests();
        accepted.Confirm("r1", accepted.Version, Now);
        accepted.Confirm("r2", accepted.Version, Now);

        accepted.Changed("r1");

        Assert.False(accepted.Holds("r1", Now));
        Assert.True(accepted.Holds("r2", Now));
    }

    [Fact]
    public void A_database_answer_read_while_a_frame_about_a_request_came_is_not_kept()
    {
        var accepted = new AcceptedRequests();
        var version = accepted.Version;

        // The broadcaster ended the request after the read saw it accepted; its frame came before the answer.
        accepted.Changed("r1");
        accepted.Confirm("r1", version, Now);

        Assert.False(accepted.Holds("r1", Now));
        accepted.Confirm("r1", accepted.Version, Now);
        Assert.True(accepted.Holds("r1", Now));
    }
}
