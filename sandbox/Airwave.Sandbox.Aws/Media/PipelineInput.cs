using System.Security.Cryptography.X509Certificates;

namespace Airwave.Sandbox.Aws.Media;

/// <summary>How a pipeline's input serves and reports, beyond its plan.</summary>
/// <param name="Refusals">Where a push input tells the pushes it refuses.</param>
/// <param name="Certificate">For an RTMPS push (IVS's ingest): the certificate the relay serves TLS with; null for plain RTMP.</param>
/// <param name="Alerts">A MediaLive channel's pipeline: where it raises the channel's alerts (a pull input's unreadable source).</param>
/// <param name="Video">A MediaLive channel's pipeline: its "Video Not Detected" alert, from the media that reaches it.</param>
internal sealed record PipelineInput(PushRefusals Refusals, X509Certificate2? Certificate, PipelineAlerts? Alerts = null, VideoPresence? Video = null);
