using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Airwave.Webhook.Admission;

/// <summary>An admission.k8s.io/v1 AdmissionReview: the API server's request in, this service's response out.</summary>
public sealed record AdmissionReview
{
    public const string ApiVersionV1 = "admission.k8s.io/v1";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; init; } = ApiVersionV1;

    [JsonPropertyName("kind")]
    public string Kind { get; init; } = "AdmissionReview";

    [JsonPropertyName("request")]
    public AdmissionRequest? Request { get; init; }

    [JsonPropertyName("response")]
    public AdmissionResponse? Response { get; init; }
}

/// <summary>The parts of the request validation reads.</summary>
public sealed record AdmissionRequest
{
    [JsonPropertyName("uid")]
    public required string Uid { get; init; }

    [JsonPropertyName("kind")]
    public required GroupVersionKind Kind { get; init; }

    /// <summary>CREATE, UPDATE, DELETE or CONNECT.</summary>
    [JsonPropertyName("operation")]
    public required string Operation { get; init; }

    [JsonPropertyName("namespace")]
    public string? Namespace { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>The object as it would be stored (<c>object</c> on the wire).</summary>
    [JsonPropertyName("object")]
    public JsonObject? NewObject { get; init; }

    [JsonPropertyName("oldObject")]
    public JsonObject? OldObject { get; init; }

    [JsonPropertyName("dryRun")]
    public bool DryRun { get; init; }
}

public sealed record GroupVersionKind
{
    [JsonPropertyName("group")]
    public string Group { get; init; } = "";

    [JsonPropertyName("version")]
    public string Version { get; init; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; init; } = "";
}

public sealed record AdmissionResponse
{
    [JsonPropertyName("uid")]
    public required string Uid { get; init; }

    [JsonPropertyName("allowed")]
    public required bool Allowed { get; init; }

    /// <summary>Why a request is refused: the API server passes it to the client as its error.</summary>
    [JsonPropertyName("status")]
    public AdmissionStatus? Status { get; init; }

    /// <summary>Shown by kubectl as "Warning: ..." lines, refused or not.</summary>
    [JsonPropertyName("warnings")]
    public IReadOnlyList<string>? Warnings { get; init; }
}

/// <summary>A metav1.Status as a refusal carries it.</summary>
public sealed record AdmissionStatus
{
    [JsonPropertyName("code")]
    public int Code { get; init; }

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [JsonPropertyName("details")]
    public AdmissionStatusDetails? Details { get; init; }
}

public sealed record AdmissionStatusDetails
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("group")]
    public string? Group { get; init; }

    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    [JsonPropertyName("causes")]
    public IReadOnlyList<AdmissionStatusCause> Causes { get; init; } = [];
}

public sealed record AdmissionStatusCause
{
    [JsonPropertyName("reason")]
    public required string Reason { get; init; }

    [JsonPropertyName("message")]
    public required string Message { get; init; }

    [JsonPropertyName("field")]
    public required string Field { get; init; }
}
