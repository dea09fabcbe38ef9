using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Airwave.Aws.MediaLive;
using Airwave.Aws.Tests.Support;
using Airwave.Sandbox.Aws;

namespace Airwave.Aws.Tests.Signing;

[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

/// <summary>Changes process environment variables, so it runs alone.</summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class DefaultChainCredentialsTests
{
    private static readonly string[] Variables = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"];

    [Fact]
    public async Task Default_chain_reads_environment_credentials_that_sign_accepted_requests()
    {
        var saved = Variables.ToDictionary(name => name, Environment.GetEnvironmentVariable);
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", AwsEmulatorOptions.TestCredentials.AccessKeyId);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", AwsEmulatorOptions.TestCredentials.SecretAccessKey);
        Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", null);
        try
        {
            await using var aws = await EmulatorHarness.StartAsync();
            using var http = new HttpClient();
            var provider = new DefaultChainCredentialsProvider();
            var client = new MediaLiveClient(http, AwsClientOptions.ForEmulator(aws.Emulator.BaseAddress), provider);

            var credentials = await provider.GetCredentialsAsync(CancellationToken.None);
            var channels = await client.ListChannelsAsync(CancellationToken.None);

            Assert.Equal(AwsEmulatorOptions.TestCredentials, credentials);
            Assert.Empty(channels);
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
