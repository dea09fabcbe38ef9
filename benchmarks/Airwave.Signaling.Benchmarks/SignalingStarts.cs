using System.Globalization;
using Airwave.Benchmarking;

namespace Airwave.Signaling.Benchmarks;

/// <summary>
/// The signaling service's start, build against build (<see cref="ProgramStarts"/>): each start on a new SQLite
/// database, so every one runs the migrations, as a new pod with an empty volume does; ready when the management
/// port's <c>/readyz</c> answers.
/// </summary>
public static class SignalingStarts
{
    public static async Task RunAsync(IReadOnlyList<string> builds, int rounds)
    {
        var folder = Directory.CreateTempSubdirectory("airwave-signaling-starts-");
        try
        {
            await ProgramStarts.CompareAsync(builds, rounds, () => Prepare(folder), folder.FullName);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static (IReadOnlyDictionary<string, string>, Uri) Prepare(DirectoryInfo folder)
    {
        var (publicPort, managementPort) = (Ports.Free(), Ports.Free());
        var database = Path.Combine(folder.FullName, $"{Guid.NewGuid():N}.db");
        var environment = new Dictionary<string, string>
        {
            ["AIRWAVE_Signaling__BindAddress"] = "127.0.0.1",
            ["AIRWAVE_Signaling__PublicPort"] = publicPort.ToString(CultureInfo.InvariantCulture),
            ["AIRWAVE_Signaling__ManagementPort"] = managementPort.ToString(CultureInfo.InvariantCulture),
            ["AIRWAVE_Signaling__Database__ConnectionString"] = $"Data Source={database}",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        return (environment, new Uri($"http://127.0.0.1:{managementPort.ToString(CultureInfo.InvariantCulture)}/readyz"));
    }
}
