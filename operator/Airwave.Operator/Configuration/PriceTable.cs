namespace Airwave.Operator.Configuration;

/// <summary>
/// What the services Airwave runs cost, in US dollars, as the installation's price table says (the chart's
/// config.prices, with the operator's region's overrides applied). The defaults are list prices for US East
/// (N. Virginia) on the date in <see cref="AsOf"/>; the chart's values carry the same table.
/// </summary>
public sealed record PriceTable
{
    /// <summary>The hours in a month as AWS and Mux turn a monthly storage rate into an hourly one.</summary>
    public const decimal HoursPerMonth = 730m;

    /// <summary>The date the prices were taken, shown beside every estimate.</summary>
    public string AsOf { get; init; } = "2026-11-29";

    public MediaLivePrices MediaLive { get; init; } = new();

    public MediaPackagePrices MediaPackage { get; init; } = new();

    public CloudFrontPrices CloudFront { get; init; } = new();

    public IvsPrices Ivs { get; init; } = new();

    public S3Prices S3 { get; init; } = new();

    public MuxPrices Mux { get; init; } = new();
}

/// <summary>MediaLive's hourly rates while a channel runs, by channel class.</summary>
public sealed record MediaLivePrices
{
    public ChannelClassPrices SinglePipeline { get; init; } = new()
    {
        Input = new ResolutionPrices { Sd = 0.036m, Hd = 0.072m, Uhd = 0.288m },
        Output = new ResolutionPrices { Sd = 0.102m, Hd = 0.204m, Uhd = 0.816m },
    };

    public ChannelClassPrices Standard { get; init; } = new()
    {
        Input = new ResolutionPrices { Sd = 0.060m, Hd = 0.120m, Uhd = 0.480m },
        Output = new ResolutionPrices { Sd = 0.170m, Hd = 0.340m, Uhd = 1.360m },
    };
}

/// <summary>A channel class's hourly rates: each input (AVC up to 10 Mbps), and each video encode (AVC up to 30 fps).</summary>
public sealed record ChannelClassPrices
{
    public ResolutionPrices Input { get; init; } = new();

    public ResolutionPrices Output { get; init; } = new();
}

/// <summary>Rates by resolution as MediaLive bills them: SD below 720 lines, HD up to 1080, UHD above.</summary>
public sealed record ResolutionPrices
{
    public decimal Sd { get; init; }

    public decimal Hd { get; init; }

    public decimal Uhd { get; init; }

    public decimal For(int height) => Of(height) switch { "SD" => Sd, "HD" => Hd, _ => Uhd };

    /// <summary>The resolution class MediaLive bills a picture of this many lines as.</summary>
    public static string Of(int height) => height < 720 ? "SD" : height <= 1080 ? "HD" : "UHD";
}

/// <summary>MediaPackage's rates per GB: what a channel pushes in, and what players fetch from the origin.</summary>
public sealed record MediaPackagePrices
{
    public decimal IngestPerGb { get; init; } = 0.03m;

    public decimal OriginPerGb { get; init; } = 0.05m;
}

/// <summary>CloudFront's rate per GB delivered (the first tier, to North America and Europe).</summary>
public sealed record CloudFrontPrices
{
    public decimal EgressPerGb { get; init; } = 0.085m;
}

/// <summary>IVS's hourly rates: a channel's input while it is live, by channel type, and each viewer hour of output.</summary>
public sealed record IvsPrices
{
    public IvsInputPrices Input { get; init; } = new();

    public IvsOutputPrices Output { get; init; } = new();
}

public sealed record IvsInputPrices
{
    public decimal Basic { get; init; } = 0.20m;

    public decimal Standard { get; init; } = 2.00m;

    public decimal AdvancedSd { get; init; } = 0.50m;

    public decimal AdvancedHd { get; init; } = 0.85m;
}

/// <summary>IVS's rate per viewer hour, by the quality watched (North America).</summary>
public sealed record IvsOutputPrices
{
    public decimal Sd { get; init; } = 0.0375m;

    public decimal Hd { get; init; } = 0.075m;

    public decimal FullHd { get; init; } = 0.15m;
}

/// <summary>S3 Standard storage, per GB-month.</summary>
public sealed record S3Prices
{
    public decimal StoragePerGbMonth { get; init; } = 0.023m;

    /// <summary>What keeping <paramref name="bytes"/> costs an hour.</summary>
    public decimal StorageHourlyRate(long bytes) => bytes / 1_000_000_000m * StoragePerGbMonth / PriceTable.HoursPerMonth;
}

/// <summary>Mux Video's pay-as-you-go rates, per minute of video.</summary>
public sealed record MuxPrices
{
    public decimal EncodingPerMinute { get; init; } = 0.0384m;

    public decimal StoragePerMinuteMonth { get; init; } = 0.0024m;

    public decimal DeliveryPerMinute { get; init; } = 0.0008m;
}
