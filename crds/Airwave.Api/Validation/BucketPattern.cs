using System.Text.RegularExpressions;

namespace Airwave.Api.Validation;

/// <summary>An allowed-bucket entry: a bucket name in which * stands for any run of characters.</summary>
public static class BucketPattern
{
    /// <summary>What an entry may contain: what S3 bucket names may, and *.</summary>
    public static bool IsValid(string pattern) => Regex.IsMatch(pattern, "^[a-z0-9.*-]{1,63}$", RegexOptions.CultureInvariant);

    public static bool Matches(string pattern, string bucket) =>
        Regex.IsMatch(bucket, "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant);
}
