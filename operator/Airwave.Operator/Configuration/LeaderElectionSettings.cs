using System.Text.Json.Serialization.Metadata;
using Airwave.Configuration;

namespace Airwave.Operator.Configuration;

/// <summary>
/// Several replicas elect one leader through a Lease; only the leader reconciles. The timings are client-go's and
/// kube-controller-manager's defaults: a replica that is killed is replaced about LeaseDuration later, one that is
/// stopped (its lease released) at once. A shorter lease replaces a killed leader sooner, but a leader that cannot
/// reach the API server for RenewDeadline stops reconciling, so it must stay well above the API server's slowest
/// answers.
/// </summary>
public sealed record LeaderElectionSettings : ISettingsSection<LeaderElectionSettings>
{
    public static JsonTypeInfo<LeaderElectionSettings> JsonType => OperatorSettingsJson.Default.LeaderElectionSettings;

    public bool Enabled { get; init; } = true;

    public string LeaseName { get; init; } = "airwave-operator";

    /// <summary>Defaults to the namespace the operator runs in.</summary>
    public string? Namespace { get; init; }

    /// <summary>How long followers wait, from the last renewal they saw, before taking a lease that is not renewed.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader goes on without a renewal before it stops reconciling; shorter than LeaseDuration.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the leader renews and a follower looks again; shorter than RenewDeadline.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Throws <see cref="SettingException"/> unless RetryPeriod &lt; RenewDeadline &lt; LeaseDuration.</summary>
    public LeaderElectionSettings Validated()
    {
        if (RetryPeriod <= TimeSpan.Zero || RenewDeadline <= RetryPeriod || LeaseDuration <= RenewDeadline)
        {
            throw new SettingException(
                $"LeaderElection:RetryPeriod ({RetryPeriod.TotalSeconds} s), :RenewDeadline ({RenewDeadline.TotalSeconds} s) and :LeaseDuration ({LeaseDuration.TotalSeconds} s) must grow in that order: " +
                "the leader must stop before its lease can be taken, and renew more than once before it stops");
        }

        return this;
    }
}
