namespace Airwave.Aws.CloudWatch;

/// <summary>The Amazon CloudWatch (API 2010-08-01) operation Airwave reads the services' usage with.</summary>
public interface ICloudWatchClient
{
    /// <summary>
    /// The queries' data points between the request's times, following every page; each query's points merged into one
    /// result, newest first as CloudWatch returns them.
    /// </summary>
    Task<IReadOnlyList<MetricDataResult>> GetMetricDataAsync(GetMetricDataRequest request, CancellationToken cancellationToken);
}
