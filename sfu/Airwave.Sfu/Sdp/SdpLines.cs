namespace Airwave.Sfu.Sdp;

/// <summary>Reading attributes out of SDP lines: <c>a=name:value</c>, or <c>a=name</c> for a flag.</summary>
internal static class SdpLines
{
    public static string? Attribute(IEnumerable<string> lines, string name) => Attributes(lines, name).Select(v => (string?)v).FirstOrDefault();

    public static IEnumerable<string> Attributes(IEnumerable<string> lines, string name)
    {
        foreach (var line in lines)
        {
            if (!line.StartsWith("a=", StringComparison.Ordinal) || string.CompareOrdinal(line, 2, name, 0, name.Length) != 0)
            {
                continue;
            }

            if (line.Length == 2 + name.Length)
            {
                yield return "";
            }
            else if (line[2 + name.Length] == ':')
            {
                yield return line[(3 + name.Length)..];
            }
        }
    }
}
