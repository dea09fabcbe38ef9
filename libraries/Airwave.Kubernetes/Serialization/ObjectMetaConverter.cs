using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Serialization;

/// <summary>
/// Reads object metadata field by field into locals. The source generator reads a record with init-only properties
/// through its parameterized-constructor path, which buffers every value in an array and boxes the value types;
/// metadata is in every object of every list and watch event, and reading it so took a tenth of an informer's CPU per
/// event. Writes as the generated code does.
/// </summary>
internal sealed class ObjectMetaConverter : JsonConverter<ObjectMeta>
{
    private static readonly KubernetesTimeConverter Time = new();

    public override ObjectMeta Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"metadata must be an object, not {reader.TokenType}");
        }

        string? name = null, generateName = null, @namespace = null, uid = null, resourceVersion = null;
        long? generation = null, deletionGracePeriodSeconds = null;
        DateTimeOffset? creationTimestamp = null, deletionTimestamp = null;
        Dictionary<string, string>? labels = null, annotations = null;
        IReadOnlyList<OwnerReference>? ownerReferences = null;
        List<string>? finalizers = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                name = NextString(ref reader);
            }
            else if (reader.ValueTextEquals("namespace"u8))
            {
                @namespace = NextString(ref reader);
            }
            else if (reader.ValueTextEquals("uid"u8))
            {
                uid = NextString(ref reader);
            }
            else if (reader.ValueTextEquals("resourceVersion"u8))
            {
                resourceVersion = NextString(ref reader);
            }
            else if (reader.ValueTextEquals("generateName"u8))
            {
                generateName = NextString(ref reader);
            }
            else if (reader.ValueTextEquals("generation"u8))
            {
                generation = NextInt64(ref reader);
            }
            else if (reader.ValueTextEquals("deletionGracePeriodSeconds"u8))
            {
                deletionGracePeriodSeconds = NextInt64(ref reader);
            }
            else if (reader.ValueTextEquals("creationTimestamp"u8))
            {
                creationTimestamp = NextTime(ref reader, options);
            }
            else if (reader.ValueTextEquals("deletionTimestamp"u8))
            {
                deletionTimestamp = NextTime(ref reader, options);
            }
            else if (reader.ValueTextEquals("labels"u8))
            {
                labels = NextMap(ref reader);
            }
            else if (reader.ValueTextEquals("annotations"u8))
            {
                annotations = NextMap(ref reader);
            }
            else if (reader.ValueTextEquals("finalizers"u8))
            {
                finalizers = NextStrings(ref reader);
            }
            else if (reader.ValueTextEquals("ownerReferences"u8))
            {
                reader.Read();
                ownerReferences = JsonSerializer.Deserialize(ref reader, (JsonTypeInfo<IReadOnlyList<OwnerReference>>)options.GetTypeInfo(typeof(IReadOnlyList<OwnerReference>)));
            }
            else
            {
                // managedFields, and anything a newer API server adds. The serializer hands a converter its whole value
                // (the reader may still be partial when a list is read as it downloads, where Skip refuses), so
                // TrySkip always succeeds here.
                reader.Read();
                if (!reader.TrySkip())
                {
                    throw new JsonException("metadata ends in the middle of a field");
                }
            }
        }

        return new ObjectMeta
        {
            Name = name,
            GenerateName = generateName,
            Namespace = @namespace,
            Uid = uid,
            ResourceVersion = resourceVersion,
            Generation = generation,
            CreationTimestamp = creationTimestamp,
            DeletionTimestamp = deletionTimestamp,
            DeletionGracePeriodSeconds = deletionGracePeriodSeconds,
            Labels = labels,
            Annotations = annotations,
            OwnerReferences = ownerReferences,
            Finalizers = finalizers,
        };
    }

    public override void Write(Utf8JsonWriter writer, ObjectMeta value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, KubernetesJsonContext.Default.ObjectMeta);

    private static string? NextString(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.GetString();
    }

    private static long? NextInt64(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64();
    }

    private static DateTimeOffset? NextTime(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Null ? null : Time.Read(ref reader, typeof(DateTimeOffset), options);
    }

    private static Dictionary<string, string>? NextMap(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"labels and annotations must be objects, not {reader.TokenType}");
        }

        var map = new Dictionary<string, string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            map[key] = reader.TokenType == JsonTokenType.String
                ? reader.GetString()!
                : throw new JsonException($"the value of \"{key}\" must be a string, not {reader.TokenType}");
        }

        return map;
    }

    private static List<string>? NextStrings(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"finalizers must be an array, not {reader.TokenType}");
        }

        var items = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException($"a finalizer must be a string, not {reader.TokenType}"));
        }

        return items;
    }
}
