namespace Airwave.Api.Common;

public static class ApiGroup
{
    public const string Name = "media.airwave.dev";
    public const string Version = "v1alpha1";
    public const string ApiVersion = Name + "/" + Version;

    /// <summary>`kubectl get airwave` lists every Airwave resource.</summary>
    public const string Category = "airwave";
}
