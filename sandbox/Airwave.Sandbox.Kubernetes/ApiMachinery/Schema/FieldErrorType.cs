namespace Airwave.Sandbox.Kubernetes.ApiMachinery.Schema;

/// <summary>The kinds of field errors the API server reports (k8s.io/apimachinery field.ErrorType).</summary>
public enum FieldErrorType
{
    Required,
    Invalid,
    NotSupported,
    TypeInvalid,
    TooLong,
    TooMany,
    Duplicate,
}
