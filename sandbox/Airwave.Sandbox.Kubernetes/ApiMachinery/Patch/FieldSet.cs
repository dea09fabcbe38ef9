using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Patch;

namespace Airwave.Sandbox.Kubernetes.ApiMachinery.Patch;

/// <summary>
/// A set of field paths as server-side apply records ownership, in the FieldsV1 shape of
/// managedFields: a tree keyed by path elements — <c>f:name</c> (object field), <c>k:{"name":"x"}</c>
/// (map-list item by its keys), <c>v:"value"</c> (set-list item), <c>i:0</c> (index) — where a node is a
/// member of the set when it is a leaf (<c>{}</c>) or carries <c>"."</c>.
/// </summary>
internal sealed class FieldSet
{
    private static readonly JsonSerializerOptions EncodingOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly SortedDictionary<string, FieldSet> children = new(StringComparer.Ordinal);

    public bool IsMember { get; private set; }

    public bool IsEmpty => !IsMember && children.Count == 0;

    /// <summary>Every path that is a member, shallowest first.</summary>
    public IEnumerable<IReadOnlyList<string>> Members => MembersUnder([]);

    public static FieldSet FromFieldsV1(JsonNode? fieldsV1)
    {
        var set = new FieldSet();
        if (fieldsV1 is JsonObject tree)
        {
            set.Read(tree);

            // "{}" at the top means an empty set, not ownership of the whole object.
            set.IsMember = tree.ContainsKey(".");
        }

        return set;
    }

    /// <summary>Every field of an object: what the object's author manages when it sends it whole.</summary>
    public static FieldSet Of(JsonObject obj, ListTypes? types)
    {
        var set = new FieldSet();
        set.AddObject(obj, types);
        return set;
    }

    /// <summary>The fields of <paramref name="after"/> whose values differ from <paramref name="before"/>.</summary>
    public static FieldSet Changed(JsonNode? before, JsonObject after, ListTypes? types)
    {
        var set = new FieldSet();
        set.AddChanged(before, after, types);
        return set.Pruned();
    }

    public static string FieldElement(string name) => $"f:{name}";

    /// <summary>The element naming a map-list item: its key fields, sorted by name, as compact JSON.</summary>
    public static string KeyElement(JsonObject item, IReadOnlyList<string> keys)
    {
        var key = new JsonObject();
        foreach (var name in keys.Order(StringComparer.Ordinal))
        {
            key[name] = item[name]?.DeepClone()
                ?? throw new PatchException($"an element of a list keyed by {string.Join(", ", keys)} has no \"{name}\": {item.ToJsonString(EncodingOptions)}");
        }

        return $"k:{key.ToJsonString(EncodingOptions)}";
    }

    public static string ValueElement(JsonNode? value) => $"v:{value?.ToJsonString(EncodingOptions) ?? "null"}";

    /// <summary>A path the way the API server prints it in conflicts: .spec.containers[name="app"].image.</summary>
    public static string Format(IReadOnlyList<string> path)
    {
        var text = new StringBuilder();
        foreach (var element in path)
        {
            var body = element[2..];
            switch (element[0])
            {
                case 'f':
                    text.Append('.').Append(body);
                    break;
                case 'k':
                    var fields = JsonNode.Parse(body)!.AsObject().Select(field => $"{field.Key}={field.Value?.ToJsonString(EncodingOptions)}");
                    text.Append('[').AppendJoin(',', fields).Append(']');
                    break;
                case 'v':
                    text.Append("[=").Append(body).Append(']');
                    break;
                default:
                    text.Append('[').Append(body).Append(']');
                    break;
            }
        }

        return text.ToString();
    }

    public JsonObject ToFieldsV1()
    {
        var tree = new JsonObject();
        if (IsMember && children.Count > 0)
        {
            tree["."] = new JsonObject();
        }

        foreach (var (element, child) in children)
        {
            tree[element] = child.ToFieldsV1();
        }

        return tree;
    }

