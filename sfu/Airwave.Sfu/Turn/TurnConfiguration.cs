using System.Globalization;
using System.Net;
using System.Text;
using Airwave.Configuration;
using Airwave.Sfu.Configuration;
using Airwave.Sfu.Janus;

namespace Airwave.Sfu.Turn;

/// <summary>
/// The pod's TURN server (coturn), which makes its media one UDP port: clients allocate a relay with credentials minted
/// from the shared secret, and the server relays only to the pod's own address, where the engine listens, never
/// anywhere else. Its configuration file holds the secret, readable by this process's user alone.
/// </summary>
public static class TurnConfiguration
{
    public const string FileName = "turnserver.conf";

    /// <summary>Writes the configuration into the settings' config folder; returns its path.</summary>
    public static string Write(SfuSettings settings, string secret)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!IPAddress.TryParse(settings.PodAddress, out var pod))
        {
            throw new SettingException($"Sfu:PodAddress is \"{settings.PodAddress}\": with {SfuSettings.TurnSecretVariable} set, the pod's own IP address is required (status.podIP), the one address the TURN server relays to");
        }

        var (first, last) = JanusConfiguration.Range(settings.RelayPorts, "Sfu:RelayPorts");
        if (settings.TurnPort is < 1 or > 65535)
        {
            throw new SettingException($"Sfu:TurnPort is {settings.TurnPort}: expected a UDP port from 1 to 65535");
        }

        var folder = settings.ConfigFolder;
        var lines = new List<string>
        {
            $"listening-port={settings.TurnPort}",
            $"relay-ip={pod}",
            $"min-port={first}",
            $"max-port={last}",
            "use-auth-secret",
            $"static-auth-secret={secret}",
            "realm=airwave",
            "fingerprint",
            "no-tcp",
            "no-tls",
            "no-dtls",
            "no-tcp-relay",
            "no-cli",
            "no-rfc5780",
            "no-stun-backward-compatibility",
            "no-multicast-peers",
            "denied-peer-ip=0.0.0.0-255.255.255.255",
            "denied-peer-ip=::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            $"allowed-peer-ip={settings.MediaAddress}",
            $"userdb={Path.Combine(folder, "turndb")}",
            $"pidfile={Path.Combine(folder, "turnserver.pid")}",
            "log-file=stdout",
            "simple-log",
        };
        if (IPAddress.IsLoopback(pod))
        {
            // A pod on the node's loopback (the sandbox's): the engine is still the one peer allowed.
            lines.Add("allow-loopback-peers");
        }

        if (settings.ListenAddress != "0.0.0.0")
        {
            lines.Insert(1, $"listening-ip={settings.ListenAddress}");
        }

        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        File.WriteAllText(path, string.Join("\n", lines.Select(l => l.ToString(CultureInfo.InvariantCulture))) + "\n", new UTF8Encoding(false));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return path;
    }
}
