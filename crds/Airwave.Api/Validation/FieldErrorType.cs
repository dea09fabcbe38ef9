namespace Airwave.Api.Validation;

/// <summary>The kinds of field error the API server reports.</summary>
public enum FieldErrorType
{
    Invalid,
    Required,
    Forbidden,
}
