namespace Airwave.Aws.Signing;

/// <summary>A parsed <c>Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...</c> header.</summary>
public sealed record SigV4AuthorizationHeader(
    string AccessKeyId,
    string Date,
    string Region,
    string Service,
    IReadOnlyList<string> SignedHeaders,
    string Signature)
{
    public static bool TryParse(string? value, out SigV4AuthorizationHeader? header)
    {
        header = null;
        if (value is null || !value.StartsWith(SigV4.Algorithm + " ", StringComparison.Ordinal))
        {
            return false;
        }
        var parts = value[(SigV4.Algorithm.Length + 1)..]
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out var credential)
            || !parts.TryGetValue("SignedHeaders", out var signedHeaders)
            || !parts.TryGetValue("Signature", out var signature))
        {
            return false;
        }
        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request")
        {
            return false;
        }
        header = new SigV4AuthorizationHeader(scope[0], scope[1], scope[2], scope[3], signedHeaders.Split(';'), signature);
        return true;
    }
}
