using System.Text.Json.Nodes;

namespace Airwave.Api.Validation;

/// <summary>
/// A problem with one field of a spec, worded as the Kubernetes API server words its own validation errors
/// (<c>spec.sections[1].end: Invalid value: 5: must be after start (10)</c>), so a refusal from admission reads like
/// a schema error and a condition's message says the same.
/// </summary>
public sealed record FieldError(string Field, FieldErrorType Type, string Detail, string? Value = null)
{
    /// <summary>The reason of the Ready condition of a resource whose spec breaks a rule.</summary>
    public const string ConditionReason = "InvalidSpec";

    public static FieldError Invalid(string field, string value, string detail) => new(field, FieldErrorType.Invalid, detail, JsonValue.Create(value).ToJsonString());

    /// <summary>A number, shown as JSON writes it (5, 2.5).</summary>
    public static FieldError Invalid(string field, double value, string detail) => new(field, FieldErrorType.Invalid, detail, JsonValue.Create(value).ToJsonString());

    public static FieldError Required(string field, string detail) => new(field, FieldErrorType.Required, detail);

    public static FieldError Forbidden(string field, string detail) => new(field, FieldErrorType.Forbidden, detail);

    /// <summary>The cause's reason in a Kubernetes Status (<c>FieldValueInvalid</c> and so on).</summary>
    public string Reason => Type switch
    {
        FieldErrorType.Required => "FieldValueRequired",
        FieldErrorType.Forbidden => "FieldValueForbidden",
        _ => "FieldValueInvalid",
    };

    /// <summary>The error without its field, as a Status cause's message carries it (clients put the field in front).</summary>
    public string Body => Type switch
    {
        FieldErrorType.Required => $"Required value: {Detail}",
        FieldErrorType.Forbidden => $"Forbidden: {Detail}",
        _ => $"Invalid value: {Value}: {Detail}",
    };

    public override string ToString() => $"{Field}: {Body}";
}
