using Airwave.Configuration;
using Microsoft.AspNetCore.Builder;

namespace Airwave.Hosting;

/// <summary>Which connections may say, in X-Forwarded-For, whom they forward.</summary>
public static class TrustedProxies
{
    /// <summary>
    /// The client address of a connection from a trusted proxy (or loopback) is the last one it forwarded, unwound
    /// through a chain of trusted proxies; a connection from anywhere else keeps its own, whatever it claims.
    /// </summary>
    /// <param name="setting">The setting the networks came from, named in the error about a bad entry.</param>
    public static ForwardedHeadersOptions ForwardedHeaders(IReadOnlyList<string> networks, string setting)
    {
        ArgumentNullException.ThrowIfNull(networks);
        var options = new ForwardedHeadersOptions { ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor, ForwardLimit = null };
        foreach (var cidr in networks)
        {
            if (!System.Net.IPNetwork.TryParse(cidr, out var network))
            {
                throw new SettingException($"{setting} has \"{cidr}\": each entry is a network in CIDR notation, such as 10.0.0.0/8");
            }

            options.KnownIPNetworks.Add(network);
        }

        return options;
    }
}
