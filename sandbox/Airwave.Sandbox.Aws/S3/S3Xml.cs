using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Aws.S3;

/// <summary>S3's XML: its namespace, its timestamp format, and bodies read defensively (a malformed body is MalformedXML).</summary>
internal static class S3Xml
{
    public static readonly XNamespace Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    public static XName Name(string local) => Namespace + local;

    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static XElement Parse(byte[] body)
    {
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            return XElement.Load(reader);
        }
        catch (XmlException)
        {
            throw S3Errors.MalformedXml();
        }
    }

    /// <summary>The child elements with this local name, whether or not the client put them in S3's namespace.</summary>
    public static IEnumerable<XElement> Children(XElement parent, string local) => parent.Elements().Where(e => e.Name.LocalName == local);

    public static string? Child(XElement parent, string local) => Children(parent, local).FirstOrDefault()?.Value;

    public static async Task WriteAsync(HttpContext context, XElement body, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/xml";
        await context.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body.ToString(SaveOptions.DisableFormatting), context.RequestAborted);
    }
}
