using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Authentication;
using Airwave.Sandbox.Kubernetes.Resources;

namespace Airwave.Sandbox.Kubernetes.Admission.Policies;

/// <summary>One write as admission sees it: what is done to which object, by whom.</summary>
/// <param name="Operation">CREATE, UPDATE or DELETE.</param>
/// <param name="Object">The object as it would be stored; null for DELETE.</param>
/// <param name="OldObject">The object as stored; null for CREATE.</param>
/// <param name="User">Who asks; null for the API server's own controllers.</param>
internal sealed record AdmissionAttributes(
    string Operation,
    ResourceType Type,
    string? Subresource,
    string? Namespace,
    string Name,
    JsonObject? Object,
    JsonObject? OldObject,
    bool DryRun,
    UserInfo? User);
