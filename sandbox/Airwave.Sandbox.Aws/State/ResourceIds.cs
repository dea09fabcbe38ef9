using System.Security.Cryptography;

namespace Airwave.Sandbox.Aws.State;

/// <summary>Identifiers in the formats the real services use.</summary>
internal static class ResourceIds
{
    /// <summary>MediaLive ids are numeric strings, e.g. <c>4873291</c>.</summary>
    public static string Numeric(int digits, Func<string, bool> taken)
    {
        while (true)
        {
            var id = RandomNumberGenerator.GetInt32((int)Math.Pow(10, digits - 1), (int)Math.Pow(10, digits)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!taken(id))
            {
                return id;
            }
        }
    }

    /// <summary>MediaPackage's generated names (hosts, ARN suffixes) are 32 lowercase hex digits.</summary>
    public static string Hex32() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>CloudFront ids and ETags: upper-case letters and digits, starting with E.</summary>
    public static string CloudFront(int length = 14)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        return "E" + RandomNumberGenerator.GetString(alphabet, length - 1);
    }

    /// <summary>MediaLive's alert instance ids: 40 lowercase hex digits.</summary>
    public static string AlertId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    /// <summary>A password as MediaPackage generates for ingest endpoints.</summary>
    public static string Password() => RandomNumberGenerator.GetHexString(32, lowercase: true);
}
