namespace Airwave.Kubernetes.Configuration;

public sealed record ExecEnvVar(string Name, string Value);
