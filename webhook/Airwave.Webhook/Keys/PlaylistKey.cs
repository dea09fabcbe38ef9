using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.Client;

namespace Airwave.Webhook.Keys;

/// <summary>The key this service's playlist URLs and content key grants are signed with (the upload playback key).</summary>
public sealed class PlaylistKey(KubernetesClient client) : InstallationKey(client, UploadPlaybackKeySecret.Name, UploadPlaybackKeySecret.KeyField);
