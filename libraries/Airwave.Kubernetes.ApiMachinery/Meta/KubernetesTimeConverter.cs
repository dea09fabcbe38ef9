using System.Globalization;

namespace Airwave.Kubernetes.ApiMachinery.Meta;

/// <summary>
/// metav1.Time travels as RFC 3339 in UTC with second precision ("2026-11-21T17:34:56Z");
/// System.Text.Json's default keeps fractions and offsets that the API server would not.
/// </summary>
public sealed class KubernetesTimeConverter() : Rfc3339TimeConverter(Format)
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public static string ToText(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);
}
