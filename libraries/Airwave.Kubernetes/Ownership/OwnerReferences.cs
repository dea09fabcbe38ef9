using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using k8s.Models;

namespace Airwave.Kubernetes.Ownership;

/// <summary>Owner references: what ties a deployment or secret to the custom resource it was made for.</summary>
public static class OwnerReferences
{
    /// <summary>
    /// A controller reference to <paramref name="owner"/>: garbage collection deletes the dependent with its owner,
    /// and the owner's controller is told about the dependent's changes.
    /// </summary>
    public static OwnerReference ControllerReference(ResourceType ownerType, KubernetesObject owner)
    {
        ArgumentNullException.ThrowIfNull(ownerType);
        ArgumentNullException.ThrowIfNull(owner);
        return new OwnerReference
        {
            ApiVersion = ownerType.ApiVersion,
            Kind = ownerType.Kind,
            Name = owner.Metadata.Name ?? throw new ArgumentException("the owner has no name", nameof(owner)),
            Uid = owner.Metadata.Uid ?? throw new ArgumentException("the owner has no uid; read it from the server first", nameof(owner)),
            Controller = true,
            BlockOwnerDeletion = true,
        };
    }

    public static OwnerReference? GetController(ObjectMeta metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.OwnerReferences?.FirstOrDefault(r => r.Controller == true);
    }

    public static bool IsControlledBy(KubernetesObject dependent, KubernetesObject owner)
    {
        ArgumentNullException.ThrowIfNull(dependent);
        ArgumentNullException.ThrowIfNull(owner);
        return GetController(dependent.Metadata)?.Uid is { } uid && uid == owner.Metadata.Uid;
    }

    /// <summary>Metadata with a controller reference to the owner; fails if another object already controls it.</summary>
    public static ObjectMeta WithController(ObjectMeta metadata, ResourceType ownerType, KubernetesObject owner)
    {
        var reference = ControllerReference(ownerType, owner);
        var current = GetController(metadata);
        if (current is not null && current.Uid != reference.Uid)
        {
            throw new InvalidOperationException($"{metadata.Name} is already controlled by {current.Kind} {current.Name}");
        }

        var others = metadata.OwnerReferences?.Where(r => r.Uid != reference.Uid) ?? [];
        return metadata with { OwnerReferences = [.. others, reference] };
    }

    /// <summary>
    /// Sets a controller reference to the owner in a built-in object's metadata and returns it; fails if another
    /// object already controls it.
    /// </summary>
    public static V1ObjectMeta SetController(V1ObjectMeta metadata, ResourceType ownerType, KubernetesObject owner)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var reference = ControllerReference(ownerType, owner);
        var current = GetController(metadata);
        if (current is not null && current.Uid != reference.Uid)
        {
            throw new InvalidOperationException($"{metadata.Name} is already controlled by {current.Kind} {current.Name}");
        }

        metadata.OwnerReferences =
        [
            .. metadata.OwnerReferences?.Where(r => r.Uid != reference.Uid) ?? [],
            new V1OwnerReference { ApiVersion = reference.ApiVersion, Kind = reference.Kind, Name = reference.Name, Uid = reference.Uid, BlockOwnerDeletion = reference.BlockOwnerDeletion, Controller = reference.Controller },
        ];
        return metadata;
    }

    public static V1OwnerReference? GetController(V1ObjectMeta metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.OwnerReferences?.FirstOrDefault(r => r.Controller == true);
    }

    /// <summary>Whether the built-in object of <paramref name="dependent"/> metadata is controlled by <paramref name="owner"/>.</summary>
    public static bool IsControlledBy(V1ObjectMeta dependent, KubernetesObject owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return GetController(dependent)?.Uid is { } uid && uid == owner.Metadata.Uid;
    }
}
