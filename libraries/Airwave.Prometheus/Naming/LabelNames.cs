namespace Airwave.Prometheus.Naming;

/// <summary>Prometheus label names for measurement tag keys.</summary>
internal static class LabelNames
{
    /// <summary>
    /// <c>gc.heap.generation</c> → <c>gc_heap_generation</c>: every character outside <c>[a-zA-Z0-9_]</c> becomes
    /// <c>_</c>. A name starting with a digit, or with <c>__</c> (reserved for Prometheus itself), gets <c>key_</c> in front.
    /// </summary>
    public static string Sanitize(string key)
    {
        if (key.Length > 0 && IsValid(key))
        {
            return key;
        }

        var sanitized = string.Create(key.Length, key, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsAsciiLetterOrDigit(source[i]) ? source[i] : '_';
            }
        });
        return sanitized.Length == 0 || char.IsAsciiDigit(sanitized[0]) || sanitized.StartsWith("__", StringComparison.Ordinal)
            ? $"key_{sanitized}"
            : sanitized;
    }

    private static bool IsValid(string key)
    {
        if (char.IsAsciiDigit(key[0]) || key.StartsWith("__", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
