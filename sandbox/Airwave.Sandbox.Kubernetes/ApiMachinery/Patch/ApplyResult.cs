using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.ApiMachinery.Patch;

/// <summary>
/// The outcome of a server-side apply: the object to store (with metadata.managedFields updated) or, when
/// <see cref="Conflicts"/> is not empty, the live object unchanged and the conflicts to report as a 409.
/// </summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Object is the agreed name of the resulting Kubernetes object.")]
public sealed record ApplyResult(JsonObject Object, IReadOnlyList<ApplyConflict> Conflicts)
{
    public bool HasConflicts => Conflicts.Count > 0;

    /// <summary>The Status message of the 409 Conflict, worded as the API server words it.</summary>
    public string ConflictMessage
    {
        get
        {
            if (Conflicts.Count == 1)
            {
                return $"Apply failed with 1 conflict: {Conflicts[0].Message}: {Conflicts[0].Field}";
            }

            var lines = Conflicts
                .GroupBy(conflict => conflict.ManagerDescription)
                .OrderBy(group => group.First().Manager, StringComparer.Ordinal)
                .SelectMany(group => group.Select(conflict => $"- {conflict.Field}").Prepend($"conflicts with {group.Key}:"));
            return $"Apply failed with {Conflicts.Count} conflicts: {string.Join('\n', lines)}";
        }
    }
}
