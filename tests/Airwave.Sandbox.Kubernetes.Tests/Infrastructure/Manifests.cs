namespace Airwave.Sandbox.Kubernetes.Tests.Infrastructure;

/// <summary>The manifest fixtures copied next to the test assembly.</summary>
public static class Manifests
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static string Widget(string name, string state, string extraSpec = "") =>
        $"""
        apiVersion: test.airwave.dev/v1
        kind: Widget
        metadata:
          name: {name}
        spec:
          state: {state}
        {extraSpec}
        """;
}
