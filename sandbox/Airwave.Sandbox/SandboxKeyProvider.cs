using System.Text.Json.Nodes;
using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Core;
using Airwave.Webhook.ContentKeys;

namespace Airwave.Sandbox;

/// <summary>
/// The installation's key provider as the sandbox wires it: the webhook service's SPEKE endpoint, which the operator
/// configures encrypted MediaPackage endpoints with, and the caller token, which the emulator's MediaPackage shows in
/// place of the API Gateway that adds it in AWS. The token's Secret is made before the operator starts, as an
/// administrator may make it, so the operator keeps it.
/// </summary>
internal sealed record SandboxKeyProvider(string CallerToken)
{
    private const string FieldManager = "airwave-sandbox";

    /// <summary>The role MediaPackage would assume to call the key provider's gateway.</summary>
    public const string RoleArn = "arn:aws:iam::123456789012:role/AirwaveSandboxSpeke";

    public static SandboxKeyProvider New() => new(SpekeCallerTokenSecret.NewKey());

    public IReadOnlyDictionary<string, string> GatewayHeaders => new Dictionary<string, string> { [SpekeCallerTokenSecret.Header] = CallerToken };

    /// <summary>The operator's key provider settings: the webhook service at <paramref name="webhookUrl"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> OperatorSettings(Uri webhookUrl) =>
    [
        new("Operator:Speke:Url", new Uri(webhookUrl, SpekeEndpoints.SpekePath).ToString()),
        new("Operator:Speke:RoleArn", RoleArn),
    ];

    public async Task InstallAsync(KubernetesClient client, CancellationToken cancellationToken)
    {
        var secret = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = SpekeCallerTokenSecret.Name, ["namespace"] = client.Namespace },
            ["stringData"] = new JsonObject { [SpekeCallerTokenSecret.KeyField] = CallerToken },
        };
        await client.PatchAsync<PartialObjectMetadata>(ResourceType.Secrets, client.Namespace, SpekeCallerTokenSecret.Name, KubernetesPatch.Apply(secret, FieldManager, force: true), cancellationToken);
    }
}
