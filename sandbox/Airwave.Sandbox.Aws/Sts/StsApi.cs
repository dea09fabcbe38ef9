using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Airwave.Sandbox.Aws.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Airwave.Sandbox.Aws.Sts;

/// <summary>
/// AWS STS over its query protocol, as the AWS CLI and the SDKs call it: a signed POST to <c>/</c> of a form naming
/// the <c>Action</c>, answered in XML. AssumeRole issues session credentials that S3 accepts until they expire,
/// limited by the request's inline session policy; GetCallerIdentity names the account's caller. The model's other
/// actions are refused by name; an action it does not have is InvalidAction.
/// </summary>
internal sealed partial class StsApi(StsSessions sessions, AwsEmulatorOptions options)
{
    public static readonly XNamespace Xmlns = "https://sts.amazonaws.com/doc/2011-06-15/";

    private static readonly string[] ModelActions =
    [
        "AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "AssumeRoot", "DecodeAuthorizationMessage",
        "GetAccessKeyInfo", "GetCallerIdentity", "GetDelegatedAccessToken", "GetFederationToken", "GetSessionToken", "GetWebIdentityToken",
    ];

    /// <summary>Whether the request is an STS call: a POST to the root signed for sts.</summary>
    public static bool Addresses(HttpRequest request, string? signedFor) =>
        HttpMethods.IsPost(request.Method) && request.Path == "/" && signedFor == "sts";

    /// <summary>The form's fields; the body stays readable for the signature check.</summary>
    public static async Task<Dictionary<string, StringValues>> ReadFormAsync(HttpContext context)
    {
        var body = await SignedRequest.ReadBodyAsync(context.Request, rewind: true, context.RequestAborted);
        return QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
    }

    public async Task InvokeAsync(HttpContext context, string action, IReadOnlyDictionary<string, StringValues> form)
    {
        var result = action switch
        {
            "AssumeRole" => AssumeRole(form),
            "GetCallerIdentity" => new XElement(Xmlns + "GetCallerIdentityResult",
                new XElement(Xmlns + "UserId", "AIDAAIRWAVESANDBOX01"),
                new XElement(Xmlns + "Account", options.AccountId),
                new XElement(Xmlns + "Arn", $"arn:aws:iam::{options.AccountId}:user/airwave-sandbox")),
            _ when ModelActions.Contains(action) => throw AwsErrorWriter.NotSupported(new AwsOperation(AwsServiceKind.Sts, action)),
            _ => throw new AwsApiException(HttpStatusCode.BadRequest, "InvalidAction", $"Could not find operation {action} for version 2011-06-15"),
        };
        var document = new XElement(Xmlns + $"{action}Response",
            result,
            new XElement(Xmlns + "ResponseMetadata", new XElement(Xmlns + "RequestId", AwsErrorWriter.RequestId(context))));
        context.Response.ContentType = "text/xml";
        await context.Response.WriteAsync(document.ToString(SaveOptions.DisableFormatting), context.RequestAborted);
    }

    private XElement AssumeRole(IReadOnlyDictionary<string, StringValues> form)
    {
        var roleArn = Required(form, "RoleArn", "roleArn", 20, 2048);
        var sessionName = Required(form, "RoleSessionName", "roleSessionName", 2, 64);
        if (!SessionName().IsMatch(sessionName))
        {
            throw Invalid(sessionName, "roleSessionName", @"Member must satisfy regular expression pattern: [\w+=,.@-]*");
        }

        if (!RoleArn().IsMatch(roleArn))
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "ValidationError", $"{roleArn} is invalid");
        }

        if (form.Keys.Any(k => k.StartsWith("PolicyArns.", StringComparison.Ordinal)))
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "ValidationError", "The Airwave sandbox's STS takes inline session policies (Policy), not managed ones (PolicyArns): it has no IAM policies to name.");
        }

        var seconds = 3600;
        if (form.TryGetValue("DurationSeconds", out var duration) && (!int.TryParse(duration, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) || seconds is < 900 or > 43200))
        {
            throw Invalid(duration.ToString(), "durationSeconds", seconds < 900 ? "Member must have value greater than or equal to 900" : "Member must have value less than or equal to 43200");
        }

        var policy = SessionPolicy.None;
        var packed = 0;
        if (form.TryGetValue("Policy", out var document))
        {
            var text = document.ToString();
            if (text.Length is < 1 or > 2048)
            {
                throw Invalid(text, "policy", text.Length < 1 ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 2048");
            }

            try
            {
                policy = SessionPolicy.Parse(text);
            }
            catch (FormatException e)
            {
                throw new AwsApiException(HttpStatusCode.BadRequest, "MalformedPolicyDocument", e.Message);
            }

            // What share of the size limit the policy takes, in percent, as STS reports it.
            packed = Math.Clamp((int)Math.Ceiling(Regex.Replace(text, @"\s+", "").Length * 100.0 / 2048), 1, 100);
        }

        var session = sessions.Issue(roleArn, sessionName, policy, TimeSpan.FromSeconds(seconds));
        return new XElement(Xmlns + "AssumeRoleResult",
            new XElement(Xmlns + "AssumedRoleUser",
                new XElement(Xmlns + "AssumedRoleId", session.AssumedRoleId),
                new XElement(Xmlns + "Arn", session.AssumedRoleArn)),
            new XElement(Xmlns + "Credentials",
                new XElement(Xmlns + "AccessKeyId", session.AccessKeyId),
                new XElement(Xmlns + "SecretAccessKey", session.SecretAccessKey),
                new XElement(Xmlns + "SessionToken", session.SessionToken),
                new XElement(Xmlns + "Expiration", session.Expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))),
            packed > 0 ? new XElement(Xmlns + "PackedPolicySize", packed) : null);
    }

    private static string Required(IReadOnlyDictionary<string, StringValues> form, string field, string member, int min, int max)
    {
        if (!form.TryGetValue(field, out var value) || value.ToString() is not { Length: > 0 } text)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "MissingParameter", $"The request must contain the parameter {field}.");
        }

        return text.Length < min ? throw Invalid(text, member, $"Member must have length greater than or equal to {min}")
            : text.Length > max ? throw Invalid(text, member, $"Member must have length less than or equal to {max}")
            : text;
    }

    private static AwsApiException Invalid(string value, string member, string constraint) =>
        new(HttpStatusCode.BadRequest, "ValidationError", $"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}");

    [GeneratedRegex(@"^[\w+=,.@-]*$")]
    private static partial Regex SessionName();

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+$")]
    private static partial Regex RoleArn();
}
