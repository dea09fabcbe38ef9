using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Errors;

namespace Airwave.Sandbox.Kubernetes.Protobuf;

/// <summary>
/// Decodes the protobuf bodies kubectl's typed commands send ("kubectl create namespace|configmap|secret|serviceaccount|token",
/// "kubectl create role|clusterrole|rolebinding|clusterrolebinding|job|deployment", "kubectl auth can-i")
/// into the JSON the server works with. Only these kinds' fields are known (field numbers of k8s.io/api generated.proto);
/// other kinds are refused with 415, after which clients fall back to JSON.
/// </summary>
internal static class KubernetesProtobuf
{
    public const string ContentType = "application/vnd.kubernetes.protobuf";
    private static readonly byte[] Magic = [0x6b, 0x38, 0x73, 0x00];

    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith(Magic))
        {
            throw ApiErrors.BadRequest("protobuf body does not start with the Kubernetes envelope prefix");
        }

        string? apiVersion = null;
        string? kind = null;
        var raw = ReadOnlySpan<byte>.Empty;
        var envelope = new ProtobufReader(body[Magic.Length..]);
        while (!envelope.AtEnd)
        {
            var (field, wireType) = envelope.ReadTag();
            switch (field)
            {
                case 1 when wireType == 2:
                    (apiVersion, kind) = ReadTypeMeta(envelope.ReadBytes());
                    break;
                case 2 when wireType == 2:
                    raw = envelope.ReadBytes();
                    break;
                default:
                    envelope.Skip(wireType);
                    break;
            }
        }

        var obj = (apiVersion, kind) switch
        {
            ("v1", "ConfigMap") => ConfigMap(raw),
            ("v1", "Secret") => Secret(raw),
            ("v1", "Namespace") => Namespace(raw),
            ("v1", "ServiceAccount") => ServiceAccount(raw),
            ("authentication.k8s.io/v1", "TokenRequest") => TokenRequest(raw),
            ("authorization.k8s.io/v1", "SelfSubjectAccessReview") => SelfSubjectAccessReview(raw),
            ("rbac.authorization.k8s.io/v1", "Role" or "ClusterRole") => Role(raw),
            ("rbac.authorization.k8s.io/v1", "RoleBinding" or "ClusterRoleBinding") => RoleBinding(raw),
            ("batch/v1", "Job") => Workload(raw, JobSpec),
            ("apps/v1", "Deployment") => Workload(raw, DeploymentSpec),
            _ => throw new ApiException(415, "UnsupportedMediaType", $"the sandbox decodes protobuf only for v1 ConfigMap, Secret, Namespace, ServiceAccount, authentication.k8s.io/v1 TokenRequest, authorization.k8s.io/v1 SelfSubjectAccessReview, the rbac.authorization.k8s.io/v1 kinds, batch/v1 Job and apps/v1 Deployment (got {apiVersion} {kind}); send JSON"),
        };
        var result = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        foreach (var (key, value) in obj.ToList())
        {
            obj.Remove(key);
            result[key] = value;
        }

        return result;
    }

    private static (string? ApiVersion, string? Kind) ReadTypeMeta(ReadOnlySpan<byte> data)
    {
        string? apiVersion = null;
        string? kind = null;
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field)
            {
                case 1 when wireType == 2:
                    apiVersion = reader.ReadString();
                    break;
                case 2 when wireType == 2:
                    kind = reader.ReadString();
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return (apiVersion, kind);
    }

    private static JsonObject ConfigMap(ReadOnlySpan<byte> data)
    {
        var obj = new JsonObject();
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field)
            {
                case 1 when wireType == 2:
                    obj["metadata"] = ObjectMeta(reader.ReadBytes());
                    break;
                case 2 when wireType == 2:
                    AddMapEntry(obj, "data", reader.ReadBytes(), binary: false);
                    break;
                case 3 when wireType == 2:
                    AddMapEntry(obj, "binaryData", reader.ReadBytes(), binary: true);
                    break;
                case 4 when wireType == 0:
                    obj["immutable"] = reader.ReadVarint() != 0;
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return obj;
    }

    private static JsonObject Secret(ReadOnlySpan<byte> data)
    {
        var obj = new JsonObject();
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field)
            {
                case 1 when wireType == 2:
                    obj["metadata"] = ObjectMeta(reader.ReadBytes());
                    break;
                case 2 when wireType == 2:
                    AddMapEntry(obj, "data", reader.ReadBytes(), binary: true);
                    break;
                case 3 when wireType == 2:
                    SetIfNotEmpty(obj, "type", reader.ReadString());
                    break;
                case 4 when wireType == 2:
                    AddMapEntry(obj, "stringData", reader.ReadBytes(), binary: false);
                    break;
                case 5 when wireType == 0:
                    obj["immutable"] = reader.ReadVarint() != 0;
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return obj;
    }

    private static JsonObject Namespace(ReadOnlySpan<byte> data)
    {
        var obj = new JsonObject();
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            if (field == 1 && wireType == 2)
            {
                obj["metadata"] = ObjectMeta(reader.ReadBytes());
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return obj;
    }

    private static JsonObject ServiceAccount(ReadOnlySpan<byte> data)
    {
        var obj = new JsonObject();
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field)
            {
                case 1 when wireType == 2:
                    obj["metadata"] = ObjectMeta(reader.ReadBytes());
                    break;
                case 4 when wireType == 0:
                    obj["automountServiceAccountToken"] = reader.ReadVarint() != 0;
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return obj;
    }

    private static JsonObject TokenRequest(ReadOnlySpan<byte> data)
    {
        var obj = new JsonObject();
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field)
            {
                case 1 when wireType == 2:
                    obj["metadata"] = ObjectMeta(reader.ReadBytes());
                    break;
                case 2 when wireType == 2:
                    obj["spec"] = TokenRequestSpec(reader.ReadBytes());
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return obj;
    }

    private static JsonObject TokenRequestSpec(ReadOnlySpan<byte> data)
    {
        var spec = new JsonObject();
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field)
            {
                case 1 when wireType == 2:
                    AddToList(spec, "audiences", reader.ReadString());
                    break;
                case 4 when wireType == 0:
                    spec["expirationSeconds"] = (long)reader.ReadVarint();
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return spec;
    }

    private static JsonObject SelfSubjectAccessReview(ReadOnlySpan<byte> data)
    {
        var obj = new JsonObject();
        var spec = new JsonObject();
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            if (field == 2 && wireType == 2)
            {
                var specReader = new ProtobufReader(reader.ReadBytes());
                while (!specReader.AtEnd)
                {
                    var (specField, specWireType) = specReader.ReadTag();
                    switch (specField)
                    {
                        case 1 when specWireType == 2:
                            spec["resourceAttributes"] = Strings(specReader.ReadBytes(), "namespace", "verb", "group", "version", "resource", "subresource", "name");
                            break;
                        case 2 when specWireType == 2:
                            spec["nonResourceAttributes"] = Strings(specReader.ReadBytes(), "path", "verb");
                            break;
                        default:
                            specReader.Skip(specWireType);
                            break;
                    }
                }
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        obj["spec"] = spec;
        return obj;
    }

    private static JsonObject Role(ReadOnlySpan<byte> data)
    {
        var obj = new JsonObject();
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field)
            {
                case 1 when wireType == 2:
                    obj["metadata"] = ObjectMeta(reader.ReadBytes());
                    break;
                case 2 when wireType == 2:
                    AddToList(obj, "rules", StringLists(reader.ReadBytes(), "verbs", "apiGroups", "resources", "resourceNames", "nonResourceURLs"));
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return obj;
    }

    private static JsonObject RoleBinding(ReadOnlySpan<byte> data)
    {
        var obj = new JsonObject();
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field)
            {
                case 1 when wireType == 2:
                    obj["metadata"] = ObjectMeta(reader.ReadBytes());
                    break;
                case 2 when wireType == 2:
                    AddToList(obj, "subjects", Strings(reader.ReadBytes(), "kind", "apiGroup", "name", "namespace"));
                    break;
                case 3 when wireType == 2:
                    obj["roleRef"] = Strings(reader.ReadBytes(), "apiGroup", "kind", "name");
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return obj;
    }

    private delegate JsonObject SpecReader(ReadOnlySpan<byte> data);

    /// <summary>A Job or Deployment as `kubectl create job|deployment` sends it: metadata and spec (status is empty).</summary>
    private static JsonObject Workload(ReadOnlySpan<byte> data, SpecReader spec)
    {
        var obj = new JsonObject();
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field)
            {
                case 1 when wireType == 2:
                    obj["metadata"] = ObjectMeta(reader.ReadBytes());
                    break;
                case 2 when wireType == 2:
                    obj["spec"] = spec(reader.ReadBytes());
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return obj;
    }

    private static JsonObject JobSpec(ReadOnlySpan<byte> data)
    {
        var spec = new JsonObject();
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field)
            {
                case 1 when wireType == 0:
                    spec["parallelism"] = (int)reader.ReadVarint();
                    break;
                case 2 when wireType == 0:
                    spec["completions"] = (int)reader.ReadVarint();
                    break;
                case 3 when wireType == 0:
                    spec["activeDeadlineSeconds"] = (long)reader.ReadVarint();
                    break;
                case 6 when wireType == 2:
                    spec["template"] = PodTemplate(reader.ReadBytes());
                    break;
                case 7 when wireType == 0:
                    spec["backoffLimit"] = (int)reader.ReadVarint();
                    break;
                case 8 when wireType == 0:
                    spec["ttlSecondsAfterFinished"] = (int)reader.ReadVarint();
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return spec;
    }

    private static JsonObject DeploymentSpec(ReadOnlySpan<byte> data)
    {
        var spec = new JsonObject();
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field)
            {
                case 1 when wireType == 0:
                    spec["replicas"] = (int)reader.ReadVarint();
                    break;
                case 2 when wireType == 2:
                    spec["selector"] = LabelSelector(reader.ReadBytes());
                    break;
                case 3 when wireType == 2:
                    spec["template"] = PodTemplate(reader.ReadBytes());
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return spec;
    }

    private static JsonObject LabelSelector(ReadOnlySpan<byte> data)
    {
        var selector = new JsonObject();
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            if (field == 1 && wireType == 2)
            {
                AddMapEntry(selector, "matchLabels", reader.ReadBytes(), binary: false);
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return selector;
    }

    private static JsonObject PodTemplate(ReadOnlySpan<byte> data)
    {
        var template = new JsonObject();
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field)
            {
                case 1 when wireType == 2:
                    template["metadata"] = ObjectMeta(reader.ReadBytes());
                    break;
                case 2 when wireType == 2:
                    template["spec"] = PodSpec(reader.ReadBytes());
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return template;
    }

    /// <summary>The pod fields `kubectl create job|deployment` sets: containers, restart policy, grace period, service account.</summary>
    private static JsonObject PodSpec(ReadOnlySpan<byte> data)
    {
        var spec = new JsonObject();
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field)
            {
                case 2 when wireType == 2:
                    AddToList(spec, "containers", Container(reader.ReadBytes()));
                    break;
                case 3 when wireType == 2:
                    SetIfNotEmpty(spec, "restartPolicy", reader.ReadString());
                    break;
                case 4 when wireType == 0:
                    spec["terminationGracePeriodSeconds"] = (long)reader.ReadVarint();
                    break;
                case 8 when wireType == 2:
                    SetIfNotEmpty(spec, "serviceAccountName", reader.ReadString());
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return spec;
    }

    private static JsonObject Container(ReadOnlySpan<byte> data)
    {
        var container = new JsonObject();
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field)
            {
                case 1 when wireType == 2:
                    container["name"] = reader.ReadString();
                    break;
                case 2 when wireType == 2:
                    SetIfNotEmpty(container, "image", reader.ReadString());
                    break;
                case 3 when wireType == 2:
                    AddToList(container, "command", reader.ReadString());
                    break;
                case 4 when wireType == 2:
                    AddToList(container, "args", reader.ReadString());
                    break;
                case 5 when wireType == 2:
                    SetIfNotEmpty(container, "workingDir", reader.ReadString());
                    break;
                case 7 when wireType == 2:
                    AddToList(container, "env", Strings(reader.ReadBytes(), "name", "value"));
                    break;
                case 14 when wireType == 2:
                    SetIfNotEmpty(container, "imagePullPolicy", reader.ReadString());
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return container;
    }

    /// <summary>A message of repeated string fields numbered 1, 2, ... in the order of <paramref name="names"/>; empty strings are kept (apiGroups [""]).</summary>
    private static JsonObject StringLists(ReadOnlySpan<byte> data, params string[] names)
    {
        var obj = new JsonObject();
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            if (wireType == 2 && field >= 1 && field <= names.Length)
            {
                AddToList(obj, names[field - 1], reader.ReadString());
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return obj;
    }

    /// <summary>A message of string fields numbered 1, 2, ... in the order of <paramref name="names"/>; empty ones are left out.</summary>
    private static JsonObject Strings(ReadOnlySpan<byte> data, params string[] names)
    {
        var obj = new JsonObject();
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            if (wireType == 2 && field >= 1 && field <= names.Length)
            {
                SetIfNotEmpty(obj, names[field - 1], reader.ReadString());
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return obj;
    }

    private static JsonObject ObjectMeta(ReadOnlySpan<byte> data)
    {
        var metadata = new JsonObject();
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field)
            {
                case 1 when wireType == 2:
                    SetIfNotEmpty(metadata, "name", reader.ReadString());
                    break;
                case 2 when wireType == 2:
                    SetIfNotEmpty(metadata, "generateName", reader.ReadString());
                    break;
                case 3 when wireType == 2:
                    SetIfNotEmpty(metadata, "namespace", reader.ReadString());
                    break;
                case 6 when wireType == 2:
                    SetIfNotEmpty(metadata, "resourceVersion", reader.ReadString());
                    break;
                case 11 when wireType == 2:
                    AddMapEntry(metadata, "labels", reader.ReadBytes(), binary: false);
                    break;
                case 12 when wireType == 2:
                    AddMapEntry(metadata, "annotations", reader.ReadBytes(), binary: false);
                    break;
                case 13 when wireType == 2:
                    AddToList(metadata, "ownerReferences", OwnerReference(reader.ReadBytes()));
                    break;
                case 14 when wireType == 2:
                    AddToList(metadata, "finalizers", reader.ReadString());
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return metadata;
    }

    private static JsonObject OwnerReference(ReadOnlySpan<byte> data)
    {
        var reference = new JsonObject();
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field)
            {
                case 1 when wireType == 2:
                    reference["kind"] = reader.ReadString();
                    break;
                case 3 when wireType == 2:
                    reference["name"] = reader.ReadString();
                    break;
                case 4 when wireType == 2:
                    reference["uid"] = reader.ReadString();
                    break;
                case 5 when wireType == 2:
                    reference["apiVersion"] = reader.ReadString();
                    break;
                case 6 when wireType == 0:
                    reference["controller"] = reader.ReadVarint() != 0;
                    break;
                case 7 when wireType == 0:
                    reference["blockOwnerDeletion"] = reader.ReadVarint() != 0;
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return reference;
    }

    /// <summary>A protobuf map entry (key = 1, value = 2); bytes values become base64 as in JSON.</summary>
    private static void AddMapEntry(JsonObject owner, string property, ReadOnlySpan<byte> entry, bool binary)
    {
        var key = string.Empty;
        JsonNode value = string.Empty;
        var reader = new ProtobufReader(entry);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field)
            {
                case 1 when wireType == 2:
                    key = reader.ReadString();
                    break;
                case 2 when wireType == 2:
                    value = binary ? Convert.ToBase64String(reader.ReadBytes()) : reader.ReadString();
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        if (owner[property] is not JsonObject map)
        {
            map = [];
            owner[property] = map;
        }

        map[key] = value;
    }

    /// <summary>Go's protobuf encoder writes empty optional strings; JSON omits them.</summary>
    private static void SetIfNotEmpty(JsonObject owner, string property, string value)
    {
        if (value.Length > 0)
        {
            owner[property] = value;
        }
    }

    private static void AddToList(JsonObject owner, string property, JsonNode item)
    {
        if (owner[property] is not JsonArray list)
        {
            list = [];
            owner[property] = list;
        }

        list.Add(item);
    }
}
