namespace Airwave.Api.VideoAssets;

public enum VideoProvider
{
    Mux,
    Aws,
}
