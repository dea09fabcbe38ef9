using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Admission;
using Airwave.Sandbox.Kubernetes.Admission.Policies;
using Airwave.Sandbox.Kubernetes.Authorization;
using Airwave.Sandbox.Kubernetes.Crds;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Networking;
using Airwave.Sandbox.Kubernetes.Patching;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Rest;

/// <summary>
/// The verbs of every resource, as the apiserver's generic registry implements them: defaulting, validation,
/// admission policies and webhooks, status subresource rules, generation, finalizers and deletion, optimistic
/// concurrency. HTTP handlers and the sandbox's own controllers both go through here.
/// </summary>
internal sealed class ResourceService(ObjectStore store, ResourceRegistry registry, CrdServing crds, AdmissionWebhooks admission, AdmissionPolicies policies, RbacEscalation escalation, ServiceAllocations serviceAllocations, TimeProvider time)
{
    private const int PatchRetries = 5;

    public ResourceRegistry Registry => registry;

    public ObjectStore Store => store;

    public StoredObject Get(ResourceType type, string? ns, string name) =>
        store.Get(type.StorageKey, Key(type, ns, name)) ?? throw ApiErrors.NotFound(type, name);

    public ListResult List(ResourceType type, string? ns, ListOptions options)
    {
        var (all, resourceVersion) = store.List(type.StorageKey, type.Namespaced ? ns : null);
        IEnumerable<StoredObject> items = all.Where(o => options.Labels.Matches(o.Labels) && options.Fields.Matches(o));
        if (options.Continue is { Length: > 0 } token)
        {
            var after = ContinueToken.Decode(token);
            items = items.Where(o => o.Key.CompareTo(after) > 0);
        }

        // resourceVersion=0 is served from the API server's watch cache, which ignores the limit and answers whole
        // (client-go's informers rely on it for their first list).
        var matching = items.ToList();
        if (options.Limit is not ({ } limit and > 0) || matching.Count <= limit || options is { ResourceVersion: "0", Continue: null })
        {
            return new ListResult(matching, resourceVersion, null, null);
        }

        var page = matching.Take(limit).ToList();
        return new ListResult(page, resourceVersion, ContinueToken.Encode(resourceVersion, page[^1].Key), matching.Count - limit);
    }

    public WriteResult Create(ResourceType type, string? ns, JsonObject body, WriteOptions options) =>
        type.Conversion is { } conversion
            ? Create(StorageTypeOf(type), ns, conversion.ToStorage(body), options, applied: false, requested: type)
            : Create(type, ns, body, options, applied: false);

    /// <param name="requested">The resource the client wrote to when it is stored as another (events.k8s.io Events are
    /// core Events): validating admission sees the object as the client sent it, as kube-apiserver's does.</param>
    private WriteResult Create(ResourceType type, string? ns, JsonObject body, WriteOptions options, bool applied, ResourceType? requested = null)
    {
        var obj = (JsonObject)body.DeepClone();
        var metadata = ObjectStrategy.Metadata(obj);
        ObjectStrategy.CheckTypeAndNamespace(type, ns, obj);
        if (type.Namespaced)
        {
            RequireActiveNamespace(ns!, type, (string?)metadata["name"] ?? (string?)metadata["generateName"] ?? string.Empty);
        }

        if (type.IsCustom && CustomResourceCleanup.TerminatingDefinition(store, type.StorageKey) is not null)
        {
            throw new ApiException(405, "MethodNotAllowed", "create not allowed while custom resource definition is terminating", new StatusDetails(null, type.Group, type.Plural));
        }

        if (string.IsNullOrEmpty((string?)metadata["name"]) && (string?)metadata["generateName"] is { Length: > 0 } prefix)
        {
            metadata["name"] = ObjectStrategy.GenerateName(prefix);
        }

        var name = (string?)metadata["name"] ?? string.Empty;
        if (name.Length == 0)
        {
            throw ApiErrors.Invalid(type, name, [new StatusCause("FieldValueRequired", "Required value: name or generateName is required", "metadata.name")]);
        }

        var warnings = ObjectStrategy.Admit(type, obj, options);
        BuiltInNormalization.Apply(type, obj);
        ObjectStrategy.PrepareForCreate(type, obj, time.GetUtcNow());
        BuiltInNormalization.PrepareForCreate(type, obj);
        (obj, var mutationWarnings) = admission.Mutate("CREATE", type, null, ns, name, obj, null, options.DryRun);
        warnings = [.. warnings, .. mutationWarnings];
        using var allocation = Allocate(type, name, obj, null, null);
        ObjectStrategy.ValidateCreate(type, requested, obj, name);

        var admitted = requested?.Conversion is { } served ? (Type: requested, Object: served.ToServed(obj)) : (Type: type, Object: obj);
        warnings = [.. warnings, .. Validate(new AdmissionAttributes("CREATE", admitted.Type, null, ns, name, admitted.Object, null, options.DryRun, options.User))];
        if (!applied)
        {
            obj = PatchDispatcher.RecordUpdate(type, null, obj, options.UpdateManager, null, time.GetUtcNow());
        }

        if (options.DryRun)
        {
            return new WriteResult(StoredObject.Freeze(type.StorageKey, obj, 0), true, warnings);
        }

        try
        {
            var stored = store.Create(type.StorageKey, obj);
            AfterWrite(type, stored);
            return new WriteResult(stored, true, warnings);
        }
        catch (StoreConflictException)
        {
            throw ApiErrors.AlreadyExists(type, name);
        }
    }

