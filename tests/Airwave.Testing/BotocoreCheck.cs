using System.Text.Json;
using Airwave.Sandbox.Aws.Pipeline;

namespace Airwave.Testing;

/// <summary>
/// Requests checked by botocore against the official AWS service models (Botocore/validate_requests.py): what a real
/// account would refuse as invalid is reported, one problem per line.
/// </summary>
public static class BotocoreCheck
{
    /// <summary>The problems botocore finds in the requests the emulator recorded; empty when every one is valid.</summary>
    public static Task<string> ProblemsAsync(IEnumerable<AwsCall> calls, string directory) =>
        ProblemsAsync(calls.Where(c => c.Request is not null).Select(c => new RecordedRequest(c.Operation, c.Method, c.Request!.PathAndQuery, c.Request.Headers, c.Request.Body)), directory);

    /// <summary>The problems botocore finds in <paramref name="requests"/>; empty when every one is valid.</summary>
    public static async Task<string> ProblemsAsync(IEnumerable<RecordedRequest> requests, string directory)
    {
        var file = Path.Combine(directory, $"requests-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(requests.Select(r => new
        {
            operation = r.Operation,
            method = r.Method,
            pathAndQuery = r.PathAndQuery,
            headers = r.Headers,
            body = r.Body,
        })));
        try
        {
            var result = await ProcessRunner.RunAsync("python3", [Repository.Path("tests", "Airwave.Testing", "Botocore", "validate_requests.py"), file], TimeSpan.FromMinutes(2));
            Assert.True(result.ExitCode == 0, result.ToString());
            return result.StandardOutput.Trim();
        }
        finally
        {
            File.Delete(file);
        }
    }
}

/// <summary>A request as the check reads it: the operation ("MediaLive.CreateChannel"), and the request on the wire.</summary>
public sealed record RecordedRequest(string Operation, string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);
