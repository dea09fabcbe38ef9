using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Admission.Policies;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Authorization;

/// <summary>
/// RBAC's escalation prevention, as kube-apiserver's RBAC storage does it: a user writes a Role or ClusterRole only
/// with rules it holds itself (or `escalate` on it), and binds one only when it holds all of the role's rules in
/// that scope (or `bind` on it). Without this, an account allowed to create RoleBindings could grant itself anything.
/// </summary>
internal sealed class RbacEscalation(ObjectStore store, RbacAuthorizer authorizer)
{
    private const string Group = "rbac.authorization.k8s.io";

    /// <exception cref="ApiException">403: the write would grant what its writer does not hold.</exception>
    public void Check(AdmissionAttributes request)
    {
        if (request.User is not { IsMaster: false } || request.Object is null || request.Operation is not ("CREATE" or "UPDATE") || request.Type.Group != Group)
        {
            return;
        }

        var scope = request.Namespace ?? string.Empty;
        var (verb, roleResource, roleName, rules) = request.Type.Plural switch
        {
            "roles" or "clusterroles" => ("escalate", request.Type.Plural, request.Name, Rules(request.Object)),
            "rolebindings" or "clusterrolebindings" => BoundRole(request.Object, scope),
            _ => (string.Empty, string.Empty, string.Empty, (IReadOnlyList<PolicyRule>)[]),
        };
        if (verb.Length == 0 || authorizer.Authorize(RequestAttributes.ForResource(request.User, verb, Group, roleResource, scope, roleName)).Allowed)
        {
            return;
        }

        var missing = rules.SelectMany(Atoms).Where(atom => !authorizer.Authorize(atom with { User = request.User, Namespace = scope }).Allowed).ToList();
        if (missing.Count > 0)
        {
            throw ApiErrors.Forbidden(
                request.Type,
                request.Name,
                $"user \"{request.User.Name}\" (groups=[\"{string.Join("\",\"", request.User.Groups)}\"]) is attempting to grant RBAC permissions not currently held:\n{string.Join("\n", missing.Select(Describe))}");
        }
    }

    private (string Verb, string Resource, string Name, IReadOnlyList<PolicyRule> Rules) BoundRole(JsonObject binding, string scope)
    {
        var kind = (string?)binding["roleRef"]?["kind"];
        var name = (string?)binding["roleRef"]?["name"] ?? string.Empty;
        var role = kind switch
        {
            "ClusterRole" => store.Get(BuiltInResources.ClusterRoles.StorageKey, new ObjectKey(string.Empty, name)),
            "Role" => store.Get(BuiltInResources.Roles.StorageKey, new ObjectKey(scope, name)),
            _ => null,
        };

        // A binding of a role that does not exist grants nothing yet; the role's own write is checked when it comes.
        return ("bind", kind == "Role" ? "roles" : "clusterroles", name, role is null ? [] : Rules(role.ToJson()));
    }

    private static IReadOnlyList<PolicyRule> Rules(JsonObject role) =>
        role["rules"] is JsonArray rules ? [.. rules.Select(PolicyRule.Parse)] : [];

    /// <summary>
    /// A rule as single permissions, each checked on its own against the writer's rules; a `*` in the rule is only
    /// held through a `*` of the writer's, and a rule without resourceNames only through one without them.
    /// </summary>
    private static IEnumerable<RequestAttributes> Atoms(PolicyRule rule)
    {
        var nobody = new Authentication.UserInfo(string.Empty, []);
        foreach (var verb in rule.Verbs)
        {
            foreach (var url in rule.NonResourceUrls)
            {
                yield return new RequestAttributes(nobody, verb, false, url, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty);
            }

            foreach (var group in rule.ApiGroups)
            {
                foreach (var resource in rule.Resources)
                {
                    foreach (var name in rule.ResourceNames.Length == 0 ? [string.Empty] : rule.ResourceNames)
                    {
                        yield return RequestAttributes.ForResource(nobody, verb, group, resource, string.Empty, name);
                    }
                }
            }
        }
    }

    private static string Describe(RequestAttributes atom) =>
        atom.IsResourceRequest
            ? $"{{APIGroups:[\"{atom.ApiGroup}\"], Resources:[\"{atom.Resource}\"],{(atom.Name.Length > 0 ? $" ResourceNames:[\"{atom.Name}\"]," : string.Empty)} Verbs:[\"{atom.Verb}\"]}}"
            : $"{{NonResourceURLs:[\"{atom.Path}\"], Verbs:[\"{atom.Verb}\"]}}";
}
