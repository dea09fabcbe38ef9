namespace Airwave.Aws.Tests.Signing;

/// <summary>
/// Cases from the AWS SigV4 test suite (docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html):
/// the request as given, and the canonical request, string to sign and Authorization header AWS published.
/// </summary>
public static class SigV4TestSuite
{
    public const string AccessKeyId = "AKIDEXAMPLE";
    public const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string AmzDate = "20150830T123600Z";
    public const string Region = "us-east-1";
    public const string Service = "service";
    private const string Scope = "20150830/us-east-1/service/aws4_request";
    private const string EmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string SessionToken = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

    public static TheoryData<SigV4TestVector> Vectors => new()
    {
        Get("get-vanilla", "/", "", "/", "", "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        Get("get-vanilla-query-order-key-case", "/", "Param2=value2&Param1=value1", "/", "Param1=value1&Param2=value2", "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
        Get("get-vanilla-query-order-value", "/", "Param1=value2&Param1=value1", "/", "Param1=value1&Param1=value2", "c968629d70850097a2d8781c9bf7edcb988b04cac14cca9be4acc3595f884606", "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694"),
        Get("get-vanilla-query-unreserved", "/", "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "/", "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "c30d4703d9f799439be92736156d47ccfb2d879ddf56f5befa6d1d6aab979177", "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"),
        Get("get-vanilla-utf8-query", "/", "ሴ=bar", "/", "%E1%88%B4=bar", "eb30c5bed55734080471a834cc727ae56beb50e5f39d1bff6d0d38cb192a7073", "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"),
        Get("get-unreserved", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "", "6a968768eefaa713e2a6b16b589a8ea192661f098f37349f4e2c0082757446f9", "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),
        Get("get-utf8", "/ሴ", "", "/%E1%88%B4", "", "2a0a97d02205e45ce2e994789806b19270cfbbb0921b278ccf58f5249ac42102", "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"),
        Get("get-relative-relative", "/example1/example2/../..", "", "/", "", "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        Get("get-slash-dot-slash", "/./", "", "/", "", "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        Get("get-slash-pointless-dot", "/./example", "", "/example", "", "214d50c111a8edc4819da6a636336472c916b5240f51e9a51b5c3305180cf702", "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5"),
        Get("get-slashes", "//example//", "", "/example/", "", "cb96b4ac96d501f7c5c15bc6d67b3035061cfced4af6585ad927f7e6c985c015", "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"),
        Get("get-space", "/example space/", "", "/example%20space/", "", "63ee75631ed7234ae61b5f736dfc7754cdccfedbff4b5128a915706ee9390d86", "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"),
        new SigV4TestVector(
            "get-header-key-duplicate", "GET", "/", "",
            [new("Host", "example.amazonaws.com"), new("My-Header1", "value2"), new("My-Header1", "value2"), new("My-Header1", "value1"), new("X-Amz-Date", AmzDate)],
            "",
            $"GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value2,value2,value1\nx-amz-date:{AmzDate}\n\nhost;my-header1;x-amz-date\n{EmptyHash}",
            Sts("dc7f04a3abfde8d472b0ab1a418b741b7c67174dad1551b4117b15527fbe966c"),
            Authz("host;my-header1;x-amz-date", "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea")),
        new SigV4TestVector(
            "get-header-value-trim", "GET", "/", "",
            [new("Host", "example.amazonaws.com"), new("My-Header1", " value1"), new("My-Header2", " \"a   b   c\""), new("X-Amz-Date", AmzDate)],
            "",
            $"GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\nx-amz-date:{AmzDate}\n\nhost;my-header1;my-header2;x-amz-date\n{EmptyHash}",
            Sts("a726db9b0df21c14f559d0a978e563112acb1b9e05476f0a6a1c7d68f28605c7"),
            Authz("host;my-header1;my-header2;x-amz-date", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736")),
        new SigV4TestVector(
            "post-vanilla", "POST", "/", "",
            [new("Host", "example.amazonaws.com"), new("X-Amz-Date", AmzDate)],
            "",
            $"POST\n/\n\nhost:example.amazonaws.com\nx-amz-date:{AmzDate}\n\nhost;x-amz-date\n{EmptyHash}",
            Sts("553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87"),
            Authz("host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")),
        new SigV4TestVector(
            "post-x-www-form-urlencoded", "POST", "/", "",
            [new("Content-Type", "application/x-www-form-urlencoded"), new("Host", "example.amazonaws.com"), new("X-Amz-Date", AmzDate)],
            "Param1=value1",
            $"POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-date:{AmzDate}\n\ncontent-type;host;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
            Sts("42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281"),
            Authz("content-type;host;x-amz-date", "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a")),
        new SigV4TestVector(
            "post-sts-header-before", "POST", "/", "",
            [new("Host", "example.amazonaws.com"), new("X-Amz-Date", AmzDate), new("X-Amz-Security-Token", SessionToken)],
            "",
            $"POST\n/\n\nhost:example.amazonaws.com\nx-amz-date:{AmzDate}\nx-amz-security-token:{SessionToken}\n\nhost;x-amz-date;x-amz-security-token\n{EmptyHash}",
            Sts("c237e1b440d4c63c32ca95b5b99481081cb7b13c7e40434868e71567c1a882f6"),
            Authz("host;x-amz-date;x-amz-security-token", "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead")),
    };

    private static SigV4TestVector Get(string name, string path, string query, string canonicalPath, string canonicalQuery, string canonicalHash, string signature) =>
        new(
            name, "GET", path, query,
            [new("Host", "example.amazonaws.com"), new("X-Amz-Date", AmzDate)],
            "",
            $"GET\n{canonicalPath}\n{canonicalQuery}\nhost:example.amazonaws.com\nx-amz-date:{AmzDate}\n\nhost;x-amz-date\n{EmptyHash}",
            Sts(canonicalHash),
            Authz("host;x-amz-date", signature));

    private static string Sts(string canonicalRequestHash) => $"AWS4-HMAC-SHA256\n{AmzDate}\n{Scope}\n{canonicalRequestHash}";

    private static string Authz(string signedHeaders, string signature) =>
        $"AWS4-HMAC-SHA256 Credential={AccessKeyId}/{Scope}, SignedHeaders={signedHeaders}, Signature={signature}";
}