    public FieldSet Union(FieldSet other)
    {
        var result = new FieldSet { IsMember = IsMember || other.IsMember };
        foreach (var (element, child) in children)
        {
            result.children[element] = other.children.TryGetValue(element, out var otherChild) ? child.Union(otherChild) : child.Copy();
        }

        foreach (var (element, otherChild) in other.children)
        {
            if (!children.ContainsKey(element))
            {
                result.children[element] = otherChild.Copy();
            }
        }

        return result.Pruned();
    }

    public FieldSet Intersect(FieldSet other)
    {
        var result = new FieldSet { IsMember = IsMember && other.IsMember };
        foreach (var element in children.Keys.Intersect(other.children.Keys))
        {
            result.children[element] = children[element].Intersect(other.children[element]);
        }

        return result.Pruned();
    }

    /// <summary>The members of this set that are not members of <paramref name="other"/>.</summary>
    public FieldSet Except(FieldSet other)
    {
        var result = new FieldSet { IsMember = IsMember && !other.IsMember };
        foreach (var (element, child) in children)
        {
            result.children[element] = other.children.TryGetValue(element, out var otherChild) ? child.Except(otherChild) : child.Copy();
        }

        return result.Pruned();
    }

    /// <summary>The set without the subtrees at <paramref name="paths"/>.</summary>
    public FieldSet Without(IEnumerable<IReadOnlyList<string>> paths)
    {
        var result = Copy();
        foreach (var path in paths)
        {
            result.RemoveSubtree(path, 0);
        }

        return result;
    }

    /// <summary>The members of this set whose paths still exist in <paramref name="existing"/>.</summary>
    public FieldSet PresentIn(FieldSet existing)
    {
        var result = new FieldSet { IsMember = IsMember };
        foreach (var (element, child) in children)
        {
            if (existing.children.TryGetValue(element, out var existingChild))
            {
                result.children[element] = child.PresentIn(existingChild);
            }
        }

        return result.Pruned();
    }

    /// <summary>True when a member lies on <paramref name="path"/>, at it, or anywhere below it.</summary>
    public bool Touches(IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var element in path)
        {
            if (node.IsMember && node != this)
            {
                return true;
            }

            if (!node.children.TryGetValue(element, out var child))
            {
                return false;
            }

            node = child;
        }

