using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Webhook.Admission;

/// <summary>
/// POST /validate on the admission port: the API server's AdmissionReview in, the verdict out. A body that is not
/// a v1 AdmissionReview with a request is a 400, which the API server treats as the webhook failing (its
/// failurePolicy decides).
/// </summary>
public static class AdmissionEndpoint
{
    public const string Path = "/validate";

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder routes) =>
        routes.MapPost(Path, async (HttpRequest http, SpecAdmission admission, CancellationToken cancellationToken) =>
        {
            AdmissionReview? review;
            try
            {
                review = await JsonSerializer.DeserializeAsync(http.Body, AdmissionJson.Default.AdmissionReview, cancellationToken);
            }
            catch (JsonException e)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not an AdmissionReview", detail: e.Message);
            }

            if (review is not { ApiVersion: AdmissionReview.ApiVersionV1, Request: { } request })
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not an AdmissionReview", detail: $"The body must be an {AdmissionReview.ApiVersionV1} AdmissionReview with a request.");
            }

            return Results.Json(new AdmissionReview { Response = await admission.ReviewAsync(request, cancellationToken) }, AdmissionJson.Default.AdmissionReview);
        }).ExcludeFromDescription();
}
