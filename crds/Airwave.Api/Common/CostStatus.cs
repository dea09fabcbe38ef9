using System.ComponentModel;
using Airwave.Kubernetes.ApiMachinery.Crds;

namespace Airwave.Api.Common;

/// <summary>
/// What a resource is estimated to cost. Amounts are decimal strings of US dollars ("0.4213"): Kubernetes API
/// conventions keep floating-point numbers out of objects, and a string also says "unknown" where a number could only
/// say a silent zero.
/// </summary>
[Description("What the resource is estimated to cost, in US dollars, from the installation's price table and how long it ran. An estimate: your AWS bill is the authority. Amounts are decimal strings; a component whose cost Airwave cannot know says \"unknown\" and is left out of the sums.")]
public sealed record CostStatus
{
    /// <summary>What an amount says when it cannot be known.</summary>
    public const string Unknown = "unknown";

    [Description("Estimated dollars per hour while running (a VideoAsset: while stored), of the components whose cost is known.")]
    public required string HourlyRate { get; init; }

    [Description("LiveStreams: the session the session amount is for (the current one, or the last one when stopped).")]
    public string? SessionId { get; init; }

    [Description("LiveStreams: estimated dollars of that session so far.")]
    public string? Session { get; init; }

    [Description("Estimated dollars since the resource was created, of the components whose cost is known.")]
    public required string Total { get; init; }

    [Description("The calendar month, in UTC (such as 2026-11), that monthToDate is for: the month running time was last counted in.")]
    public string? Month { get; init; }

    [Description("Estimated dollars of the running time counted in that month, of the components whose cost is known: what the namespace's monthly spend limit adds up.")]
    public string? MonthToDate { get; init; }

    [Description("The time up to which running time is counted: whole minutes while running, the stop itself once stopped; a VideoAsset's storage, whole hours since it became ready.")]
    public DateTimeOffset? CountedUntil { get; init; }

    [Description("The date the installation's price table was taken (its prices.asOf).")]
    public string? PricesAsOf { get; init; }

    [Description("What the estimate is made of, one entry per billed component.")]
    [ListMapKeys("name")]
    public IReadOnlyList<CostComponent> Components { get; init; } = [];
}

[Description("One billed component of a resource, such as its MediaLive channel or its CloudFront delivery.")]
public sealed record CostComponent
{
    [Description("The component: medialive, mediapackage-ingest, ivs-input, delivery, archive-storage ...")]
    public required string Name { get; init; }

    [Description("Estimated dollars per hour while running, or \"unknown\".")]
    public required string HourlyRate { get; init; }

    [Description("Estimated dollars since the resource was created, or \"unknown\".")]
    public required string Total { get; init; }

    [Description("What the estimate is based on, or why it is unknown.")]
    public required string Basis { get; init; }

    [Description("A component measured from what AWS reports (delivery: the bytes players fetched, from CloudWatch): when it was last read. Its hourlyRate is then the last whole hour's.")]
    public DateTimeOffset? MeasuredAt { get; init; }

    [Description("A measured component: estimated dollars of the current session, from the hour it began.")]
    public string? Session { get; init; }

    [Description("A measured component: estimated dollars in the calendar month (UTC) of measuredAt.")]
    public string? MonthToDate { get; init; }
}
