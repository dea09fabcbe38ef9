using System.Xml.Linq;

namespace Airwave.Aws.MediaPackage;

/// <summary>
/// The names SPEKE's key exchange uses: the CPIX document's namespaces, the DRM system ids of HLS AES-128 clear key,
/// and the HTTP headers. SPEKE v1 (MediaPackage's HLS endpoints) and v2.0 (CPIX 2.3) share the document's shape; they
/// differ in where the HLS key tag goes.
/// </summary>
public static class Cpix
{
    public static readonly XNamespace Namespace = "urn:dashif:org:cpix";

    public static readonly XNamespace Pskc = "urn:ietf:params:xml:ns:keyprov:pskc";

    /// <summary>SPEKE v1's own elements (KeyFormat, KeyFormatVersions, ProtectionHeader).</summary>
    public static readonly XNamespace Speke = "urn:aws:amazon:com:speke";

    /// <summary>SPEKE v1's system id for HLS AES-128: the key provider answers with the key's URL in URIExtXKey.</summary>
    public const string HlsAes128SystemId = "81376844-f976-481e-a84e-cc25d39b0b33";

    /// <summary>DASH-IF's clear key system id, which SPEKE v2.0 uses for HLS AES-128: the key tag goes in HLSSignalingData.</summary>
    public const string ClearKeySystemId = "3ea8778f-7742-4bf9-b18b-e834b2acbd47";

    /// <summary>Apple FairPlay's system id: its HLS segments are sample-encrypted (SAMPLE_AES), its key tag an skd:// URI.</summary>
    public const string FairPlaySystemId = "94ce86fb-07ff-4f43-adb8-93d2fa968ca2";

    /// <summary>The request header that makes a request SPEKE v2 (absent in v1), echoed in the response.</summary>
    public const string VersionHeader = "X-Speke-Version";

    /// <summary>The version of SPEKE v2 this key exchange speaks, and the CPIX version its documents carry.</summary>
    public const string SpekeVersion = "2.0";

    public const string CpixVersion = "2.3";
}
