namespace Airwave.Sandbox;

/// <summary>What the sandbox command was asked to run.</summary>
internal sealed record SandboxOptions(int KubePort, string KubeconfigPath, bool ApiOnly, bool Https);
