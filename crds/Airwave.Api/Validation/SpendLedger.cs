using System.Globalization;
using Airwave.Api.Common;

namespace Airwave.Api.Validation;

/// <summary>
/// What deleted LiveStreams and VideoAssets had cost in the month they went, kept after they are gone so that deleting
/// a stream does not hand its namespace's spend back. It is the data of one ConfigMap in Airwave's own namespace: a key
/// per deleted resource, <c>&lt;namespace&gt;.&lt;uid&gt;</c> (recording one twice, as a teardown that is retried
/// does, changes nothing), whose value is <c>&lt;month&gt; &lt;dollars&gt;</c>. Past months are dropped at each write,
/// and when the data nears a ConfigMap's size limit each namespace's entries are folded into one key,
/// <c>&lt;namespace&gt;</c>.
/// </summary>
public sealed class SpendLedger
{
    public const string ConfigMapName = "airwave-spend-ledger";

    /// <summary>Under the API server's 1 MiB limit for an object, with room for its metadata.</summary>
    public const int MaxDataBytes = 900 * 1024;

    private readonly Dictionary<string, Entry> _entries;

    // Each namespace's entries, for a limit's check on every pass of a running stream: the ledger holds every
    // namespace's deletions of the month.
    private readonly ILookup<string, (string Uid, Entry Entry)> _byNamespace;

    private SpendLedger(Dictionary<string, Entry> entries)
    {
        _entries = entries;
        _byNamespace = entries.ToLookup(e => NamespaceOf(e.Key), e => (UidOf(e.Key), e.Value), StringComparer.Ordinal);
    }

    public static SpendLedger Empty { get; } = new([]);

    /// <summary>The ledger a ConfigMap's data holds; values that do not read as an entry are left out.</summary>
    public static SpendLedger From(IDictionary<string, string>? data)
    {
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var (key, value) in data ?? new Dictionary<string, string>())
        {
            if (Entry.Parse(value) is { } entry)
            {
                entries[key] = entry;
            }
        }

        return new(entries);
    }

    /// <summary>
    /// What the namespace's deleted resources cost in <paramref name="now"/>'s month, but for those of
    /// <paramref name="present"/>, uids still listed: recorded as their teardown ends, they go a moment later.
    /// </summary>
    public decimal Spent(string ns, DateTimeOffset now, IReadOnlySet<string>? present = null)
    {
        ArgumentNullException.ThrowIfNull(ns);
        var month = SpendMonth.Of(now).Name;
        return _byNamespace[ns]
            .Where(e => e.Entry.Month == month && present?.Contains(e.Uid) != true)
            .Sum(e => e.Entry.Dollars);
    }

    /// <summary>
    /// The ledger with a deleted resource's cost this month recorded, and earlier months dropped; null when there is
    /// nothing new to record (no cost this month, or recorded already).
    /// </summary>
    public SpendLedger? With(string ns, string uid, CostStatus? cost, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(uid);
        var month = SpendMonth.Of(now).Name;
        var dollars = cost?.Month == month ? CostAmount.Parse(cost.MonthToDate) : 0m;
        var key = $"{ns}.{uid}";
        if (dollars <= 0 || _entries.TryGetValue(key, out var recorded) && recorded == new Entry(month, dollars))
        {
            return null;
        }

        var entries = _entries.Where(e => e.Value.Month == month).ToDictionary(StringComparer.Ordinal);
        entries[key] = new Entry(month, dollars);
        return new SpendLedger(Size(entries) > MaxDataBytes ? Folded(entries, key) : entries);
    }

    /// <summary>The ConfigMap data that holds this ledger.</summary>
    public Dictionary<string, string> ToData() =>
        _entries.ToDictionary(e => e.Key, e => e.Value.ToString(), StringComparer.Ordinal);

    /// <summary>Each namespace's entries summed into its own key, but for <paramref name="keep"/>, the one just recorded.</summary>
    private static Dictionary<string, Entry> Folded(Dictionary<string, Entry> entries, string keep)
    {
        var folded = entries
            .Where(e => e.Key != keep)
            .GroupBy(e => NamespaceOf(e.Key), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new Entry(g.First().Value.Month, g.Sum(e => e.Value.Dollars)), StringComparer.Ordinal);
        folded[keep] = entries[keep];
        return folded;
    }

    // Namespace names are DNS labels, which have no dot; a folded key has no uid.
    private static string NamespaceOf(string key) => key.IndexOf('.', StringComparison.Ordinal) is var dot and >= 0 ? key[..dot] : key;

    private static string UidOf(string key) => key.IndexOf('.', StringComparison.Ordinal) is var dot and >= 0 ? key[(dot + 1)..] : "";

    private static int Size(Dictionary<string, Entry> entries) => entries.Sum(e => e.Key.Length + e.Value.ToString().Length + 8);

    private sealed record Entry(string Month, decimal Dollars)
    {
        public static Entry? Parse(string value)
        {
            var parts = value.Split(' ', 2);
            return parts.Length == 2 && decimal.TryParse(parts[1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var dollars)
                ? new Entry(parts[0], dollars)
                : null;
        }

        public override string ToString() => $"{Month} {CostAmount.Format(Dollars)}";
    }
}
