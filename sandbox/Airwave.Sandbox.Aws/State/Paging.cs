using System.Globalization;
using System.Text;
using Airwave.Sandbox.Aws.Pipeline;

namespace Airwave.Sandbox.Aws.State;

/// <summary>maxResults / nextToken paging over a list in creation order; tokens are opaque to callers.</summary>
internal static class Paging
{
    private const int DefaultPageSize = 1000;

    public static (IReadOnlyList<T> Items, string? NextToken) Page<T>(IReadOnlyList<T> all, int? maxResults, string? nextToken)
    {
        var offset = 0;
        if (!string.IsNullOrEmpty(nextToken))
        {
            try
            {
                offset = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(nextToken)), CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                throw AwsApiException.BadRequest("The nextToken is invalid.");
            }
        }
        var size = Math.Clamp(maxResults ?? DefaultPageSize, 1, DefaultPageSize);
        var page = all.Skip(offset).Take(size).ToList();
        var next = offset + page.Count < all.Count
            ? Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + page.Count).ToString(CultureInfo.InvariantCulture)))
            : null;
        return (page, next);
    }
}
