namespace Airwave.Kubernetes.ApiMachinery.Meta;

/// <summary>The name formats Kubernetes validates object names against (RFC 1123).</summary>
public static class DnsNames
{
    public const string Subdomain = @"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    public const string Label = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
}
