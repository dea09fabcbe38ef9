using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Core;

/// <summary>core/v1 Service, the fields an operator that exposes its pods sets.</summary>
public sealed record Service : KubernetesObject
{
    public ServiceSpec? Spec { get; init; }
}

public sealed record ServiceSpec
{
    /// <summary>None makes the Service headless: its name resolves to each ready pod's own address.</summary>
    public const string Headless = "None";

    public string? Type { get; init; }

    public string? ClusterIP { get; init; }

    public IReadOnlyDictionary<string, string>? Selector { get; init; }

    public IReadOnlyList<ServicePort>? Ports { get; init; }

    /// <summary>Whether pods are in DNS before they are ready.</summary>
    public bool? PublishNotReadyAddresses { get; init; }
}

public sealed record ServicePort
{
    public string? Name { get; init; }

    /// <summary>TCP (the default), UDP or SCTP.</summary>
    public string? Protocol { get; init; }

    public required int Port { get; init; }

    /// <summary>A container port's name or number.</summary>
    public JsonNode? TargetPort { get; init; }
}
