using Airwave.Sandbox.Kubernetes.Authentication;
using Airwave.Sandbox.Kubernetes.Authorization;
using Airwave.Sandbox.Kubernetes.Errors;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Kubernetes.Http;

/// <summary>
/// The apiserver's filter chain up to authorization: authenticate, impersonate, authorize; failures become 401 or
/// 403 Status responses. The user is left in the request's features for handlers that answer about the requester.
/// </summary>
internal sealed class AccessMiddleware(Authenticator authenticator, Impersonation impersonation, RbacAuthorizer authorizer)
{
    public Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var user = impersonation.Apply(authenticator.Authenticate(http.Request), http.Request);
        http.Features.Set(user);
        if (user.IsMaster)
        {
            return next(http);
        }

        var request = RequestAttributes.From(user, http.Request);
        if (authorizer.Authorize(request) is { Allowed: false } denied)
        {
            throw ApiErrors.Forbidden(request, denied.Reason);
        }

        return next(http);
    }
}
