using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Sandbox.Kubernetes.Admission.Policies;
using Airwave.Sandbox.Kubernetes.Aggregation;
using Airwave.Sandbox.Kubernetes.Crds;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Networking;
using Airwave.Sandbox.Kubernetes.Pods;
using Airwave.Sandbox.Kubernetes.Resources;

namespace Airwave.Sandbox.Kubernetes.Rest;

/// <summary>
/// The per-object rules of the write path, as the apiserver's REST strategies apply them: unknown fields,
/// defaulting and validation, what a new object gets, and what counts as a spec change.
/// </summary>
internal static class ObjectStrategy
{
    private const string GenerateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>Pruning, defaulting and the fieldValidation decision for unknown fields.</summary>
    public static List<string> Admit(ResourceType type, JsonObject obj, WriteOptions options)
    {
        ObjectValidation.CheckDecodable(type, obj);
        var unknown = new List<string>(KnownFields.Prune(type, obj));
        if (type.Schema is { } schema)
        {
            unknown.AddRange(schema.Prune(obj));
            schema.ApplyDefaults(obj);
        }

        WorkloadDefaults.Apply(type, obj);
        ServiceDefaults.Apply(type, obj);

        var messages = unknown.Select(path => $"unknown field \"{path}\"").ToList();
        if (messages.Count > 0 && options.FieldValidation == FieldValidation.Strict)
        {
            throw ApiErrors.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: strict decoding error: {string.Join(", ", messages)}");
        }

        return options.FieldValidation == FieldValidation.Warn ? messages : [];
    }

    /// <summary>
    /// A new object's validation: what every write checks, and what kube-apiserver checks of a new Event through the
    /// API it was written to (<paramref name="requested"/>, when it is stored as another).
    /// </summary>
    public static void ValidateCreate(ResourceType type, ResourceType? requested, JsonObject obj, string name)
    {
        Validate(type, obj, name);
        if (type.StorageKey == BuiltInResources.Events.StorageKey && EventValidation.OnCreate(obj, throughEventsApi: requested is not null) is { Count: > 0 } causes)
        {
            throw ApiErrors.Invalid(requested ?? type, name, causes);
        }
    }

    public static void Validate(ResourceType type, JsonObject obj, string name)
    {
        var causes = new List<StatusCause>(ObjectValidation.ValidateMetadata(type, obj));
        if (type.Schema is { } schema)
        {
            causes.AddRange(schema.Validate(obj));
        }

        if (type == BuiltInResources.CustomResourceDefinitions)
        {
            causes.AddRange(CustomResourceDefinitions.Validate(obj));
        }
        else if (type == BuiltInResources.ValidatingAdmissionPolicies)
        {
            causes.AddRange(PolicyObjectValidation.Policy(obj));
        }
        else if (type == BuiltInResources.ValidatingAdmissionPolicyBindings)
        {
            causes.AddRange(PolicyObjectValidation.Binding(obj));
        }
        else if (type == BuiltInResources.CronJobs)
        {
            causes.AddRange(CronJobValidation.Validate(obj));
        }
        else if (type == BuiltInResources.ApiServices)
        {
            causes.AddRange(ApiServiceValidation.Validate(obj));
        }

        if (causes.Count > 0)
        {
            throw ApiErrors.Invalid(type, name, causes);
        }

        ObjectValidation.ValidateSize(type, obj, name);
    }

    /// <summary>What the server sets on every new object: identity, timestamps, generation, scope, initial status.</summary>
    public static void PrepareForCreate(ResourceType type, JsonObject obj, DateTimeOffset now)
    {
        var metadata = Metadata(obj);
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = KubernetesTimeConverter.ToText(now);
        foreach (var serverOwned in new[] { "resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink" })
        {
            metadata.Remove(serverOwned);
        }

        if (type.TracksGeneration)
        {
            metadata["generation"] = 1;
        }
        else
        {
            metadata.Remove("generation");
        }

        if (!type.Namespaced)
        {
            metadata.Remove("namespace");
        }

        if (type.HasStatus)
        {
            obj.Remove("status");
        }

        if (type.StorageKey == BuiltInResources.Namespaces.StorageKey)
        {
            obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
            obj["status"] = new JsonObject { ["phase"] = "Active" };
        }
        else if (type == BuiltInResources.CustomResourceDefinitions)
        {
            obj["status"] = CustomResourceDefinitions.EstablishedStatus(obj, now);
            var finalizers = metadata["finalizers"] as JsonArray ?? [];
            if (!finalizers.Any(f => (string?)f == CustomResourceCleanup.Finalizer))
            {
                finalizers.Add(CustomResourceCleanup.Finalizer);
            }

            metadata["finalizers"] = finalizers;
        }
        else if (type == BuiltInResources.Services)
        {
            obj["status"] = ServiceDefaults.InitialStatus();
        }
        else if (type == BuiltInResources.Pods)
        {
            obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = PodQos.Class(obj) };
        }
    }

    /// <summary>The body must be of the resource's apiVersion and kind and, if namespaced, of the request's namespace.</summary>
    public static void CheckTypeAndNamespace(ResourceType type, string? ns, JsonObject obj)
    {
        var apiVersion = (string?)obj["apiVersion"];
        var kind = (string?)obj["kind"];
        if (apiVersion is not null && apiVersion != type.GroupVersion)
        {
            throw ApiErrors.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.GroupVersion})");
        }

        if (kind is not null && kind != type.Kind)
        {
            throw ApiErrors.BadRequest($"{kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: the kind in the data ({kind}) does not match the expected kind ({type.Kind})");
        }

        obj["apiVersion"] = type.GroupVersion;
        obj["kind"] = type.Kind;
        if (!type.Namespaced)
        {
            return;
        }

        var metadata = Metadata(obj);
        var bodyNamespace = (string?)metadata["namespace"];
        if (!string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != ns)
        {
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        metadata["namespace"] = ns;
    }

    /// <summary>Whether anything outside metadata (and outside status, when status is a subresource) changed.</summary>
    public static bool SpecChanged(ResourceType type, JsonObject old, JsonObject updated)
    {
        bool Counts(string key) => key != "metadata" && !(type.HasStatus && key == "status");
        var keys = old.Select(p => p.Key).Concat(updated.Select(p => p.Key)).Where(Counts).Distinct();
        return keys.Any(k => !JsonNode.DeepEquals(old[k], updated[k]));
    }

    /// <summary>The object's metadata, created empty when missing.</summary>
    public static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = [];
        obj["metadata"] = metadata;
        return metadata;
    }

    /// <summary>generateName: the prefix and five random characters from the apiserver's alphabet.</summary>
    public static string GenerateName(string prefix) => prefix + string.Create(5, 0, (chars, _) =>
    {
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = GenerateNameAlphabet[RandomNumberGenerator.GetInt32(GenerateNameAlphabet.Length)];
        }
    });
}
