using System.Xml.Linq;
using Airwave.Aws.CloudFront;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Aws.CloudFront;

/// <summary>
/// What a response headers policy does to a response at the edge, as CloudFront applies it: each security header
/// and custom header is added, and replaces the origin's where its Override is true (else the origin's stays); the
/// headers it removes go. CORS is left out: Airwave's policies set none.
/// </summary>
internal static class EdgeResponseHeaders
{
    public static void Apply(XElement policy, IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(headers);
        if (Child(policy, "SecurityHeadersConfig") is { } security)
        {
            Set(headers, Child(security, "ContentTypeOptions"), "X-Content-Type-Options", _ => "nosniff");
            Set(headers, Child(security, "ContentSecurityPolicy"), "Content-Security-Policy", c => Value(c, "ContentSecurityPolicy"));
            Set(headers, Child(security, "FrameOptions"), "X-Frame-Options", c => Value(c, "FrameOption"));
            Set(headers, Child(security, "ReferrerPolicy"), "Referrer-Policy", c => Value(c, "ReferrerPolicy"));
            Set(headers, Child(security, "StrictTransportSecurity"), "Strict-Transport-Security", c =>
                $"max-age={Value(c, "AccessControlMaxAgeSec")}{(Value(c, "IncludeSubdomains") == "true" ? "; includeSubDomains" : "")}{(Value(c, "Preload") == "true" ? "; preload" : "")}");
            Set(headers, Child(security, "XSSProtection"), "X-XSS-Protection", c => Value(c, "Protection") != "true" ? "0"
                : "1" + (Value(c, "ModeBlock") == "true" ? "; mode=block" : "") + (Value(c, "ReportUri") is { Length: > 0 } uri ? $"; report={uri}" : ""));
        }

        foreach (var custom in Child(Child(policy, "CustomHeadersConfig"), "Items")?.Elements() ?? [])
        {
            Set(headers, custom, Value(custom, "Header"), c => Value(c, "Value"));
        }

        foreach (var removed in Child(Child(policy, "RemoveHeadersConfig"), "Items")?.Elements() ?? [])
        {
            headers.Remove(Value(removed, "Header"));
        }
    }

    private static void Set(IHeaderDictionary headers, XElement? setting, string name, Func<XElement, string> value)
    {
        if (setting is not null && (Value(setting, "Override") == "true" || !headers.ContainsKey(name)))
        {
            headers[name] = value(setting);
        }
    }

    private static XElement? Child(XElement? parent, string name) => parent?.Element(CloudFrontXml.Name(name));

    private static string Value(XElement parent, string name) => Child(parent, name)?.Value ?? "";
}
