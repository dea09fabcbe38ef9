namespace Airwave.Sandbox.Kubernetes.Rest;

/// <summary>The fieldValidation query parameter: what to do about fields the schema does not know.</summary>
internal enum FieldValidation
{
    Ignore,
    Warn,
    Strict,
}
