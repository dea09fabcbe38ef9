using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Kubeconfig;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Kubernetes.Authentication;

/// <summary>
/// Tells who a request comes from by its bearer token. The sandbox kubeconfig's token is the cluster admin, and so
/// is a request without credentials (tests and tools that speak plain HTTP to the sandbox keep working); a
/// service-account token is that account; any other credential is refused with 401, as the apiserver refuses it.
/// </summary>
internal sealed class Authenticator(ServiceAccountTokens tokens)
{
    private const string BearerPrefix = "Bearer ";

    public UserInfo Authenticate(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            return UserInfo.SandboxAdmin;
        }

        if (!authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            throw ApiErrors.Unauthorized();
        }

        var token = authorization[BearerPrefix.Length..].Trim();
        return token == KubeconfigDocument.AdminToken
            ? UserInfo.SandboxAdmin
            : tokens.Authenticate(token) ?? throw ApiErrors.Unauthorized();
    }
}
