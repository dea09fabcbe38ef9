using System.Text.Json.Serialization;

namespace Airwave.Webhook.Admission;

/// <summary>
/// The AdmissionReview the API server sends and is answered with, generated at build time. What is unset is left out:
/// the API server reads absent and null alike, and absent keeps the answer to what was decided.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AdmissionReview))]
public sealed partial class AdmissionJson : JsonSerializerContext;
