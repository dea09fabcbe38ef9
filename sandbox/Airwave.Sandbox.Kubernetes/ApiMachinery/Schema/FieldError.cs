using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.ApiMachinery.Schema;

/// <summary>One invalid field, worded as the API server words it in a 422 Invalid Status.</summary>
public sealed record FieldError(FieldErrorType Type, string Field, string Detail, JsonNode? BadValue)
{
    /// <summary>The Status cause type (metav1.CauseType).</summary>
    public string Reason => Type switch
    {
        FieldErrorType.Required => "FieldValueRequired",
        FieldErrorType.NotSupported => "FieldValueNotSupported",
        FieldErrorType.TypeInvalid => "FieldValueTypeInvalid",
        FieldErrorType.TooLong => "FieldValueTooLong",
        FieldErrorType.TooMany => "FieldValueTooMany",
        FieldErrorType.Duplicate => "FieldValueDuplicate",
        _ => "FieldValueInvalid",
    };

    public string Message => Type switch
    {
        FieldErrorType.Required => Join("Required value", Detail),
        FieldErrorType.NotSupported => $"{Field}: Unsupported value: {Show(BadValue)}: {Detail}",
        FieldErrorType.TooLong => $"{Field}: Too long: {Detail}",
        FieldErrorType.TooMany => $"{Field}: Too many: {Show(BadValue)}: {Detail}",
        FieldErrorType.Duplicate => $"{Field}: Duplicate value: {Show(BadValue)}",
        _ => $"{Field}: Invalid value: {Show(BadValue)}: {Detail}",
    };

    private string Join(string summary, string detail) =>
        detail.Length == 0 ? $"{Field}: {summary}" : $"{Field}: {summary}: {detail}";

    private static string Show(JsonNode? value) => value is null ? "\"null\"" : value.ToJsonString();
}
