using System.Security.Cryptography;
using System.Text;

namespace Airwave.Kubernetes.ApiMachinery.Meta;

/// <summary>The name formats Kubernetes validates object names against (RFC 1123).</summary>
public static class DnsNames
{
    public const string Subdomain = @"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    public const string Label = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    /// <summary>The longest label: a name that is also a label value (a Job's pods carry its name in job-name).</summary>
    public const int MaxLabelLength = 63;

    /// <summary>The longest subdomain: most objects' names.</summary>
    public const int MaxSubdomainLength = 253;

    /// <summary>
    /// <paramref name="name"/> followed by <paramref name="suffix"/>, the name cut short when both would pass
    /// <paramref name="maxLength"/>, so that the suffix (what tells the derived objects apart) always survives. A cut
    /// name ends in a hash of the whole one, so two long names that differ only past the cut still differ.
    /// </summary>
    public static string WithSuffix(string name, string suffix, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(suffix);
        if (name.Length + suffix.Length <= maxLength)
        {
            return name + suffix;
        }

        var hash = "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
        return name[..(maxLength - suffix.Length - hash.Length)].TrimEnd('-', '.') + hash + suffix;
    }

    /// <summary>
    /// A label value that stands for <paramref name="name"/>: the name itself when it fits a label value's 63
    /// characters (every object name's characters are allowed in one), else its start and a hash of it.
    /// </summary>
    public static string LabelValue(string name) => WithSuffix(name, "", MaxLabelLength);
}
