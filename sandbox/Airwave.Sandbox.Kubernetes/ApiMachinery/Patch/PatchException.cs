namespace Airwave.Sandbox.Kubernetes.ApiMachinery.Patch;

/// <summary>
/// A patch that cannot be applied to its target: malformed operations, failed tests, missing paths,
/// invalid directives. The message names the offending path or directive so that the API server
/// can hand it to the client unchanged (as a 422 or 400 Status).
/// </summary>
public sealed class PatchException : Exception
{
    public PatchException()
    {
    }

    public PatchException(string message)
        : base(message)
    {
    }

    public PatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
