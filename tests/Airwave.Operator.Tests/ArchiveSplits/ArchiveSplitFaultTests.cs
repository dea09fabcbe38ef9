using System.Text.Json.Nodes;
using Airwave.Sandbox.Aws;

namespace Airwave.Operator.Tests.ArchiveSplits;

/// <summary>
/// Faults before and after an operation took effect, while a split is cut: it converges to one Job, one playlist
/// and one clip per section, and nothing else.
/// </summary>
[Collection(RecordedSession.Collection)]
public sealed class ArchiveSplitFaultTests(RecordedSession session)
{
    private static readonly TimeSpan Cutting = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Lost_s3_answers_and_failed_reads_end_in_one_clip_per_section()
    {
        var aws = session.Host.Aws!;

        // The playlist is written but its answer lost; the recording's first reads fail outright.
        aws.Faults.LoseResponseOfNext(1, AwsServiceKind.S3, "PutObject");
        aws.Faults.FailNext(2, AwsServiceKind.S3, "GetObject");
        await session.ApplySplitAsync("s3-faults", "[{start: 2, end: 6}, {start: 30, end: 33}]");

        var split = await WaitForSucceededAsync("s3-faults");

        Assert.Equal(2, (await JobsOfAsync(split)).Count);
        Assert.Equal(["index_s3_faults_1.m3u8", "index_s3_faults_1.mp4", "index_s3_faults_2.m3u8", "index_s3_faults_2.mp4"], await ClipFilesAsync("index_s3_faults_"));
        aws.Faults.Reset();
    }

    [Fact]
    public async Task An_operator_restarted_after_starting_jobs_it_could_not_record_makes_no_second_job()
    {
        // The Jobs are created, but status cannot record them; a new operator starts from what the cluster holds.
        using (session.Host.Kubernetes.Faults.FailWhile(r => r.Subresource == "status" && r.Resource == "archivesplits" && r.Name == "restarted", 500))
        {
            await session.ApplySplitAsync("restarted", "[{start: 1, end: 4}, {start: 10, end: 12}]");
            await Eventually.MatchAsync(
                async () => (await AllJobsAsync()).Count(j => j.StartsWith("restarted-", StringComparison.Ordinal)),
                count => count == 2,
                OperatorSandbox.Timeout,
                "both Jobs of restarted created");
            await session.Host.RestartOperatorAsync(CancellationToken.None);
        }

        var split = await WaitForSucceededAsync("restarted");

        Assert.Equal(2, (await JobsOfAsync(split)).Count);
        Assert.Equal(["index_restarted_1.m3u8", "index_restarted_1.mp4", "index_restarted_2.m3u8", "index_restarted_2.mp4"], await ClipFilesAsync("index_restarted_"));
        Assert.Equal([1d, 10d], split["status"]!["sections"]!.AsArray().Select(s => (double)s!["start"]!));
    }

    [Fact]
    public async Task A_running_clip_job_whose_urls_may_have_expired_gets_them_signed_again_and_stores_its_clip()
    {
        // A Job made by an earlier version says nothing of when its URLs expire; its upload is slow to be answered.
        var aws = session.Host.Aws!;
        aws.Faults.AddLatency(TimeSpan.FromSeconds(20), AwsServiceKind.S3, "PutObject");
        try
        {
            await session.ApplySplitAsync("renewed", "[{start: 2, end: 6}]");
            var job = (await Eventually.MatchAsync<List<string>>(AllJobsAsync, jobs => jobs.Any(j => j.StartsWith("renewed-", StringComparison.Ordinal)), Cutting, "the Job of renewed"))
                .Single(j => j.StartsWith("renewed-", StringComparison.Ordinal));
            await session.Kubectl.SucceedAsync("annotate", "job", job, "-n", session.Namespace, $"{ExpiryAnnotation}-");

            var renewed = await Eventually.MatchAsync<string?>(() => ExpiryOfAsync(job), expiry => expiry is not null, Cutting, "the Job's URLs signed again");
            Assert.True(DateTimeOffset.Parse(renewed!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow, renewed);
        }
        finally
        {
            aws.Faults.Reset();
        }

        var split = await WaitForSucceededAsync("renewed");

        Assert.Single(await JobsOfAsync(split));
        Assert.Equal(["index_renewed_1.m3u8", "index_renewed_1.mp4"], await ClipFilesAsync("index_renewed_"));
    }

    private const string ExpiryAnnotation = "media.airwave.dev/urls-expire-at";

    private async Task<string?> ExpiryOfAsync(string job) =>
        (string?)JsonNode.Parse(await session.Kubectl.SucceedAsync("get", "job", job, "-n", session.Namespace, "-o", "json"))!["metadata"]!["annotations"]?[ExpiryAnnotation];

    private async Task<JsonNode> WaitForSucceededAsync(string name) =>
        (await Eventually.MatchAsync(
            () => session.GetAsync(session.Namespace, "archivesplit", name),
            s => (string?)s?["status"]?["phase"] == "Succeeded",
            Cutting,
            $"{name} Succeeded"))!;

    private async Task<List<string>> AllJobsAsync() =>
        [.. (await session.Kubectl.SucceedAsync("get", "jobs", "-n", session.Namespace, "-o", "name")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(n => n["job.batch/".Length..])];

    private async Task<List<string>> JobsOfAsync(JsonNode split)
    {
        var selector = $"media.airwave.dev/archivesplit-uid={(string?)split["metadata"]!["uid"]}";
        return [.. (await session.Kubectl.SucceedAsync("get", "jobs", "-n", session.Namespace, "-l", selector, "-o", "name")).Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    private async Task<List<string>> ClipFilesAsync(string prefix) =>
        [.. (await session.FolderAsync()).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
}
