namespace Airwave.Aws.CloudWatch;

/// <summary>A metric as CloudWatch names it: its namespace, its name and the exact set of dimensions it was published with.</summary>
public sealed record Metric(string Namespace, string MetricName, IReadOnlyList<Dimension> Dimensions);

public sealed record Dimension(string Name, string Value);

/// <summary>One statistic (Sum, Average, Maximum, Minimum, SampleCount) of a metric over periods of whole seconds.</summary>
public sealed record MetricStat(Metric Metric, int Period, string Stat);

/// <summary>One query of a GetMetricData call; <paramref name="Id"/> starts with a lowercase letter and is unique in the call.</summary>
public sealed record MetricDataQuery(string Id, MetricStat MetricStat);

/// <summary>The start is inclusive and the end exclusive; CloudWatch aligns each query's periods to the start.</summary>
public sealed record GetMetricDataRequest(IReadOnlyList<MetricDataQuery> MetricDataQueries, DateTimeOffset StartTime, DateTimeOffset EndTime);

/// <summary>
/// A query's data points: <see cref="Timestamps"/>[i] is the start of the period <see cref="Values"/>[i] covers.
/// <see cref="StatusCode"/> is Complete, or PartialData when CloudWatch had more than one call returns.
/// </summary>
public sealed record MetricDataResult(string Id, string? Label, IReadOnlyList<DateTimeOffset> Timestamps, IReadOnlyList<double> Values, string StatusCode);
