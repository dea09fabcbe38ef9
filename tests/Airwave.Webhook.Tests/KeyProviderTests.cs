using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Airwave.Api.LiveStreams;
using Airwave.Aws.MediaPackage;
using Airwave.Sandbox.Aws;

namespace Airwave.Webhook.Tests;

/// <summary>
/// The installation's key provider on the webhook service's public port, as MediaPackage calls it through the API
/// Gateway in front (which adds the caller token), and as players fetch the keys the playlists name.
/// </summary>
public sealed class KeyProviderTests(CallbackSandbox sandbox) : IClassFixture<CallbackSandbox>, IDisposable
{
    private static readonly XNamespace CpixNs = Cpix.Namespace;
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private Uri SpekeUrl => new(sandbox.Host.MuxCallbackUrl!, "/v1/speke");

    [Fact]
    public async Task MediaPackage_gets_a_key_per_key_id_that_players_fetch_from_the_url_it_names()
    {
        var token = await CallerTokenAsync();
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());

        using var answered = await AskAsync(V1Request("endpoint-a", first, period: 7), token);
        var document = XDocument.Parse(await answered.Content.ReadAsStringAsync());
        var key = KeyOf(document, first);
        var keyUrl = new Uri(Encoding.UTF8.GetString(Convert.FromBase64String(document.Descendants(CpixNs + "URIExtXKey").Single().Value)));
        var fetched = await _http.GetByteArrayAsync(keyUrl);
        using var again = await AskAsync(V1Request("endpoint-a", first, period: 7), token);
        var sameKey = KeyOf(XDocument.Parse(await again.Content.ReadAsStringAsync()), first);
        using var next = await AskAsync(V1Request("endpoint-a", second, period: 8), token);
        var nextKey = KeyOf(XDocument.Parse(await next.Content.ReadAsStringAsync()), second);
        using var elsewhere = await AskAsync(V1Request("endpoint-b", first, period: 7), token);
        var otherContentKey = KeyOf(XDocument.Parse(await elsewhere.Content.ReadAsStringAsync()), first);

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal("application/xml", answered.Content.Headers.ContentType?.MediaType);
        Assert.True(answered.Headers.Contains("Speke-User-Agent"));
        Assert.Equal(16, key.Length);
        Assert.Equal($"{sandbox.Host.MuxCallbackUrl!.GetLeftPart(UriPartial.Authority)}/v1/keys/endpoint-a/{first:D}", keyUrl.ToString());
        Assert.Equal(key, fetched);
        Assert.Equal(key, sameKey);
        Assert.NotEqual(key, nextKey);
        Assert.NotEqual(key, otherContentKey);

