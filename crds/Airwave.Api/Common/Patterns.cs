namespace Airwave.Api.Common;

/// <summary>Validation patterns shared by the kinds.</summary>
public static class Patterns
{
    /// <summary>An S3 bucket name (3–63 characters, lowercase, digits, dots and hyphens).</summary>
    public const string S3Bucket = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";

    /// <summary>An IPv4 CIDR block such as 203.0.113.0/24: four octets of 0 to 255 and a prefix length of 0 to 32.</summary>
    public const string Ipv4Cidr = @"^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])/([0-9]|[12][0-9]|3[0-2])$";

    /// <summary>A duration in hours, minutes and seconds as Kubernetes writes them: 30m, 1h30m, 90s.</summary>
    public const string Duration = "^([0-9]{1,6}(h|m|s))+$";

    /// <summary>A web page's URL, HTTP or HTTPS.</summary>
    public const string WebUrl = "^https?://[^\\s]+$";
}
