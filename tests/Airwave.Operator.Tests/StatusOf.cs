using System.Globalization;
using System.Text.Json.Nodes;

namespace Airwave.Operator.Tests;

/// <summary>What `kubectl get -o json` shows of a resource's status, read the same way by every test.</summary>
public static class StatusOf
{
    /// <summary>status.phase, or "" before there is one.</summary>
    public static string Phase(JsonNode? resource) => (string?)resource?["status"]?["phase"] ?? "";

    /// <summary>The condition of this type, or null.</summary>
    public static JsonNode? Condition(JsonNode? resource, string type) =>
        resource?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c?["type"] == type);

    /// <summary>A dollar amount of status.cost ("0.4213").</summary>
    public static decimal Dollars(JsonNode? amount) => decimal.Parse((string)amount!, CultureInfo.InvariantCulture);

    /// <summary>
    /// Checks that a stopped stream's estimated cost is its hourly rate for the time its one session ran, within 5%
    /// (amounts are rounded to millionths of a dollar).
    /// </summary>
    public static void AssertCostOfItsRunTime(JsonNode stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var cost = stream["status"]!["cost"]!;
        var session = stream["status"]!["sessions"]![0]!;
        var ran = (DateTimeOffset)session["stoppedAt"]! - (DateTimeOffset)session["startedAt"]!;
        var byRunTime = Dollars(cost["hourlyRate"]) * (decimal)ran.TotalHours;
        Assert.True(Dollars(cost["total"]) > 0, cost.ToJsonString());
        Assert.InRange(Dollars(cost["total"]), byRunTime * 0.95m, byRunTime * 1.05m);
    }
}
