using System.Globalization;
using System.Text;
using Airwave.Configuration;
using Airwave.Sfu.Configuration;

namespace Airwave.Sfu.Janus;

/// <summary>
/// The engine's configuration, rendered from the pod's settings into its own folder: the VideoRoom plugin and the HTTP
/// transport alone (every other plugin and transport disabled), the Janus API and the admin API on 127.0.0.1 (the
/// pod's WHIP and WHEP endpoints are how clients reach the engine; the admin API has a secret made up for this run),
/// media on the configured UDP ports.
/// </summary>
public static class JanusConfiguration
{
    private static readonly string[] OtherPlugins =
        ["audiobridge", "duktape", "echotest", "lua", "nosip", "recordplay", "sip", "streaming", "textroom", "videocall", "voicemail"];

    private static readonly string[] OtherTransports = ["mqtt", "nanomsg", "pfunix", "rabbitmq", "websockets"];

    /// <summary>A range of UDP ports first-last; a <see cref="SettingException"/> naming <paramref name="setting"/> when it is not one.</summary>
    public static (int First, int Last) Range(string value, string setting) =>
        PortRange.TryParse(value, out var range)
            ? (range.First, range.Last)
            : throw new SettingException($"{setting} is \"{value}\": expected {PortRange.Expected}");

    /// <summary>Writes janus.jcfg, the HTTP transport's and the VideoRoom plugin's files into the settings' config folder.</summary>
    public static void Write(SfuSettings settings, string adminSecret, string? roomAdminKey)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (first, last) = Range(settings.MediaPorts, "Sfu:MediaPorts");
        try
        {
            Directory.CreateDirectory(settings.ConfigFolder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SettingException($"Sfu:ConfigFolder {settings.ConfigFolder} cannot be made ({e.Message}): mount a writable volume there (an emptyDir)");
        }

        var nat = settings.PublicAddress is { Length: > 0 } address ? $"\tnat_1_1_mapping = {Quote(address)}\n\tkeep_private_host = true\n" : "";
        if (settings.IceInterfaces.Count > 0)
        {
            nat += $"\tice_enforce_list = {Quote(string.Join(",", settings.IceInterfaces))}\n";
        }

        WriteFile(settings, "janus.jcfg", string.Create(CultureInfo.InvariantCulture, $$"""
            general: {
            	configs_folder = {{Quote(settings.ConfigFolder)}}
            	plugins_folder = {{Quote(ModuleFolder(settings.PluginsFolder, "plugins"))}}
            	transports_folder = {{Quote(ModuleFolder(settings.TransportsFolder, "transports"))}}
            	events_folder = {{Quote(Path.Combine(settings.ConfigFolder, "no-events"))}}
            	loggers_folder = {{Quote(Path.Combine(settings.ConfigFolder, "no-loggers"))}}
            	debug_level = {{settings.EngineLogLevel}}
            	admin_secret = {{Quote(adminSecret)}}
            	server_name = "airwave-sfu"
            }
            media: {
            	rtp_port_range = "{{first}}-{{last}}"
            }
            nat: {
            {{nat}}}
            plugins: {
            	disable = {{Quote(string.Join(",", OtherPlugins.Select(p => $"libjanus_{p}.so")))}}
            }
            transports: {
            	disable = {{Quote(string.Join(",", OtherTransports.Select(t => $"libjanus_{t}.so")))}}
            }

            """));
        WriteFile(settings, "janus.transport.http.jcfg", string.Create(CultureInfo.InvariantCulture, $$"""
            general: {
            	json = "compact"
            	base_path = "/janus"
            	http = true
            	port = {{settings.EnginePort}}
            	ip = "127.0.0.1"
            	https = false
            }
            admin: {
            	admin_base_path = "/admin"
            	admin_http = true
            	admin_port = {{settings.AdminPort}}
            	admin_ip = "127.0.0.1"
            	admin_https = false
            }

            """));
        var adminKey = roomAdminKey is { Length: > 0 } key ? $"\tadmin_key = {Quote(key)}\n" : "";
        WriteFile(settings, "janus.plugin.videoroom.jcfg", $"general: {{\n{adminKey}}}\n");
    }

    /// <summary>The configured folder, or the package's for this machine's architecture (/usr/lib/x86_64-linux-gnu/janus/plugins).</summary>
    private static string ModuleFolder(string configured, string kind) =>
        configured.Length > 0 ? configured
            : Directory.EnumerateDirectories("/usr/lib").Select(lib => Path.Combine(lib, "janus", kind)).FirstOrDefault(Directory.Exists)
            ?? throw new SettingException($"no janus {kind} folder under /usr/lib/*/janus/{kind}: install the janus package, or set Sfu:{(kind == "plugins" ? "PluginsFolder" : "TransportsFolder")}");

    private static void WriteFile(SfuSettings settings, string name, string text)
    {
        try
        {
            File.WriteAllText(Path.Combine(settings.ConfigFolder, name), text, new UTF8Encoding(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SettingException($"Sfu:ConfigFolder {settings.ConfigFolder} cannot be written ({e.Message}): mount a writable volume there (an emptyDir)");
        }
    }

    /// <summary>A libconfig string: quotes and backslashes escaped.</summary>
    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
