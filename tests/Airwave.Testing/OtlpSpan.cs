using Google.Protobuf;

namespace Airwave.Testing;

/// <summary>One span as a tracing backend receives it over OTLP; ids in lower-case hex, empty when absent.</summary>
/// <param name="Kind">OTLP's SpanKind: 1 internal, 2 server, 3 client.</param>
public sealed record OtlpSpan(string ServiceName, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, IReadOnlyDictionary<string, string> Attributes)
{
    public const int Server = 2;
    public const int Client = 3;

    /// <summary>
    /// The spans of one OTLP export request (opentelemetry-proto's ExportTraceServiceRequest), read field by field
    /// from the protobuf wire format: resource_spans (1) → resource (1) and scope_spans (2) → spans (2).
    /// </summary>
    public static IReadOnlyList<OtlpSpan> ReadExport(byte[] body)
    {
        var spans = new List<OtlpSpan>();
        foreach (var resourceSpans in Fields(ByteString.CopyFrom(body), 1))
        {
            var service = Fields(resourceSpans, 1).Select(ResourceAttributes).FirstOrDefault()?.GetValueOrDefault("service.name") ?? "";
            spans.AddRange(Fields(resourceSpans, 2).SelectMany(scopeSpans => Fields(scopeSpans, 2)).Select(span => Read(span, service)));
        }

        return spans;
    }

    private static OtlpSpan Read(ByteString span, string service)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        var kind = 0;
        var attributes = new Dictionary<string, string>();
        var input = span.CreateCodedInput();
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: traceId = Hex(input.ReadBytes()); break;
                case 2: spanId = Hex(input.ReadBytes()); break;
                case 4: parent = Hex(input.ReadBytes()); break;
                case 5: name = input.ReadString(); break;
                case 6: kind = input.ReadEnum(); break;
                case 9: Attribute(input.ReadBytes(), attributes); break;
                default: input.SkipLastField(); break;
            }
        }

        return new OtlpSpan(service, traceId, spanId, parent, name, kind, attributes);
    }

    /// <summary>A Resource's attributes (its field 1, KeyValue).</summary>
    private static Dictionary<string, string> ResourceAttributes(ByteString resource)
    {
        var attributes = new Dictionary<string, string>();
        foreach (var keyValue in Fields(resource, 1))
        {
            Attribute(keyValue, attributes);
        }

        return attributes;
    }

    /// <summary>A KeyValue: key (1) and an AnyValue (2) whose string (1) or integer (3) value is kept.</summary>
    private static void Attribute(ByteString keyValue, Dictionary<string, string> into)
    {
        var key = "";
        var value = "";
        var input = keyValue.CreateCodedInput();
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1)
            {
                key = input.ReadString();
            }
            else if (WireFormat.GetTagFieldNumber(tag) == 2)
            {
                var any = input.ReadBytes().CreateCodedInput();
                for (var anyTag = any.ReadTag(); anyTag != 0; anyTag = any.ReadTag())
                {
                    value = WireFormat.GetTagFieldNumber(anyTag) switch
                    {
                        1 => any.ReadString(),
                        3 => any.ReadInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
                        _ => Skip(any, value),
                    };
                }
            }
            else
            {
                input.SkipLastField();
            }
        }

        into[key] = value;
    }

    /// <summary>The embedded messages in field <paramref name="number"/> of <paramref name="message"/>.</summary>
    private static List<ByteString> Fields(ByteString message, int number)
    {
        var found = new List<ByteString>();
        var input = message.CreateCodedInput();
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                found.Add(input.ReadBytes());
            }
            else
            {
                input.SkipLastField();
            }
        }

        return found;
    }

    private static string Skip(CodedInputStream input, string kept)
    {
        input.SkipLastField();
        return kept;
    }

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);
}
