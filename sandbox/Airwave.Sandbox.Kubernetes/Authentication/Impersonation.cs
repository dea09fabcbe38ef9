using Airwave.Sandbox.Kubernetes.Authorization;
using Airwave.Sandbox.Kubernetes.Errors;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Kubernetes.Authentication;

/// <summary>
/// Impersonate-User and Impersonate-Group (`kubectl --as`, `--as-group`): the request proceeds as that user if the
/// authenticated one may `impersonate` it (users, groups, or the service account), as the apiserver's filter does.
/// </summary>
internal sealed class Impersonation(RbacAuthorizer authorizer)
{
    private const string UserHeader = "Impersonate-User";
    private const string GroupHeader = "Impersonate-Group";

    public UserInfo Apply(UserInfo requester, HttpRequest request)
    {
        if (!request.Headers.ContainsKey(UserHeader) && !request.Headers.ContainsKey(GroupHeader))
        {
            return requester;
        }

        var userName = request.Headers[UserHeader].ToString();
        var groups = request.Headers[GroupHeader].Where(g => !string.IsNullOrEmpty(g)).Select(g => g!).ToList();
        if (userName.Length == 0)
        {
            return groups.Count == 0 ? requester : throw ApiErrors.BadRequest($"requested [{string.Join(" ", groups.Select(g => $"{{Group  {g}  authentication.k8s.io/v1  }}"))}] without impersonating a user");
        }

        var account = UserInfo.ParseServiceAccount(userName);
        Require(account is { } sa
            ? RequestAttributes.ForResource(requester, "impersonate", string.Empty, "serviceaccounts", sa.Namespace, sa.Name)
            : RequestAttributes.ForResource(requester, "impersonate", string.Empty, "users", string.Empty, userName));
        foreach (var group in groups)
        {
            Require(RequestAttributes.ForResource(requester, "impersonate", string.Empty, "groups", string.Empty, group));
        }

        if (groups.Count == 0 && account is { } serviceAccount)
        {
            return UserInfo.ServiceAccount(serviceAccount.Namespace, serviceAccount.Name);
        }

        return new UserInfo(userName, groups.Contains(UserInfo.Authenticated, StringComparer.Ordinal) ? groups : [.. groups, UserInfo.Authenticated]);
    }

    private void Require(RequestAttributes attributes)
    {
        if (authorizer.Authorize(attributes) is { Allowed: false } denied)
        {
            throw ApiErrors.Forbidden(attributes, denied.Reason);
        }
    }
}
