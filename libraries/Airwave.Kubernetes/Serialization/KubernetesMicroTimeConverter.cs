using System.Globalization;
using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Serialization;

/// <summary>
/// metav1.MicroTime (Lease renew times, event times) travels as RFC 3339 in UTC with microseconds;
/// second precision would make a lease renewed twice in one second look unchanged.
/// </summary>
public sealed class KubernetesMicroTimeConverter() : Rfc3339TimeConverter(Format)
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static string ToText(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);
}
