namespace Airwave.Aws.Http;

/// <summary>Builds escaped request paths and query strings from model URI labels.</summary>
internal static class AwsPath
{
    public static string Label(string value) => Uri.EscapeDataString(value);

    public static string WithQuery(string path, params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => p.Value is not null).Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value!)}").ToList();
        return present.Count == 0 ? path : $"{path}?{string.Join('&', present)}";
    }
}
