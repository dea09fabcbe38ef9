namespace Airwave.Operator.LiveStreams;

/// <summary>
/// What one reconcile of a stream made in AWS, told in a single event when the reconcile ends: a new stream's passes
/// make two and then three resources, and an event for each would be a good part of the API requests a new stream
/// costs. (A resource made again because it was deleted outside Airwave gets a warning of its own at once.)
/// </summary>
public sealed class CreatedResources
{
    private readonly List<string> _made = [];

    /// <param name="what">What it is, as a user calls it: "input", "MediaPackage channel".</param>
    public void Add(string what, string id) => _made.Add($"{what} {id}");

    /// <summary>The event's note: "Created input security group 1, input 2 and …"; null when nothing was made.</summary>
    public string? Note => _made switch
    {
        [] => null,
        [var only] => $"Created {only}",
        _ => $"Created {string.Join(", ", _made[..^1])} and {_made[^1]}",
    };
}
