using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Sandbox.Aws.Chime;

/// <summary>
/// Stand-ins for Chime meetings, on the emulator's port: <c>/meetings/{id}</c> is a page that shows a moving test
/// pattern and plays a tone (<c>?tone=</c> its frequency in Hz, 440 unless given), which a meeting connector joins as
/// it would a meeting's broadcast view. <c>?endAfter=</c> seconds ends the meeting then: the page says so and marks its
/// body with <c>data-meeting-ended</c>, which connectors watch for. Any id is a meeting; other paths are not found.
/// </summary>
internal static class MeetingPages
{
    public const string PathPrefix = "/meetings/";

    private static readonly Lazy<string> Page = new(() =>
    {
        using var resource = Assembly.GetExecutingAssembly().GetManifestResourceStream("Airwave.Sandbox.Aws.Chime.meeting.html")!;
        using var reader = new StreamReader(resource);
        return reader.ReadToEnd();
    });

    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet(PathPrefix + "{meeting}", (string meeting) => Results.Content(Page.Value.Replace("{{meeting}}", WebUtility.HtmlEncode(meeting), StringComparison.Ordinal), "text/html; charset=utf-8"));
}
