namespace Airwave.Prometheus.Tests.Hosting;

internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);
