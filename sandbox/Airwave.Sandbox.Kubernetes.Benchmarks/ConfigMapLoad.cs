using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Benchmarks;

/// <summary>Creates config maps in parallel while watchers count the events they receive.</summary>
internal sealed class ConfigMapLoad(Uri server) : IDisposable
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private readonly HttpClient _http = new() { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>Opens the watches and returns tasks that complete once each has seen <paramref name="events"/> events.</summary>
    public async Task<IReadOnlyList<Task>> StartWatchesAsync(int watchers, int events)
    {
        var list = await _http.GetFromJsonAsync<JsonObject>(ConfigMaps) ?? throw new InvalidOperationException("empty list response");
        var from = (string)list["metadata"]!["resourceVersion"]!;
        var tasks = new List<Task>();
        for (var i = 0; i < watchers; i++)
        {
            var response = await _http.GetAsync($"{ConfigMaps}?watch=true&resourceVersion={from}", HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            tasks.Add(CountAsync(response, events));
        }

        return tasks;
    }

    public Task CreateAsync(int count, int writers) =>
        Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = writers }, async (i, ct) =>
        {
            var configMap = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = $"load-{i}", ["labels"] = new JsonObject { ["app"] = "benchmark" } },
                ["data"] = new JsonObject { ["index"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            };
            using var response = await _http.PostAsJsonAsync(ConfigMaps, configMap, ct);
            response.EnsureSuccessStatusCode();
        });

    public void Dispose() => _http.Dispose();

    private static async Task CountAsync(HttpResponseMessage response, int events)
    {
        using (response)
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            for (var seen = 0; seen < events;)
            {
                if (await reader.ReadLineAsync() is null)
                {
                    throw new InvalidOperationException($"watch ended after {seen} of {events} events");
                }

                seen++;
            }
        }
    }
}
