using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Authentication;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Storage;
using Airwave.Sandbox.Kubernetes.Watch;

namespace Airwave.Sandbox.Kubernetes.Authorization;

/// <summary>
/// The RBAC authorizer: system:masters may do anything; everyone else what the Roles and ClusterRoles bound to
/// their user, groups or service account allow. Each subject's rules are resolved once and cached; any change to
/// an RBAC object drops the cache before the next decision, so a binding takes effect with the write that made it.
/// </summary>
internal sealed class RbacAuthorizer : IDisposable
{
    private static readonly HashSet<StorageKey> RbacStorage =
        [BuiltInResources.Roles.StorageKey, BuiltInResources.RoleBindings.StorageKey, BuiltInResources.ClusterRoles.StorageKey, BuiltInResources.ClusterRoleBindings.StorageKey];

    private readonly ObjectStore _store;
    private readonly WatchSubscription _changes;
    private readonly Lock _gate = new();
    private ConcurrentDictionary<string, SubjectRules> _cache = new(StringComparer.Ordinal);

    public RbacAuthorizer(ObjectStore store)
    {
        _store = store;
        // Published under the store's lock as each write commits, so it is readable before the write's response is sent.
        _changes = store.Watch(new WatchFilter(null, null, o => RbacStorage.Contains(o.Storage)), store.ResourceVersion);
    }

    public AuthorizationDecision Authorize(RequestAttributes request)
    {
        if (request.User.IsMaster)
        {
            return AuthorizationDecision.Allow;
        }

        var rules = RulesFor(request.User);
        var scope = request.Namespace.Length > 0 ? rules.In(request.Namespace) : RuleScope.Empty;
        if (rules.ClusterWide.Allows(request) || scope.Allows(request))
        {
            return AuthorizationDecision.Allow;
        }

        var errors = rules.ClusterWide.Errors.Concat(scope.Errors).ToList();
        return new AuthorizationDecision(false, errors.Count switch
        {
            0 => string.Empty,
            1 => $"RBAC: {errors[0]}",
            _ => $"RBAC: [{string.Join(", ", errors)}]",
        });
    }

    public void Dispose() => _changes.Dispose();

    private SubjectRules RulesFor(UserInfo user)
    {
        ConcurrentDictionary<string, SubjectRules> cache;
        lock (_gate)
        {
            var changed = false;
            while (_changes.Events.TryRead(out _))
            {
                changed = true;
            }

            if (changed)
            {
                _cache = new(StringComparer.Ordinal);
            }

            cache = _cache;
        }

        return cache.GetOrAdd(user.Key, static (_, state) => state.Authorizer.Resolve(state.User), (Authorizer: this, User: user));
    }

    private SubjectRules Resolve(UserInfo user)
    {
        var clusterRules = new List<PolicyRule>();
        var clusterErrors = new List<string>();
        foreach (var binding in _store.List(BuiltInResources.ClusterRoleBindings.StorageKey, null).Items.Select(b => b.ToJson()))
        {
            if (Binds(binding, user, bindingNamespace: string.Empty))
            {
                AddRoleRules(binding, string.Empty, clusterRules, clusterErrors);
            }
        }

        var byNamespace = new Dictionary<string, (List<PolicyRule> Rules, List<string> Errors)>(StringComparer.Ordinal);
        foreach (var stored in _store.List(BuiltInResources.RoleBindings.StorageKey, null).Items)
        {
            var binding = stored.ToJson();
            if (Binds(binding, user, stored.Key.Namespace))
            {
                if (!byNamespace.TryGetValue(stored.Key.Namespace, out var scope))
                {
                    scope = ([], []);
                    byNamespace[stored.Key.Namespace] = scope;
                }

                AddRoleRules(binding, stored.Key.Namespace, scope.Rules, scope.Errors);
            }
        }

        return new SubjectRules(
            new RuleScope(clusterRules, clusterErrors),
            byNamespace.ToDictionary(s => s.Key, s => new RuleScope(s.Value.Rules, s.Value.Errors), StringComparer.Ordinal));
    }

    /// <summary>Adds the rules of the binding's role; a RoleBinding's Role is looked up in the binding's own namespace.</summary>
    private void AddRoleRules(JsonObject binding, string bindingNamespace, List<PolicyRule> rules, List<string> errors)
    {
        var roleRef = binding["roleRef"];
        var kind = (string?)roleRef?["kind"];
        var name = (string?)roleRef?["name"] ?? string.Empty;
        var role = kind switch
        {
            "ClusterRole" => _store.Get(BuiltInResources.ClusterRoles.StorageKey, new ObjectKey(string.Empty, name)),
            "Role" when bindingNamespace.Length > 0 => _store.Get(BuiltInResources.Roles.StorageKey, new ObjectKey(bindingNamespace, name)),
            _ => null,
        };
        if (role is null)
        {
            errors.Add($"{kind?.ToLowerInvariant()}.rbac.authorization.k8s.io \"{name}\" not found");
            return;
        }

        if (role.ToJson()["rules"] is JsonArray list)
        {
            rules.AddRange(list.Select(PolicyRule.Parse));
        }
    }

    /// <summary>Whether one of the binding's subjects is this user, one of its groups, or its service account.</summary>
    private static bool Binds(JsonObject binding, UserInfo user, string bindingNamespace) =>
        binding["subjects"] is JsonArray subjects && subjects.Any(subject => (string?)subject?["kind"] switch
        {
            "User" => (string?)subject["name"] == user.Name,
            "Group" => user.Groups.Contains((string?)subject["name"] ?? string.Empty, StringComparer.Ordinal),
            "ServiceAccount" => ((string?)subject["namespace"] is { Length: > 0 } ns ? ns : bindingNamespace) is { Length: > 0 } accountNamespace
                && UserInfo.ServiceAccountUserName(accountNamespace, (string?)subject["name"] ?? string.Empty) == user.Name,
            _ => false,
        });
}
