using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.Client;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using k8s.Models;

namespace Airwave.Operator.LiveStreams.Connector;

/// <summary>
/// Keeps a Chime stream's connector Deployment (<see cref="ConnectorObjects"/>) as the stream asks: applied by the
/// hash it carries while the stream runs, deleted when it stops. A Deployment of that name the stream does not
/// control is never touched.
/// </summary>
public sealed class ConnectorWorkload(KubernetesClient client, OperatorOptions options)
{
    /// <summary>The stream's connector Deployment as it is; null when there is none.</summary>
    /// <exception cref="ObjectNameTakenException">A Deployment of the name exists and is not the stream's.</exception>
    public async Task<V1Deployment?> ReadAsync(LiveStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var deployment = await StreamObjects.ReadAsync<V1Deployment>(client, ResourceType.Deployments, stream, ConnectorObjects.NameFor(stream), cancellationToken);
        StreamObjects.EnsureControlled(stream, deployment, "Deployment", "its meeting connector");
        return deployment;
    }

    /// <summary>
    /// Makes or updates the Deployment, its egress policy first, so that no connector pod runs without it; true when
    /// that made the Deployment. The policy's hash is on the Deployment: an unchanged Deployment means an unchanged policy.
    /// </summary>
    public async Task<bool> ApplyAsync(LiveStream stream, V1Deployment? current, string pushUrlDigest, bool backup, CancellationToken cancellationToken)
    {
        var wanted = ConnectorObjects.Deployment(stream, pushUrlDigest, backup, options.Connector);
        if (AppliedObject.IsApplied(current, wanted))
        {
            return false;
        }

        await AppliedObject.ApplyAsync(client, ResourceType.NetworkPolicies, existing: null, ConnectorObjects.EgressPolicy(stream, options.Connector), cancellationToken);
        return await AppliedObject.ApplyAsync(client, ResourceType.Deployments, current, wanted, cancellationToken);
    }

    /// <summary>Deletes that very Deployment (by its uid); its pod goes with it, stopped as a Deployment's pods are (SIGTERM, then the grace period).</summary>
    public Task DeleteAsync(V1Deployment current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        return client.DeleteAsync(ResourceType.Deployments, current.Metadata.NamespaceProperty, current.Metadata.Name, cancellationToken, new DeleteOptions
        {
            Preconditions = new Preconditions { Uid = current.Metadata.Uid },
            PropagationPolicy = "Background",
        });
    }

    /// <summary>The stream's connector pods (one, or none; two for a moment while one is replaced).</summary>
    public Task<IReadOnlyList<V1Pod>> PodsAsync(LiveStream stream, CancellationToken cancellationToken) =>
        StreamObjects.PodsAsync(client, stream, ConnectorObjects.Selector(stream), cancellationToken);
}