        // What the request asked for comes back, filled in: the period list and usage rules are kept.
        Assert.Equal("7", (string?)document.Descendants(CpixNs + "ContentKeyPeriod").Single().Attribute("index"));
        Assert.Empty(document.Descendants(CpixNs + "PSSH"));
    }

    [Fact]
    public async Task The_seed_every_key_derives_from_is_kept_only_encrypted_under_the_installations_kms_key()
    {
        var token = await CallerTokenAsync();
        var kid = Guid.NewGuid();
        // The operator makes the seed once it runs: a test run first in the fixture may come before it.
        var made = await Eventually.MatchAsync(
            () => sandbox.Kubectl.RunAsync("get", "secret", ContentKeySeedSecret.Name, "-n", "default", "-o", "json"),
            r => r.ExitCode == 0,
            TimeSpan.FromSeconds(30),
            "the content key seed Secret");
        var secret = JsonNode.Parse(made.StandardOutput)!;
        var fields = secret["data"]!.AsObject().Select(f => f.Key).ToList();
        var encrypted = KmsEncryptedSeed.Parse(Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["data"]![ContentKeySeedSecret.KmsEncryptedField]!)));
        using var cli = new AwsCli(sandbox.Host.Aws!.BaseAddress, AwsEmulatorOptions.TestCredentials.AccessKeyId, AwsEmulatorOptions.TestCredentials.SecretAccessKey);
        var blob = cli.PathOf("seed.bin");
        await File.WriteAllBytesAsync(blob, Convert.FromBase64String(encrypted.Ciphertext));
        var decrypted = await cli.RunAsync("kms", "decrypt", "--ciphertext-blob", $"fileb://{blob}", "--encryption-context", "purpose=airwave-content-key-seed");
        var withoutContext = await cli.RunAsync("kms", "decrypt", "--ciphertext-blob", $"fileb://{blob}");
        using var answered = await AskAsync(V1Request("endpoint-e", kid, period: 0), token);
        var served = KeyOf(XDocument.Parse(await answered.Content.ReadAsStringAsync()), kid);

        Assert.Equal([ContentKeySeedSecret.KmsEncryptedField], fields);
        Assert.Equal($"arn:aws:kms:us-east-1:123456789012:key/{sandbox.Host.Aws.Options.ContentKeySeedKmsKeyId}", encrypted.KeyArn);
        Assert.True(decrypted.ExitCode == 0, decrypted.ToString());
        Assert.Contains("InvalidCiphertextException", withoutContext.Error, StringComparison.Ordinal);

        // The key served is the one derived from the seed KMS gave back: the Secret alone derives nothing.
        var seed = Convert.FromBase64String((string)decrypted.Json["Plaintext"]!);
        Assert.Equal(32, seed.Length);
        Assert.Equal(HKDF.DeriveKey(HashAlgorithmName.SHA256, seed, 16, info: Encoding.UTF8.GetBytes($"airwave content key\nendpoint-e\n{kid:D}")), served);
    }

    [Fact]
    public async Task A_speke_v2_request_gets_its_key_tags_in_hls_signaling_data_and_its_version_back()
    {
        var token = await CallerTokenAsync();
        var kid = Guid.NewGuid();

        using var answered = await AskAsync(V2Request("endpoint-c", kid, Cpix.ClearKeySystemId), token, version: "2.0");
        var document = XDocument.Parse(await answered.Content.ReadAsStringAsync());
        var signaling = document.Descendants(CpixNs + "HLSSignalingData").ToDictionary(e => (string)e.Attribute("playlist")!, e => Encoding.UTF8.GetString(Convert.FromBase64String(e.Value)));
        var keyUrl = $"{sandbox.Host.MuxCallbackUrl!.GetLeftPart(UriPartial.Authority)}/v1/keys/endpoint-c/{kid:D}";

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal("2.0", answered.Headers.GetValues(Cpix.VersionHeader).Single());
        Assert.True(answered.Headers.Contains("X-Speke-User-Agent"));
        Assert.Equal(16, KeyOf(document, kid).Length);
        Assert.Equal($"#EXT-X-KEY:METHOD=AES-128,URI=\"{keyUrl}\"", signaling["media"]);
        Assert.Equal($"#EXT-X-SESSION-KEY:METHOD=AES-128,URI=\"{keyUrl}\"", signaling["master"]);
        Assert.Equal(KeyOf(document, kid), await _http.GetByteArrayAsync(new Uri(keyUrl)));
    }

    [Fact]
    public async Task Requests_without_the_caller_token_or_that_speke_refuses_are_refused_with_the_reason()
    {
        var token = await CallerTokenAsync();
        var kid = Guid.NewGuid();

        using var anonymous = await AskAsync(V1Request("endpoint-d", kid, 0), null);
        using var wrongToken = await AskAsync(V1Request("endpoint-d", kid, 0), "not-the-token");
        using var newerVersion = await AskAsync(V2Request("endpoint-d", kid, Cpix.ClearKeySystemId), token, version: "2.1");
        var noContentId = V2Request("endpoint-d", kid, Cpix.ClearKeySystemId);
        noContentId.Root!.Attribute("contentId")!.Remove();
        using var withoutContentId = await AskAsync(noContentId, token, version: "2.0");
        var noScheme = V2Request("endpoint-d", kid, Cpix.ClearKeySystemId);
        noScheme.Descendants(CpixNs + "ContentKey").Single().Attribute("commonEncryptionScheme")!.Remove();
        using var withoutScheme = await AskAsync(noScheme, token, version: "2.0");
        using var widevine = await AskAsync(V2Request("endpoint-d", kid, "edef8ba9-79d6-4ace-a3c8-27dcd51d21ed"), token, version: "2.0");
        using var slashed = await AskAsync(V1Request("team/stream", kid, 0), token);
        using var dtd = await SendAsync("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>", token, null);

        Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
        Assert.Contains(SpekeCallerTokenSecret.Header, await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, wrongToken.StatusCode);
        await AssertRefusedAsync(newerVersion, "Unsupported SPEKE version");
        await AssertRefusedAsync(withoutContentId, "Missing CPIX@contentId");
        await AssertRefusedAsync(withoutScheme, $"Missing ContentKey@commonEncryptionScheme for KID {kid}");
        await AssertRefusedAsync(widevine, "DRM system edef8ba9-79d6-4ace-a3c8-27dcd51d21ed is not served here");
        await AssertRefusedAsync(slashed, "none of them /");
        await AssertRefusedAsync(dtd, "not XML");
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string reason)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<string> CallerTokenAsync() =>
        Encoding.UTF8.GetString(Convert.FromBase64String(await sandbox.Kubectl.SucceedAsync("get", "secret", SpekeCallerTokenSecret.Name, "-n", "default", "-o", "jsonpath={.data.token}")));

    private Task<HttpResponseMessage> AskAsync(XDocument request, string? token, string? version = null) =>
        SendAsync(request.ToString(), token, version);

    private async Task<HttpResponseMessage> SendAsync(string body, string? token, string? version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, SpekeUrl) { Content = new StringContent(body, Encoding.UTF8, "application/xml") };
        if (token is not null)
        {
            request.Headers.Add(SpekeCallerTokenSecret.Header, token);
        }

        if (version is not null)
        {
            request.Headers.Add(Cpix.VersionHeader, version);
        }

        return await _http.SendAsync(request);
    }

    private static byte[] KeyOf(XDocument document, Guid kid) =>
        Convert.FromBase64String(document.Descendants(CpixNs + "ContentKey").Single(k => Guid.Parse((string)k.Attribute("kid")!) == kid)
            .Descendants(Cpix.Pskc + "PlainValue").Single().Value);

    /// <summary>A SPEKE v1 key request for HLS AES-128 with key rotation, as AWS's specification shows one.</summary>
    private static XDocument V1Request(string contentId, Guid kid, long period) => XDocument.Parse($"""
        <cpix:CPIX id="{contentId}" xmlns:cpix="urn:dashif:org:cpix" xmlns:pskc="urn:ietf:params:xml:ns:keyprov:pskc" xmlns:speke="urn:aws:amazon:com:speke">
          <cpix:ContentKeyList><cpix:ContentKey kid="{kid}"></cpix:ContentKey></cpix:ContentKeyList>
          <cpix:DRMSystemList>
            <cpix:DRMSystem kid="{kid}" systemId="81376844-f976-481e-a84e-cc25d39b0b33">
              <cpix:ContentProtectionData /><speke:KeyFormat /><speke:KeyFormatVersions /><speke:ProtectionHeader /><cpix:PSSH /><cpix:URIExtXKey />
            </cpix:DRMSystem>
          </cpix:DRMSystemList>
          <cpix:ContentKeyPeriodList><cpix:ContentKeyPeriod id="keyPeriod_{period}" index="{period}" /></cpix:ContentKeyPeriodList>
          <cpix:ContentKeyUsageRuleList><cpix:ContentKeyUsageRule kid="{kid}"><cpix:KeyPeriodFilter periodId="keyPeriod_{period}" /></cpix:ContentKeyUsageRule></cpix:ContentKeyUsageRuleList>
        </cpix:CPIX>
        """);

    /// <summary>A SPEKE v2.0 request (CPIX 2.3) for one key, shaped as the SPEKE verification suite's v1-style request.</summary>
    private static XDocument V2Request(string contentId, Guid kid, string systemId) => XDocument.Parse($"""
        <cpix:CPIX contentId="{contentId}" version="2.3" xmlns:cpix="urn:dashif:org:cpix" xmlns:pskc="urn:ietf:params:xml:ns:keyprov:pskc">
          <cpix:ContentKeyList><cpix:ContentKey kid="{kid}" commonEncryptionScheme="cbc1"></cpix:ContentKey></cpix:ContentKeyList>
          <cpix:DRMSystemList>
            <cpix:DRMSystem kid="{kid}" systemId="{systemId}">
              <cpix:HLSSignalingData playlist="media"></cpix:HLSSignalingData><cpix:HLSSignalingData playlist="master"></cpix:HLSSignalingData>
            </cpix:DRMSystem>
          </cpix:DRMSystemList>
          <cpix:ContentKeyPeriodList><cpix:ContentKeyPeriod id="keyPeriod_0" index="0" /></cpix:ContentKeyPeriodList>
          <cpix:ContentKeyUsageRuleList><cpix:ContentKeyUsageRule kid="{kid}" intendedTrackType="ALL"><cpix:KeyPeriodFilter periodId="keyPeriod_0" /></cpix:ContentKeyUsageRule></cpix:ContentKeyUsageRuleList>
        </cpix:CPIX>
        """);
}
