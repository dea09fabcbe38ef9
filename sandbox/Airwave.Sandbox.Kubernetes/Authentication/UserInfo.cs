namespace Airwave.Sandbox.Kubernetes.Authentication;

/// <summary>Who a request comes from, as the apiserver's authenticators report it: a user name and its groups.</summary>
internal sealed class UserInfo
{
    public const string Masters = "system:masters";
    public const string Authenticated = "system:authenticated";
    public const string ServiceAccounts = "system:serviceaccounts";
    private const string ServiceAccountPrefix = "system:serviceaccount:";

    public UserInfo(string name, IReadOnlyList<string> groups)
    {
        Name = name;
        Groups = groups;
        IsMaster = groups.Contains(Masters, StringComparer.Ordinal);
        Key = string.Join('\n', [name, .. groups]);
    }

    /// <summary>The sandbox kubeconfig's identity, and the one of requests without credentials.</summary>
    public static UserInfo SandboxAdmin { get; } = new("sandbox-admin", [Masters, Authenticated]);

    public string Name { get; }

    public IReadOnlyList<string> Groups { get; }

    /// <summary>In system:masters: allowed everything without consulting RBAC, as the apiserver's privileged-group authorizer does.</summary>
    public bool IsMaster { get; }

    /// <summary>Name and groups in one string: the key of the cached RBAC rules of this subject.</summary>
    public string Key { get; }

    public static UserInfo ServiceAccount(string @namespace, string name) =>
        new(ServiceAccountUserName(@namespace, name), [ServiceAccounts, $"{ServiceAccounts}:{@namespace}", Authenticated]);

    public static string ServiceAccountUserName(string @namespace, string name) => $"{ServiceAccountPrefix}{@namespace}:{name}";

    /// <summary>The namespace and name of a "system:serviceaccount:ns:name" user name.</summary>
    public static (string Namespace, string Name)? ParseServiceAccount(string userName) =>
        userName.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal) && userName[ServiceAccountPrefix.Length..].Split(':') is [{ Length: > 0 } ns, { Length: > 0 } name]
            ? (ns, name)
            : null;
}
