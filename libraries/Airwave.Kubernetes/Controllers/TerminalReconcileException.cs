namespace Airwave.Kubernetes.Controllers;

/// <summary>A failure retrying cannot fix (an invalid spec); the object is not requeued until it changes.</summary>
public class TerminalReconcileException : Exception
{
    public TerminalReconcileException()
    {
    }

    public TerminalReconcileException(string message)
        : base(message)
    {
    }

    public TerminalReconcileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
