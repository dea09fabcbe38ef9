namespace Airwave.Sandbox.Aws.Faults;

/// <summary>What <see cref="AwsFaultInjector.Current"/> reports.</summary>
public sealed record AwsFaultState(IReadOnlyList<PendingAwsFault> Faults, IReadOnlyList<AwsLatency> Latencies);

/// <summary>A fault that will hit the next <paramref name="Remaining"/> matching calls.</summary>
public sealed record PendingAwsFault(AwsFaultKind Kind, AwsServiceKind? Service, string? Operation, int Remaining);

/// <summary>A delay added to every matching call.</summary>
public sealed record AwsLatency(TimeSpan Delay, AwsServiceKind? Service, string? Operation);
