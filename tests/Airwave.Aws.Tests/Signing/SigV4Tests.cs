using System.Text;
using Airwave.Aws.Credentials;
using Airwave.Aws.Signing;

namespace Airwave.Aws.Tests.Signing;

public sealed class SigV4Tests
{
    [Theory]
    [MemberData(nameof(SigV4TestSuite.Vectors), MemberType = typeof(SigV4TestSuite))]
    public void Test_suite_vector_matches_canonical_request_string_to_sign_and_authorization(SigV4TestVector vector)
    {
        var request = new SigV4Request(vector.Method, vector.Path, vector.Query, vector.Headers, SigV4.HashHex(Encoding.UTF8.GetBytes(vector.Body)));

        var canonical = SigV4.CanonicalRequest(request);
        var stringToSign = SigV4.StringToSign(canonical, SigV4TestSuite.AmzDate, SigV4.CredentialScope(SigV4TestSuite.AmzDate, SigV4TestSuite.Region, SigV4TestSuite.Service));
        var authorization = SigV4.Authorization(request, SigV4TestSuite.AccessKeyId, SigV4TestSuite.SecretAccessKey, SigV4TestSuite.AmzDate, SigV4TestSuite.Region, SigV4TestSuite.Service);

        Assert.Equal(vector.CanonicalRequest, canonical);
        Assert.Equal(vector.StringToSign, stringToSign);
        Assert.Equal(vector.Authorization, authorization);
    }

    [Fact]
    public void Authorization_header_round_trips_through_the_parser()
    {
        const string header = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

        Assert.True(SigV4AuthorizationHeader.TryParse(header, out var parsed));

        Assert.NotNull(parsed);
        Assert.Equal(("AKIDEXAMPLE", "20150830", "us-east-1", "service"), (parsed.AccessKeyId, parsed.Date, parsed.Region, parsed.Service));
        Assert.Equal(["host", "x-amz-date"], parsed.SignedHeaders);
        Assert.Equal("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", parsed.Signature);
        Assert.False(SigV4AuthorizationHeader.TryParse("Bearer abc", out _));
    }

    [Fact]
    public void Signed_http_request_carries_date_token_and_a_signature_over_its_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:4566/prod/tags/arn%3Aaws%3Amedialive%3Aus-east-1%3A1%3Achannel%3A7");
        request.Content = new ByteArrayContent("{}"u8.ToArray());
        request.Content.Headers.ContentType = new("application/json");
        var time = new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

        HttpRequestSigner.Sign(request, "{}"u8.ToArray(), new AwsCredentials("AKIDEXAMPLE", SigV4TestSuite.SecretAccessKey, "token"), "us-east-1", "medialive", time);

        Assert.Equal("20150830T123600Z", request.Headers.GetValues("X-Amz-Date").Single());
        Assert.Equal("token", request.Headers.GetValues("X-Amz-Security-Token").Single());
        var authorization = request.Headers.GetValues("Authorization").Single();
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/medialive/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=", authorization, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_never_print_their_secret_parts()
    {
        var credentials = new AwsCredentials("AKIDEXAMPLE", "very-secret-key", "very-secret-token");

        var printed = credentials.ToString();

        Assert.Contains("AKIDEXAMPLE", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret", printed, StringComparison.Ordinal);
    }
}
