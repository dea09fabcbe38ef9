namespace Airwave.Sandbox.OperatorInPod;

/// <summary>With --operator-in-pod, the operator's pod did not become ready; the message says where to look.</summary>
public sealed class OperatorPodNotReadyException(string message) : Exception(message);
