using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Airwave.Aws.Ivs;
using Airwave.Aws.MediaLive;
using Airwave.Aws.MediaPackage;

namespace Airwave.Aws.Http;

/// <summary>
/// JSON settings of the rest-json services: members are the model's lowerCamelCase <c>locationName</c>s,
/// absent members are omitted, and enumerations are UPPER_SNAKE_CASE strings (<see cref="AwsEnumConverter{TEnum}"/>).
/// Every body and answer is one of the services' build-time JSON contexts: a type none of them lists fails at once.
/// </summary>
public static class AwsJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>The metadata of one of the services' types; a type no context lists fails here.</summary>
    public static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = JsonTypeInfoResolver.Combine(MediaLiveJson.Default, MediaPackageJson.Default, IvsJson.Default),
        };
        options.MakeReadOnly();
        return options;
    }
}
