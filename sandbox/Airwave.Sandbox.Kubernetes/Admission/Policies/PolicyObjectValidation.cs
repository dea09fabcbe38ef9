using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Errors;
using Cel;

namespace Airwave.Sandbox.Kubernetes.Admission.Policies;

/// <summary>
/// What the API server refuses in a ValidatingAdmissionPolicy or its binding when it is written: missing required
/// fields, unknown enum values and expressions that do not compile. Parameters (paramKind, paramRef) are refused
/// here because the sandbox does not serve them.
/// </summary>
internal static class PolicyObjectValidation
{
    private static readonly string[] Reasons = ["Unauthorized", "Forbidden", "Invalid", "RequestEntityTooLarge"];
    private static readonly string[] Actions = ["Deny", "Warn", "Audit"];

    public static IEnumerable<StatusCause> Policy(JsonObject policy)
    {
        var spec = policy["spec"] as JsonObject ?? [];
        if (spec["paramKind"] is not null)
        {
            yield return new StatusCause("FieldValueForbidden", "Forbidden: the sandbox does not serve policy parameters", "spec.paramKind");
        }

        if ((spec["matchConstraints"]?["resourceRules"] as JsonArray ?? []).Count == 0)
        {
            yield return new StatusCause("FieldValueRequired", "Required value", "spec.matchConstraints.resourceRules");
        }

        if ((string?)spec["failurePolicy"] is { } failurePolicy && failurePolicy is not ("Fail" or "Ignore"))
        {
            yield return Unsupported("spec.failurePolicy", failurePolicy, ["Fail", "Ignore"]);
        }

        var validations = (spec["validations"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (validations.Count == 0 && (spec["auditAnnotations"] as JsonArray ?? []).Count == 0)
        {
            yield return new StatusCause("FieldValueRequired", "Required value: validations or auditAnnotations must contain at least one item", "spec.validations");
        }

        foreach (var (list, field) in new[] { ("matchConditions", "expression"), ("variables", "expression"), ("validations", "expression"), ("validations", "messageExpression") })
        {
            var items = (spec[list] as JsonArray ?? []).OfType<JsonObject>().ToList();
            for (var i = 0; i < items.Count; i++)
            {
                if (Compiles((string?)items[i][field], required: field == "expression", $"spec.{list}[{i}].{field}") is { } cause)
                {
                    yield return cause;
                }
            }
        }

        for (var i = 0; i < validations.Count; i++)
        {
            if ((string?)validations[i]["reason"] is { } reason && !Reasons.Contains(reason, StringComparer.Ordinal))
            {
                yield return Unsupported($"spec.validations[{i}].reason", reason, Reasons);
            }
        }
    }

    public static IEnumerable<StatusCause> Binding(JsonObject binding)
    {
        var spec = binding["spec"] as JsonObject ?? [];
        if (string.IsNullOrEmpty((string?)spec["policyName"]))
        {
            yield return new StatusCause("FieldValueRequired", "Required value", "spec.policyName");
        }

        if (spec["paramRef"] is not null)
        {
            yield return new StatusCause("FieldValueForbidden", "Forbidden: the sandbox does not serve policy parameters", "spec.paramRef");
        }

        var actions = (spec["validationActions"] as JsonArray ?? []).Select(a => (string?)a ?? "").ToList();
        if (actions.Count == 0)
        {
            yield return new StatusCause("FieldValueRequired", "Required value: at least one validation action is required", "spec.validationActions");
        }

        for (var i = 0; i < actions.Count; i++)
        {
            if (!Actions.Contains(actions[i], StringComparer.Ordinal))
            {
                yield return Unsupported($"spec.validationActions[{i}]", actions[i], Actions);
            }
        }

        if (actions.Contains("Deny") && actions.Contains("Warn"))
        {
            yield return new StatusCause("FieldValueInvalid", "Invalid value: the Deny and Warn actions are not allowed together", "spec.validationActions");
        }
    }

    private static StatusCause? Compiles(string? expression, bool required, string field)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return required ? new StatusCause("FieldValueRequired", "Required value", field) : null;
        }

        try
        {
            CelExpression.Compile(expression);
            return null;
        }
        catch (CelException e)
        {
            return new StatusCause("FieldValueInvalid", $"Invalid value: \"{expression}\": compilation failed: {e.Message}", field);
        }
    }

    private static StatusCause Unsupported(string field, string value, string[] supported) =>
        new("FieldValueNotSupported", $"Unsupported value: \"{value}\": supported values: {string.Join(", ", supported.Select(s => $"\"{s}\""))}", field);
}
