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
    /// <paramref name="maxLength"/>, so that the suffix (what tells the derived objects apart) always survives.
    /// </summary>
    public static string WithSuffix(string name, string suffix, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(suffix);
        var stem = name.Length + suffix.Length > maxLength ? name[..(maxLength - suffix.Length)].TrimEnd('-', '.') : name;
        return stem + suffix;
    }
}
