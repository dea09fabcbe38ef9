using System.Diagnostics.CodeAnalysis;

namespace Airwave.Api.VideoAssets;

public enum PlaybackPolicy
{
    Public,
    [SuppressMessage("Naming", "CA1720", Justification = "The wire value of the API field.")]
    Signed,
}
