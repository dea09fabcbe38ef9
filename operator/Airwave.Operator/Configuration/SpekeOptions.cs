namespace Airwave.Operator.Configuration;

/// <summary>The SPEKE key provider MediaPackage asks for content keys of encrypted streams.</summary>
public sealed record SpekeOptions
{
    public string? Url { get; init; }

    public string? RoleArn { get; init; }

    /// <summary>DRM system ids; the default is the one for HLS AES-128 clear key.</summary>
    public IReadOnlyList<string> SystemIds { get; init; } = ["81376844-f976-481e-a84e-cc25d39b0b33"];
}
