using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Authentication;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Rest;
using Airwave.Sandbox.Kubernetes.Selectors;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Kubernetes.Http;

/// <summary>Reads the query parameters and option bodies of resource requests.</summary>
internal static class RequestOptions
{
    public static WriteOptions Write(HttpRequest request)
    {
        var query = request.Query;
        var validation = query["fieldValidation"].ToString() switch
        {
            "" or "Warn" => FieldValidation.Warn,
            "Strict" => FieldValidation.Strict,
            "Ignore" => FieldValidation.Ignore,
            var other => throw ApiErrors.BadRequest($"fieldValidation must be one of \"Ignore\", \"Warn\", or \"Strict\", got \"{other}\""),
        };
        var userAgent = request.Headers.UserAgent.ToString();
        var clientName = userAgent.Split('/')[0].Trim();
        return new WriteOptions(IsDryRun(query), validation, NullIfEmpty(query["fieldManager"]), IsTrue(query["force"]), clientName.Length > 0 ? clientName : "unknown")
        {
            User = request.HttpContext.Features.Get<UserInfo>(),
        };
    }

    public static ListOptions List(IQueryCollection query, ResourceType type)
    {
        int? limit = int.TryParse(query["limit"], out var parsed) && parsed > 0 ? parsed : null;
        return new ListOptions(LabelSelector.Parse(query["labelSelector"]), FieldSelector.Parse(query["fieldSelector"], type.Kind, type.Conversion), limit, NullIfEmpty(query["continue"]), NullIfEmpty(query["resourceVersion"]));
    }

    public static DeleteOptions Delete(HttpRequest request, JsonObject? body)
    {
        var query = request.Query;
        var policy = (string?)body?["propagationPolicy"] ?? NullIfEmpty(query["propagationPolicy"]);
        var orphan = (bool?)body?["orphanDependents"] ?? (IsTrue(query["orphanDependents"]) ? true : null);
        if (policy is null && orphan is { } orphanDependents)
        {
            policy = orphanDependents ? "Orphan" : "Background";
        }

        if (policy is not (null or "Background" or "Foreground" or "Orphan"))
        {
            throw ApiErrors.BadRequest($"DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"{policy}\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"");
        }

        var dryRun = IsDryRun(query) || (body?["dryRun"] is JsonArray modes && modes.Any(m => (string?)m == "All"));
        return new DeleteOptions(policy, (string?)body?["preconditions"]?["uid"], (string?)body?["preconditions"]?["resourceVersion"], dryRun)
        {
            User = request.HttpContext.Features.Get<UserInfo>(),
            GracePeriodSeconds = (long?)body?["gracePeriodSeconds"] ?? (long.TryParse(query["gracePeriodSeconds"], CultureInfo.InvariantCulture, out var grace) ? grace : null),
        };
    }

    public static bool IsTrue(string? value) => value is "true" or "1" or "True";

    private static bool IsDryRun(IQueryCollection query) => query["dryRun"].ToString() == "All";

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
