using Airwave.Aws.CloudFront;
using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Airwave.Operator.LiveStreams.Resources;
using Airwave.Sandbox.Aws;

namespace Airwave.Operator.Tests.Uploads;

/// <summary>
/// The installation's response headers policy for uploads, made against CloudFront's faults: refused before it was
/// made, or made with the answer lost. Each installation name ends up with exactly one policy, which later calls find.
/// </summary>
public sealed class UploadHeadersPolicyTests : IAsyncLifetime, IDisposable
{
    private readonly HttpClient _http = new();
    private AwsEmulator _aws = null!;
    private CloudFrontClient _cloudFront = null!;

    public async Task InitializeAsync()
    {
        _aws = await AwsEmulator.StartAsync(new AwsEmulatorOptions(), CancellationToken.None);
        var retry = new AwsRetryOptions { MaxRetries = 4, BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50) };
        _cloudFront = new CloudFrontClient(_http, AwsClientOptions.ForEmulator(_aws.BaseAddress) with { Retry = retry }, new StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials));
    }

    [Fact]
    public async Task A_create_refused_or_whose_answer_was_lost_leaves_one_policy_per_installation_which_a_new_process_finds()
    {
        _aws.Faults.ThrottleNext(2, AwsServiceKind.CloudFront, "CreateResponseHeadersPolicy");
        _aws.Faults.FailNext(1, AwsServiceKind.CloudFront, "ListResponseHeadersPolicies");
        var refusedFirst = await new UploadHeadersPolicy(_cloudFront).IdAsync("east", CancellationToken.None);

        _aws.Faults.LoseResponseOfNext(1, AwsServiceKind.CloudFront, "CreateResponseHeadersPolicy");
        var lost = await RetriedAsync(() => new UploadHeadersPolicy(_cloudFront).IdAsync("west", CancellationToken.None));

        var again = await new UploadHeadersPolicy(_cloudFront).IdAsync("west", CancellationToken.None);
        var policies = await _cloudFront.ListResponseHeadersPoliciesAsync(CancellationToken.None);

        Assert.Equal(["airwave-uploads-east", "airwave-uploads-west"], policies.Select(p => p.Name));
        Assert.Equal(policies[0].Id, refusedFirst);
        Assert.Equal(policies[1].Id, lost);
        Assert.Equal(lost, again);
    }

    /// <summary>A lost answer fails the call that made it (it is not resent blindly); the reconcile that follows finds what it made.</summary>
    private static async Task<string> RetriedAsync(Func<Task<string>> call)
    {
        try
        {
            return await call();
        }
        catch (HttpRequestException)
        {
            return await call();
        }
    }

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    public void Dispose() => _http.Dispose();
}
