using System.Xml.Linq;

namespace Airwave.Aws.CloudFront;

/// <summary>
/// The security headers a response headers policy sets, each overriding the origin's: X-Content-Type-Options:
/// nosniff, and when given a Content-Security-Policy and an X-Frame-Options (DENY or SAMEORIGIN).
/// </summary>
public sealed record ResponseHeadersPolicyConfig(string Name, string Comment, string? ContentSecurityPolicy = null, string? FrameOption = null)
{
    public string ToXml()
    {
        XElement E(string name, params object?[] content) => new(CloudFrontXml.Name(name), content);
        var security = E("SecurityHeadersConfig",
            FrameOption is null ? null : E("FrameOptions", E("Override", "true"), E("FrameOption", FrameOption)),
            ContentSecurityPolicy is null ? null : E("ContentSecurityPolicy", E("Override", "true"), E("ContentSecurityPolicy", ContentSecurityPolicy)),
            E("ContentTypeOptions", E("Override", "true")));
        var config = E("ResponseHeadersPolicyConfig", E("Comment", Comment), E("Name", Name), security);
        return new XDeclaration("1.0", "UTF-8", null) + config.ToString(SaveOptions.DisableFormatting);
    }
}
