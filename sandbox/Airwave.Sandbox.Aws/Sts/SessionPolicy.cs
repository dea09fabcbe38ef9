using System.Text.Json;
using System.Text.RegularExpressions;

namespace Airwave.Sandbox.Aws.Sts;

/// <summary>
/// An IAM policy document as a session policy limits an assumed role: a request is allowed when a statement allows
/// its action on its resource and none denies it (<c>Action</c>/<c>NotAction</c>, <c>Resource</c>/<c>NotResource</c>,
/// with <c>*</c> and <c>?</c> wildcards). The emulator has no IAM roles, so a role allows everything and the session
/// policy alone decides; a session without one may do what the role may. Conditions are not evaluated: a statement
/// with one allows nothing, and denies whatever else it matches.
/// </summary>
internal sealed class SessionPolicy
{
    private readonly IReadOnlyList<Statement>? _statements;

    private SessionPolicy(IReadOnlyList<Statement>? statements) => _statements = statements;

    /// <summary>No session policy: the role's permissions.</summary>
    public static SessionPolicy None { get; } = new(null);

    /// <exception cref="FormatException">Not a policy document STS would take, with STS's reason.</exception>
    public static SessionPolicy Parse(string document)
    {
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(document);
        }
        catch (JsonException)
        {
            throw new FormatException("Syntax errors in policy.");
        }

        using (parsed)
        {
            var root = parsed.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Statement", out var statement))
            {
                throw new FormatException("Syntax errors in policy.");
            }

            var statements = statement.ValueKind == JsonValueKind.Array ? statement.EnumerateArray().ToList() : [statement];
            return new SessionPolicy([.. statements.Select(Statement.Parse)]);
        }
    }

    /// <summary>Whether <paramref name="action"/> (<c>s3:PutObject</c>) on <paramref name="resource"/> (an ARN) is allowed.</summary>
    public bool Allows(string action, string resource)
    {
        if (_statements is null)
        {
            return true;
        }

        var matching = _statements.Where(s => s.Matches(action, resource)).ToList();
        return !matching.Any(s => !s.Allow) && matching.Any(s => s.Allow && !s.Conditional);
    }

    private sealed record Statement(bool Allow, IReadOnlyList<Regex> Actions, bool NotAction, IReadOnlyList<Regex> Resources, bool NotResource, bool Conditional)
    {
        public bool Matches(string action, string resource) =>
            Actions.Any(a => a.IsMatch(action)) != NotAction && Resources.Any(r => r.IsMatch(resource)) != NotResource;

        public static Statement Parse(JsonElement element)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("Effect", out var effect) || effect.GetString() is not ("Allow" or "Deny"))
            {
                throw new FormatException("Syntax errors in policy.");
            }

            var (actions, notAction) = Patterns(element, "Action", "NotAction", ignoreCase: true);
            var (resources, notResource) = Patterns(element, "Resource", "NotResource", ignoreCase: false);
            return new Statement(effect.GetString() == "Allow", actions, notAction, resources, notResource, element.TryGetProperty("Condition", out _));
        }

        private static (IReadOnlyList<Regex> Patterns, bool Not) Patterns(JsonElement element, string name, string notName, bool ignoreCase)
        {
            var not = element.TryGetProperty(notName, out var value);
            if (!not && !element.TryGetProperty(name, out value))
            {
                throw new FormatException($"Policy statement must contain {name.ToLowerInvariant()}s.");
            }

            var items = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(v => v.GetString()).ToList() : [value.GetString()];
            if (items.Any(i => i is null))
            {
                throw new FormatException("Syntax errors in policy.");
            }

            // IAM's wildcards: * any run of characters, ? one; action names are case-insensitive.
            var options = RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
            return ([.. items.Select(i => new Regex("^" + Regex.Escape(i!).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", options, TimeSpan.FromSeconds(1)))], not);
        }
    }
}
