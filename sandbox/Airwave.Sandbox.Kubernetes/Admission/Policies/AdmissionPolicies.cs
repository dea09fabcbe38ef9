using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Admission.Policies;

/// <summary>
/// Enforces the stored ValidatingAdmissionPolicies through their bindings, as kube-apiserver's
/// ValidatingAdmissionPolicy plugin does (after mutation, before the validating webhooks): each binding whose
/// policy and own matchResources take in the request evaluates the policy's match conditions, variables and
/// validations; a violation of a Deny binding refuses the write, of a Warn binding becomes a warning.
/// </summary>
internal sealed class AdmissionPolicies(ObjectStore store)
{
    public static readonly StorageKey Policies = new("admissionregistration.k8s.io", "validatingadmissionpolicies");
    public static readonly StorageKey Bindings = new("admissionregistration.k8s.io", "validatingadmissionpolicybindings");

    // Every write reads the policies: each stored version (an immutable object) is compiled once.
    private readonly ConditionalWeakTable<StoredObject, CompiledPolicy> _policies = new();
    private readonly ConditionalWeakTable<StoredObject, PolicyBinding> _bindings = new();

    /// <summary>Returns the warnings of Warn bindings, or throws the refusal of a Deny binding.</summary>
    public IReadOnlyList<string> Validate(AdmissionAttributes request)
    {
        if (IsExempt(request.Type))
        {
            return [];
        }

        var warnings = new List<string>();
        var values = default(IReadOnlyDictionary<string, object?>);
        foreach (var stored in store.List(Bindings, null).Items.OrderBy(b => b.Key.Name, StringComparer.Ordinal))
        {
            var binding = _bindings.GetValue(stored, s => PolicyBinding.From(s.ToJson()));
            if (store.Get(Policies, new ObjectKey(string.Empty, binding.PolicyName)) is not { } storedPolicy)
            {
                continue;
            }

            var policy = _policies.GetValue(storedPolicy, s => CompiledPolicy.From(s.ToJson()));
            if (!policy.Constraints.Matches(store, request) || binding.MatchResources?.Matches(store, request) == false
                || policy.Evaluate(values ??= CelValues.Of(request, NamespaceObject(request))) is not { } violation)
            {
                continue;
            }

            if (binding.Denies)
            {
                throw Denial(request, policy.Name, binding.Name, violation);
            }

            if (binding.Warns)
            {
                warnings.Add($"Validation failed for ValidatingAdmissionPolicy '{policy.Name}' with binding '{binding.Name}': {violation.Message}");
            }
        }

        return warnings;
    }

    /// <summary>
    /// As in Kubernetes, no policy applies to policies and their bindings, so none can lock itself in. Webhook
    /// configurations are not exempt: webhooks are never called for them, but policies are evaluated.
    /// </summary>
    private static bool IsExempt(ResourceType type) =>
        type.Group == "admissionregistration.k8s.io"
        && type.Kind is "ValidatingAdmissionPolicy" or "ValidatingAdmissionPolicyBinding";

    private JsonObject? NamespaceObject(AdmissionAttributes request) =>
        request.Type.Namespaced && request.Namespace is { } ns
            ? store.Get(BuiltInResources.Namespaces.StorageKey, new ObjectKey(string.Empty, ns))?.ToJson()
            : null;

    /// <summary>The client's error, worded and coded as kube-apiserver's.</summary>
    private static ApiException Denial(AdmissionAttributes request, string policy, string binding, PolicyViolation violation)
    {
        var code = violation.Reason switch
        {
            "Unauthorized" => 401,
            "Forbidden" => 403,
            "RequestEntityTooLarge" => 413,
            _ => 422,
        };
        return new ApiException(
            code,
            violation.Reason,
            $"{request.Type.QualifiedResource} \"{request.Name}\" is forbidden: ValidatingAdmissionPolicy '{policy}' with binding '{binding}' denied request: {violation.Message}",
            new StatusDetails(request.Name, request.Type.Group, request.Type.Plural));
    }
}
