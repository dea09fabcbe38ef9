using System.Diagnostics;
using System.Globalization;

namespace Airwave.Benchmarking;

/// <summary>
/// How builds of one program start, side by side: each build started in turn, round after round (alternating, so the
/// machine's state weighs on each alike); per start, the time until its readiness URL answers 200, and its resident
/// memory and the CPU it had used by then. A build is a DLL (run under <c>dotnet</c>, as a ReadyToRun or JIT build
/// is) or a native program.
/// </summary>
public static class ProgramStarts
{
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromMinutes(1);

    /// <summary>The command that runs <paramref name="build"/>.</summary>
    public static string[] Command(string build) =>
        build.EndsWith(".dll", StringComparison.Ordinal) ? ["dotnet", Path.GetFullPath(build)] : [Path.GetFullPath(build)];

    /// <summary>
    /// Starts every build <paramref name="rounds"/> times, each start in the environment and with the readiness URL
    /// <paramref name="prepare"/> gives (fresh ports, a fresh database), and prints each start, then a table of medians
    /// with each build's ratio to the first's.
    /// </summary>
    public static async Task CompareAsync(IReadOnlyList<string> builds, int rounds, Func<(IReadOnlyDictionary<string, string> Environment, Uri Ready)> prepare, string workingDirectory)
    {
        var starts = builds.ToDictionary(b => b, _ => new List<Start>(), StringComparer.Ordinal);
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var build in round % 2 == 1 ? builds : builds.Reverse())
            {
                var (environment, ready) = prepare();
                var start = await MeasureAsync(build, environment, ready, workingDirectory);
                starts[build].Add(start);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}, {build}: ready in {start.Ready.TotalSeconds:F2} s, {start.ResidentBytes / 1048576.0:F0} MB resident, {start.Cpu.TotalSeconds:F2} s of CPU"));
            }
        }

        var first = Median(starts[builds[0]]);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Medians of {rounds} starts each, on {Environment.ProcessorCount} cores; ratios to {builds[0]}:"));
        Console.WriteLine("| build | program size | ready | resident memory | CPU used | ratios (ready, memory, CPU) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var build in builds)
        {
            var median = Median(starts[build]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {build} | {SizeOf(build) / 1048576.0:F1} MB | {median.Ready.TotalSeconds:F2} s | {median.ResidentBytes / 1048576.0:F0} MB | {median.Cpu.TotalSeconds:F2} s | {median.Ready / first.Ready:F2}×, {median.ResidentBytes / first.ResidentBytes:F2}×, {median.Cpu / first.Cpu:F2}× |"));
        }
    }

    private static async Task<Start> MeasureAsync(string build, IReadOnlyDictionary<string, string> environment, Uri ready, string workingDirectory)
    {
        var command = Command(build);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        using var server = ServerProcess.Start(command[0], command[1..], environment, workingDirectory);
        while (!await AnswersAsync(http, ready))
        {
            if (server.HasExited || clock.Elapsed > ReadyLimit)
            {
                throw new InvalidOperationException($"{build} was not ready at {ready} within {ReadyLimit.TotalSeconds} s{(server.HasExited ? " (it exited)" : "")}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }

        var start = new Start(clock.Elapsed, server.ResidentBytes(), server.CpuTime());
        await server.TerminateAsync();
        return start;
    }

    private static async Task<bool> AnswersAsync(HttpClient http, Uri ready)
    {
        try
        {
            using var response = await http.GetAsync(ready);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>What an image carries of the build: the native program, or the whole publish folder beside a DLL.</summary>
    private static long SizeOf(string build) => build.EndsWith(".dll", StringComparison.Ordinal)
        ? new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(build))!).EnumerateFiles("*", SearchOption.AllDirectories).Where(f => f.Extension is not ".pdb" and not ".dbg").Sum(f => f.Length)
        : new FileInfo(build).Length;

    private static Start Median(List<Start> starts) => new(
        TimeSpan.FromSeconds(Statistics.Median(starts.Select(s => s.Ready.TotalSeconds))),
        Statistics.Median(starts.Select(s => (double)s.ResidentBytes)),
        TimeSpan.FromSeconds(Statistics.Median(starts.Select(s => s.Cpu.TotalSeconds))));

    private sealed record Start(TimeSpan Ready, double ResidentBytes, TimeSpan Cpu);
}