    public WriteResult Update(ResourceType type, string? ns, string name, string? subresource, JsonObject body, WriteOptions options)
    {
        var obj = type.Conversion is { } conversion ? conversion.ToStorage(body) : (JsonObject)body.DeepClone();
        type = StorageTypeOf(type);
        ObjectStrategy.CheckTypeAndNamespace(type, ns, obj);
        var bodyName = (string?)ObjectStrategy.Metadata(obj)["name"];
        if (bodyName != name)
        {
            throw ApiErrors.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        var requested = (string?)ObjectStrategy.Metadata(obj)["resourceVersion"];
        if (string.IsNullOrEmpty(requested) && type.IsCustom)
        {
            throw ApiErrors.Invalid(type, name, [new StatusCause("FieldValueInvalid", "Invalid value: 0x0: must be specified for an update", "metadata.resourceVersion")]);
        }

        for (var attempt = 0; ; attempt++)
        {
            var current = Get(type, ns, name);
            if (!string.IsNullOrEmpty(requested) && requested != current.ResourceVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw ApiErrors.Conflict(type, name);
            }

            try
            {
                return Commit(type, current, (JsonObject)obj.DeepClone(), subresource, options, applied: false);
            }
            catch (ApiException e) when (e.Reason == "Conflict" && string.IsNullOrEmpty(requested) && attempt < PatchRetries)
            {
                // An unconditional update of a built-in kind overwrites whatever is current, as the apiserver's retry does.
            }
        }
    }

    public WriteResult Patch(ResourceType type, string? ns, string name, string? subresource, string contentType, string body, WriteOptions options)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = store.Get(type.StorageKey, Key(type, ns, name));
            try
            {
                if (contentType == PatchContentTypes.ApplyPatch)
                {
                    return ServerSideApply(type, ns, name, subresource, current, body, options);
                }

                if (current is null)
                {
                    throw ApiErrors.NotFound(type, name);
                }

                var patched = PatchDispatcher.Apply(type, type.ServedJson(current), contentType, body);
                if (type.Conversion is { } conversion)
                {
                    patched = conversion.ToStorage(patched);
                }

                var requested = (string?)patched["metadata"]?["resourceVersion"];
                if (requested != current.ResourceVersion.ToString(CultureInfo.InvariantCulture))
                {
                    throw ApiErrors.Conflict(type, name);
                }

                return Commit(StorageTypeOf(type), current, patched, subresource, options, applied: false);
            }
            catch (ApiException e) when (e.Reason is "Conflict" or "AlreadyExists" && e.Details?.Causes is not { Count: > 0 } && attempt < PatchRetries && !PinsResourceVersion(contentType, body))
            {
                // Another writer got in between our read and write (field-manager conflicts carry causes and are final):
                // patches apply to the latest state, so try again.
            }
        }
    }

    public DeleteResult Delete(ResourceType type, string? ns, string name, DeleteOptions options)
    {
        if (type.StorageKey == BuiltInResources.Namespaces.StorageKey && name is "default" or "kube-system" or "kube-public")
        {
            throw ApiErrors.Forbidden(type, name, "this namespace may not be deleted");
        }

        var current = Get(type, ns, name);
        if ((options.PreconditionUid is { } uid && uid != current.Uid)
            || (options.PreconditionResourceVersion is { } rv && rv != current.ResourceVersion.ToString(CultureInfo.InvariantCulture)))
        {
            throw new ApiException(409, "Conflict", $"Operation cannot be fulfilled on {type.QualifiedResource} \"{name}\": the precondition failed", new StatusDetails(name, type.Group, type.Plural));
        }

        var obj = current.ToJson();
        Validate(new AdmissionAttributes("DELETE", type, null, current.Key.Namespace.Length > 0 ? current.Key.Namespace : null, name, null, obj, options.DryRun, options.User));
        var metadata = ObjectStrategy.Metadata(obj);
        var finalizers = metadata["finalizers"] as JsonArray ?? [];
        var policyFinalizer = options.PropagationPolicy switch
        {
            "Foreground" => Finalizers.ForegroundDeletion,
            "Orphan" => Finalizers.Orphan,
            _ => null,
        };
        if (policyFinalizer is not null && !current.IsDeleting && !finalizers.Any(f => (string?)f == policyFinalizer))
        {
            finalizers.Add(policyFinalizer);
            metadata["finalizers"] = finalizers;
        }

        var terminatingNamespace = type.StorageKey == BuiltInResources.Namespaces.StorageKey;
        var grace = GracefulDeletion.Period(type, obj, options);
        if (current.IsDeleting && !GracefulDeletion.Shortens(metadata, options, grace))
        {
            return new DeleteResult(current, false);
        }

        if (finalizers.Count == 0 && grace == 0 && !terminatingNamespace)
        {
            if (options.DryRun)
            {
                return new DeleteResult(current, true);
            }

            var removed = Remove(type, current, obj);
            return new DeleteResult(removed, true);
        }

        GracefulDeletion.Mark(metadata, grace, time.GetUtcNow());
        if (terminatingNamespace)
        {
            obj["status"] = new JsonObject { ["phase"] = "Terminating" };
        }

        if (options.DryRun)
        {
            return new DeleteResult(StoredObject.Freeze(type.StorageKey, obj, current.ResourceVersion), false);
        }

        try
        {
            var stored = store.Update(type.StorageKey, obj, current.ResourceVersion);
            AfterWrite(type, stored);
            return new DeleteResult(stored, false);
        }
        catch (StoreConflictException)
        {
            throw ApiErrors.Conflict(type, name);
        }
    }

    public IReadOnlyList<DeleteResult> DeleteCollection(ResourceType type, string? ns, ListOptions list, DeleteOptions options)
    {
        var results = new List<DeleteResult>();
        foreach (var item in List(type, ns, list with { Limit = null, Continue = null }).Items)
        {
            try
            {
                results.Add(Delete(type, item.Key.Namespace, item.Key.Name, options));
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Deleted by someone else since the list: the collection is still gone.
            }
        }

        return results;
    }

    /// <summary>
    /// A controller's read-modify-write of an object it does not own the spec of (removing a finalizer or an
    /// ownerReference): retried on conflicts; <paramref name="change"/> returns false when there is nothing to do.
    /// </summary>
    public void Mutate(StoredObject target, Func<JsonObject, bool> change) => Mutate(target, change, subresource: null);

    /// <summary>A controller's (the kubelet's) write of an object's status, retried on conflicts like <see cref="Mutate(StoredObject, Func{JsonObject, bool})"/>.</summary>
    public void MutateStatus(StoredObject target, Func<JsonObject, bool> change) => Mutate(target, change, subresource: "status");

    private void Mutate(StoredObject target, Func<JsonObject, bool> change, string? subresource)
    {
        if (TypeOf(target) is not { } type)
        {
            return;
        }

        for (var attempt = 0; attempt <= PatchRetries; attempt++)
        {
            if (store.Get(type.StorageKey, target.Key) is not { } current || current.Uid != target.Uid)
            {
                return;
            }

            var obj = current.ToJson();
            if (!change(obj))
            {
                return;
            }

            try
            {
                Commit(type, current, obj, subresource, WriteOptions.Default, applied: false);
                return;
            }
            catch (ApiException e) when (e.Reason == "Conflict")
            {
                // Changed under us; read it again.
            }
        }
    }

    /// <summary>A controller's delete: background propagation, and an object already gone is fine.</summary>
    public void DeleteInBackground(StoredObject target)
    {
        if (TypeOf(target) is not { } type)
        {
            return;
        }

        try
        {
            Delete(type, target.Key.Namespace, target.Key.Name, DeleteOptions.Background);
        }
        catch (ApiException e) when (e.Code == 404)
        {
            // Someone else deleted it first.
        }
    }

    /// <summary>A controller releasing its finalizer; the object goes away if it was the last one.</summary>
    public void RemoveFinalizer(StoredObject target, string finalizer) => Mutate(target, obj =>
    {
        if (obj["metadata"]?["finalizers"] is not JsonArray finalizers)
        {
            return false;
        }

        var matching = finalizers.Where(f => (string?)f == finalizer).ToList();
        foreach (var entry in matching)
        {
            finalizers.Remove(entry);
        }

        return matching.Count > 0;
    });

    /// <summary>Removes an object whose deletion has nothing left to wait for (used by the namespace lifecycle).</summary>
    public void Purge(StoredObject target)
    {
        if (TypeOf(target) is { } type && store.Get(type.StorageKey, target.Key) is { } current && current.Finalizers.Count == 0)
        {
            try
            {
                Remove(type, current, current.ToJson());
            }
            catch (ApiException e) when (e.Reason == "Conflict")
            {
                // Changed since; the caller looks again on the next event.
            }
        }
    }

    /// <summary>The resource an object is stored under (not a converted view of it).</summary>
    /// <summary>
    /// What kube-apiserver checks after a write is decoded, in its order: RBAC's escalation prevention (in its RBAC
    /// storage), then validating admission policies, then webhooks; their warnings, or the refusal.
    /// </summary>
    private IReadOnlyList<string> Validate(AdmissionAttributes request)
    {
        escalation.Check(request);
        return
        [
            .. policies.Validate(request),
            .. admission.Validate(request.Operation, request.Type, request.Subresource, request.Namespace, request.Name, request.Object, request.OldObject, request.DryRun),
        ];
    }

    public ResourceType? TypeOf(StoredObject obj) => registry.All.FirstOrDefault(t => t.StorageKey == obj.Storage && t.Conversion is null);

    private WriteResult ServerSideApply(ResourceType type, string? ns, string name, string? subresource, StoredObject? current, string body, WriteOptions options)
    {
        var manager = options.FieldManager;
        if (string.IsNullOrEmpty(manager))
        {
            throw ApiErrors.BadRequest("PATCH, application/apply-patch+yaml requires fieldManager to be set");
        }

        var applied = PatchDispatcher.ServerSideApply(type, name, subresource, current is null ? null : type.ServedJson(current), body, manager, options.Force, time.GetUtcNow());
        if (type.Conversion is { } conversion)
        {
            applied = conversion.ToStorage(applied);
        }

        type = StorageTypeOf(type);
        var metadata = ObjectStrategy.Metadata(applied);
        metadata["name"] ??= name;
        if (type.Namespaced)
        {
            metadata["namespace"] ??= ns;
        }

        if (current is null)
        {
            return Create(type, ns, applied, options, applied: true);
        }

        metadata["resourceVersion"] = current.ResourceVersion.ToString(CultureInfo.InvariantCulture);
        return Commit(type, current, applied, subresource, options, applied: true);
    }

    /// <summary>The shared tail of update and patch: admission, subresource rules, finalizer rules, write.</summary>
    private WriteResult Commit(ResourceType type, StoredObject current, JsonObject obj, string? subresource, WriteOptions options, bool applied)
    {
        var old = current.ToJson();
        var name = current.Key.Name;
        if (type.HasStatus)
        {
            if (subresource == "status")
            {
                var status = obj["status"]?.DeepClone();
                obj = (JsonObject)old.DeepClone();
                obj["status"] = status;
            }
            else
            {
                obj["status"] = old["status"]?.DeepClone();
                if (obj["status"] is null)
                {
                    obj.Remove("status");
                }
            }
        }

        var warnings = ObjectStrategy.Admit(type, obj, options);
        BuiltInNormalization.Apply(type, obj);
        var metadata = ObjectStrategy.Metadata(obj);
        var oldMetadata = ObjectStrategy.Metadata(old);

        // A uid in the request is a precondition, as kube-apiserver's storage takes it: a write meant for an object of
        // this name that was since deleted and made again is refused.
        if ((string?)metadata["uid"] is { Length: > 0 } uid && uid != current.Uid)
        {
            throw new ApiException(409, "Conflict", $"Operation cannot be fulfilled on {type.QualifiedResource} \"{name}\": StorageError: invalid object, Code: 4, AdditionalErrorMsg: Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Uid}", new StatusDetails(name, type.Group, type.Plural));
        }

        foreach (var preserved in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "namespace", "generation" })
        {
            metadata[preserved] = oldMetadata[preserved]?.DeepClone();
            if (metadata[preserved] is null)
            {
                metadata.Remove(preserved);
            }
        }

        metadata["resourceVersion"] = oldMetadata["resourceVersion"]?.DeepClone();
        var ns = current.Key.Namespace.Length > 0 ? current.Key.Namespace : null;
        (obj, var mutationWarnings) = admission.Mutate("UPDATE", type, subresource, ns, name, obj, old, options.DryRun);
        warnings = [.. warnings, .. mutationWarnings];
        metadata = ObjectStrategy.Metadata(obj);
        if (current.IsDeleting)
        {
            var added = Strings(metadata["finalizers"]).Except(current.Finalizers).ToList();
            if (added.Count > 0)
            {
                throw ApiErrors.Invalid(type, name, [new StatusCause("FieldValueForbidden", "Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{" + string.Join(", ", added.Select(f => $"\"{f}\"")) + "}", "metadata.finalizers")]);
            }
        }

        if (type.TracksGeneration && ObjectStrategy.SpecChanged(type, old, obj))
        {
            metadata["generation"] = ((long?)oldMetadata["generation"] ?? 0) + 1;
        }

        using var allocation = Allocate(type, name, obj, old, subresource);
        ObjectStrategy.Validate(type, obj, name);
        warnings = [.. warnings, .. Validate(new AdmissionAttributes("UPDATE", type, subresource, ns, name, obj, old, options.DryRun, options.User))];
        if (JsonNode.DeepEquals(obj, old) || options.DryRun)
        {
            return new WriteResult(options.DryRun ? StoredObject.Freeze(type.StorageKey, obj, current.ResourceVersion) : current, false, warnings);
        }

        if (!applied)
        {
            obj = PatchDispatcher.RecordUpdate(type, old, obj, options.UpdateManager, subresource, time.GetUtcNow());
            metadata = ObjectStrategy.Metadata(obj);
        }

        if (current.IsDeleting && Strings(metadata["finalizers"]).Count == 0 && GracefulDeletion.Pending(metadata) == 0)
        {
            return new WriteResult(Remove(type, current, obj), false, warnings);
        }

        try
        {
            var stored = store.Update(type.StorageKey, obj, current.ResourceVersion);
            AfterWrite(type, stored);
            return new WriteResult(stored, false, warnings);
        }
        catch (StoreConflictException)
        {
            throw ApiErrors.Conflict(type, name);
        }
    }

    /// <summary>A Service's cluster IP and node ports, held until the write is stored or fails.</summary>
    private IDisposable? Allocate(ResourceType type, string name, JsonObject obj, JsonObject? old, string? subresource) =>
        type == BuiltInResources.Services && subresource is null ? serviceAllocations.Assign(type, name, obj, old) : null;

    private StoredObject Remove(ResourceType type, StoredObject current, JsonObject last)
    {
        try
        {
            var removed = store.Delete(type.StorageKey, last, current.ResourceVersion);
            if (type == BuiltInResources.CustomResourceDefinitions)
            {
                crds.OnRemoved(removed);
            }

            return removed;
        }
        catch (StoreConflictException)
        {
            throw ApiErrors.Conflict(type, current.Key.Name);
        }
    }

    private void AfterWrite(ResourceType type, StoredObject stored)
    {
        if (type == BuiltInResources.CustomResourceDefinitions)
        {
            crds.OnWritten(stored);
        }
    }

    private void RequireActiveNamespace(string ns, ResourceType type, string name)
    {
        var found = store.Get(BuiltInResources.Namespaces.StorageKey, new ObjectKey(string.Empty, ns)) ?? throw ApiErrors.NamespaceNotFound(ns);
        if (found.IsDeleting)
        {
            throw ApiErrors.Forbidden(type, name, $"unable to create new content in namespace {ns} because it is being terminated");
        }
    }

    /// <summary>The resource whose shape the storage keeps (itself unless it is a converted view).</summary>
    private ResourceType StorageTypeOf(ResourceType type) =>
        type.Conversion is null ? type : registry.All.First(t => t.StorageKey == type.StorageKey && t.Conversion is null);

    private static bool PinsResourceVersion(string contentType, string body) =>
        contentType != PatchContentTypes.ApplyPatch && body.Contains("\"resourceVersion\"", StringComparison.Ordinal);

    private static ObjectKey Key(ResourceType type, string? ns, string name) => new(type.Namespaced ? ns ?? string.Empty : string.Empty, name);

    private static List<string> Strings(JsonNode? node) => node is JsonArray list ? [.. list.Select(n => (string?)n).OfType<string>()] : [];
}
