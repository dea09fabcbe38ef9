using System.Xml.Linq;

namespace Airwave.Aws.CloudFront;

/// <summary>The XML namespace of CloudFront API version 2020-05-31.</summary>
public static class CloudFrontXml
{
    public static readonly XNamespace Namespace = "http://cloudfront.amazonaws.com/doc/2020-05-31/";

    public static XName Name(string localName) => Namespace + localName;
}
