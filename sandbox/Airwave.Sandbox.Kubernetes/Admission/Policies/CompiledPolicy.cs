using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Admission.Policies;

/// <summary>A ValidatingAdmissionPolicy with its expressions compiled: what it matches and what it requires.</summary>
internal sealed class CompiledPolicy
{
    private readonly IReadOnlyList<(string Name, CelExpression Expression)> _matchConditions;
    private readonly IReadOnlyList<(string Name, CelExpression Expression)> _variables;
    private readonly IReadOnlyList<Validation> _validations;

    private CompiledPolicy(JsonObject policy)
    {
        var spec = policy["spec"] as JsonObject ?? [];
        Name = (string?)policy["metadata"]?["name"] ?? "";
        FailOpen = (string?)spec["failurePolicy"] == "Ignore";
        Constraints = MatchResources.From(spec["matchConstraints"] as JsonObject);
        _matchConditions = Named(spec["matchConditions"]);
        _variables = Named(spec["variables"]);
        _validations = [.. Items(spec["validations"]).Select(v => new Validation(
            CelExpression.Compile((string?)v["expression"] ?? ""),
            (string?)v["message"],
            (string?)v["messageExpression"] is { Length: > 0 } messageExpression ? CelExpression.Compile(messageExpression) : null,
            (string?)v["reason"] ?? "Invalid"))];
    }

    public string Name { get; }

    public bool FailOpen { get; }

    public MatchResources Constraints { get; }

    /// <summary>The policy with its expressions compiled; throws a CEL exception for one that does not compile.</summary>
    public static CompiledPolicy From(JsonObject policy) => new(policy);

    /// <summary>
    /// Null when the request is admitted or a match condition leaves it out; otherwise why not. An expression that
    /// cannot be evaluated fails the request unless the failure policy is Ignore.
    /// </summary>
    /// <param name="values">The write's values (<see cref="CelValues.Of"/>).</param>
    public PolicyViolation? Evaluate(IReadOnlyDictionary<string, object?> values)
    {
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        var activation = new Dictionary<string, object?>(values, StringComparer.Ordinal) { ["variables"] = variables };
        var failed = default(string);
        foreach (var (_, condition) in _matchConditions)
        {
            switch (TryEvaluate(condition, activation, out var error))
            {
                case false:
                    return null;
                case null:
                    failed ??= error;
                    break;
            }
        }

        if (failed is null)
        {
            foreach (var (name, expression) in _variables)
            {
                try
                {
                    variables[name] = expression.Evaluate(activation);
                }
                catch (CelEvaluationException e)
                {
                    failed = $"variable '{name}' resulted in error: {e.Message}";
                    break;
                }
            }
        }

        foreach (var validation in failed is null ? _validations : [])
        {
            switch (TryEvaluate(validation.Rule, activation, out var error))
            {
                case false:
                    return new PolicyViolation(validation.MessageFor(activation), validation.Reason);
                case null:
                    failed = error;
                    break;
            }

            if (failed is not null)
            {
                break;
            }
        }

        return failed is null || FailOpen ? null : new PolicyViolation(failed, "Invalid");
    }

    /// <summary>True or false, or null with the error when it cannot be evaluated or is not a bool.</summary>
    private static bool? TryEvaluate(CelExpression expression, Dictionary<string, object?> activation, out string error)
    {
        error = "";
        try
        {
            if (expression.Evaluate(activation) is bool result)
            {
                return result;
            }

            error = $"expression '{expression.Text}' resulted in error: the expression does not return a bool";
        }
        catch (CelEvaluationException e)
        {
            error = $"expression '{expression.Text}' resulted in error: {e.Message}";
        }

        return null;
    }

    private static List<(string, CelExpression)> Named(JsonNode? items) =>
        [.. Items(items).Select(i => ((string?)i["name"] ?? "", CelExpression.Compile((string?)i["expression"] ?? "")))];

    private static IEnumerable<JsonObject> Items(JsonNode? items) => (items as JsonArray ?? []).OfType<JsonObject>();

    private sealed record Validation(CelExpression Rule, string? Message, CelExpression? MessageExpression, string Reason)
    {
        /// <summary>The messageExpression's string when it gives one, else the message, else the failed expression.</summary>
        public string MessageFor(Dictionary<string, object?> activation)
        {
            try
            {
                if (MessageExpression?.Evaluate(activation) is string { Length: > 0 } text)
                {
                    return text;
                }
            }
            catch (CelEvaluationException)
            {
                // As kube-apiserver: a message expression that fails falls back to the message.
            }

            return Message is { Length: > 0 } ? Message : $"failed expression: {Rule.Text}";
        }
    }
}

/// <summary>Why a policy refuses a request, and the reason (Invalid, Forbidden, Unauthorized, RequestEntityTooLarge) its status carries.</summary>
internal sealed record PolicyViolation(string Message, string Reason);