        return !node.IsEmpty;
    }

    /// <summary>A deep copy, without empty subtrees.</summary>
    private FieldSet Copy()
    {
        var copy = new FieldSet { IsMember = IsMember };
        foreach (var (element, child) in children)
        {
            if (child.Copy() is { IsEmpty: false } childCopy)
            {
                copy.children[element] = childCopy;
            }
        }

        return copy;
    }

    private FieldSet ChildForWrite(string element)
    {
        if (!children.TryGetValue(element, out var child))
        {
            child = new FieldSet();
            children[element] = child;
        }

        return child;
    }

    private IEnumerable<IReadOnlyList<string>> MembersUnder(List<string> prefix)
    {
        if (IsMember)
        {
            yield return prefix.ToArray();
        }

        foreach (var (element, child) in children)
        {
            prefix.Add(element);
            foreach (var member in child.MembersUnder(prefix))
            {
                yield return member;
            }

            prefix.RemoveAt(prefix.Count - 1);
        }
    }

    private void RemoveSubtree(IReadOnlyList<string> path, int depth)
    {
        if (!children.TryGetValue(path[depth], out var child))
        {
            return;
        }

        if (depth < path.Count - 1)
        {
            child.RemoveSubtree(path, depth + 1);
        }

        if (depth == path.Count - 1 || child.IsEmpty)
        {
            children.Remove(path[depth]);
        }
    }

    private FieldSet Pruned()
    {
        foreach (var element in children.Where(child => child.Value.IsEmpty).Select(child => child.Key).ToList())
        {
            children.Remove(element);
        }

        return this;
    }

    private void Read(JsonObject tree)
    {
        IsMember = tree.Count == 0;
        foreach (var (element, subtree) in tree)
        {
            if (element == ".")
            {
                IsMember = true;
            }
            else if (subtree is JsonObject childTree)
            {
                ChildForWrite(element).Read(childTree);
            }
        }
    }

    private void AddObject(JsonObject obj, ListTypes? types)
    {
        foreach (var (name, value) in obj)
        {
            if (value is not null)
            {
                ChildForWrite(FieldElement(name)).AddValue(value, types?.Field(name));
            }
        }
    }

    private void AddValue(JsonNode value, ListTypes? types)
    {
        switch (value)
        {
            case JsonObject obj when obj.Count > 0 && types?.IsAtomicMap != true:
                AddObject(obj, types);
                Pruned();
                if (children.Count == 0)
                {
                    IsMember = true;
                }

                break;
            case JsonArray list when list.Count > 0 && types is { List.Kind: ListKind.Set }:
                foreach (var item in list)
                {
                    ChildForWrite(ValueElement(item)).IsMember = true;
                }

                break;
            case JsonArray list when list.Count > 0 && types is { List.Kind: ListKind.Map }:
                foreach (var item in list)
                {
                    var itemObject = item as JsonObject ?? throw new PatchException($"a list keyed by {string.Join(", ", types.List.Keys)} holds a non-object element");
                    ChildForWrite(KeyElement(itemObject, types.List.Keys)).AddItem(itemObject, types);
                }

                break;
            default:
                IsMember = true;
                break;
        }
    }

    // A map-list item is a member itself and, unless its type is atomic, so is each of its fields.
    private void AddItem(JsonObject item, ListTypes types)
    {
        IsMember = true;
        if (!types.IsAtomicMap)
        {
            AddObject(item, types);
        }
    }

    private void AddChanged(JsonNode? before, JsonNode after, ListTypes? types)
    {
        if (JsonValues.AreEqual(before, after))
        {
            return;
        }

        switch (after)
        {
            case JsonObject obj when obj.Count > 0 && types?.IsAtomicMap != true:
                if (before is JsonObject beforeObject)
                {
                    foreach (var (name, value) in obj)
                    {
                        if (value is not null)
                        {
                            ChildForWrite(FieldElement(name)).AddChanged(beforeObject[name], value, types?.Field(name));
                        }
                    }

                    Pruned();
                }
                else
                {
                    AddValue(obj, types);
                }

                break;
            case JsonArray list when list.Count > 0 && before is JsonArray beforeList && types is { List.Kind: ListKind.Set }:
                foreach (var item in list.Where(item => !beforeList.Any(old => JsonValues.AreEqual(old, item))))
                {
                    ChildForWrite(ValueElement(item)).IsMember = true;
                }

                break;
            case JsonArray list when list.Count > 0 && before is JsonArray beforeList && types is { List.Kind: ListKind.Map }:
                var keys = types.List.Keys;
                foreach (var item in list)
                {
                    var itemObject = item as JsonObject ?? throw new PatchException($"a list keyed by {string.Join(", ", keys)} holds a non-object element");
                    var element = KeyElement(itemObject, keys);
                    var old = beforeList.OfType<JsonObject>().FirstOrDefault(candidate => HasKey(candidate, itemObject, keys));
                    var child = ChildForWrite(element);
                    if (old is null)
                    {
                        child.AddItem(itemObject, types);
                    }
                    else
                    {
                        child.AddChanged(old, itemObject, types);
                    }
                }

                Pruned();
                break;
            default:
                AddValue(after, types);
                break;
        }
    }

    internal static bool HasKey(JsonObject candidate, JsonObject item, IReadOnlyList<string> keys) =>
        keys.All(key => candidate[key] is not null && JsonValues.AreEqual(candidate[key], item[key]));
}
