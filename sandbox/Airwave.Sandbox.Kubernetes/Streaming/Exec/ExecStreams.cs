namespace Airwave.Sandbox.Kubernetes.Streaming.Exec;

/// <summary>The streams of one exec, those the client asked for: stdin to read, stdout and stderr to write, terminal sizes to read.</summary>
internal sealed record ExecStreams(IDuplexChannel? Stdin, IDuplexChannel? Stdout, IDuplexChannel? Stderr, IDuplexChannel? Resize);
