namespace Airwave.Aws.Tests.Signing;

/// <summary>One case of the AWS Signature Version 4 test suite (credentials AKIDEXAMPLE, us-east-1, service "service").</summary>
public sealed record SigV4TestVector(
    string Name,
    string Method,
    string Path,
    string Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string Body,
    string CanonicalRequest,
    string StringToSign,
    string Authorization)
{
    public override string ToString() => Name;
}
