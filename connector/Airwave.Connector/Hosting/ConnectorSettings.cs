using System.Text.Json.Serialization.Metadata;
using Airwave.Configuration;

namespace Airwave.Connector.Hosting;

/// <summary>How a connector pod joins its meeting and pushes it (section Connector; AIRWAVE_Connector__* in the pod's environment).</summary>
public sealed record ConnectorSettings : ISettingsSection<ConnectorSettings>
{
    public static JsonTypeInfo<ConnectorSettings> JsonType => ConnectorSettingsJson.Default.ConnectorSettings;

    /// <summary>The meeting page to join (http or https), from the pod's environment.</summary>
    public const string MeetingUrlVariable = "CONNECTOR_MEETING_URL";

    /// <summary>Where the meeting is pushed: an rtmp:// or rtmps:// URL with its stream key as the last segment.</summary>
    public const string PushUrlVariable = "CONNECTOR_PUSH_URL";

    /// <summary>Instead of <see cref="PushUrlVariable"/>: a file holding that URL (a key of a mounted Secret).</summary>
    public const string PushUrlFileVariable = "CONNECTOR_PUSH_URL_FILE";

    /// <summary>
    /// Optional: where the meeting is pushed as well, the backup pipeline of a Standard MediaLive channel's input. A
    /// push that fails to one of the two goes on to the other.
    /// </summary>
    public const string BackupPushUrlVariable = "CONNECTOR_PUSH_BACKUP_URL";

    public const string BackupPushUrlFileVariable = "CONNECTOR_PUSH_BACKUP_URL_FILE";

    /// <summary>/healthz and /readyz.</summary>
    public int Port { get; init; } = 8080;

    public string BindAddress { get; init; } = "0.0.0.0";

    public string ChromiumPath { get; init; } = "/usr/bin/chromium";

    public string FfmpegPath { get; init; } = "ffmpeg";

    public string XvfbPath { get; init; } = "/usr/bin/Xvfb";

    public string PulseAudioPath { get; init; } = "/usr/bin/pulseaudio";

    /// <summary>util-linux's unshare, with which the connector finds out whether Chromium can use its sandbox.</summary>
    public string UnsharePath { get; init; } = "/usr/bin/unshare";

    /// <summary>How long joining may take, from start until media is pushed; a meeting not joined by then is a failure.</summary>
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A CSS selector that matches once the meeting has ended (the page shows it so): the connector then stops with a
    /// failure. The sandbox's meeting page marks its body with data-meeting-ended.
    /// </summary>
    public string EndedSelector { get; init; } = "[data-meeting-ended]";

    /// <summary>The size of the virtual display the browser fills, which is the size of the picture pushed.</summary>
    public int Width { get; init; } = 1280;

    public int Height { get; init; } = 720;

    /// <summary>The frame rate the display is grabbed and pushed at.</summary>
    public int FrameRate { get; init; } = 30;

    /// <summary>Where the browser's profile and the sound server's socket go while they run (fresh folders below it per run).</summary>
    public string WorkFolder { get; init; } = Path.GetTempPath();

    /// <summary>A new, empty folder in <see cref="WorkFolder"/>, its name starting with <paramref name="prefix"/>.</summary>
    public string NewWorkFolder(string prefix) =>
        Directory.CreateDirectory(Path.Combine(WorkFolder, prefix + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6)))).FullName;
}
