using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Networking;

/// <summary>
/// The cluster's DNS server, as CoreDNS serves it on a cluster: on port 53 (UDP and TCP) of the kube-dns Service's
/// address, the cluster domain's names from <see cref="ClusterDnsRecords"/>, every other address lookup answered from
/// this machine's own resolver (CoreDNS's <c>forward . /etc/resolv.conf</c>). Port 53 takes the right to bind below
/// 1024 (root, or CAP_NET_BIND_SERVICE): without it there is no cluster DNS and pods resolve as the machine does.
/// </summary>
internal sealed class ClusterDns : IDisposable
{
    public const string Domain = "cluster.local";
    public const int Port = 53;

    /// <summary>Seconds answers may be cached: short, as CoreDNS's kubernetes plugin's default, since pods come and go.</summary>
    private const int Ttl = 5;

    private readonly DnsServer _server;
    private readonly ClusterDnsRecords _records;

    private ClusterDns(DnsServer server, ClusterDnsRecords records, IPAddress address)
    {
        _server = server;
        _records = records;
        Address = address;
        _server.QueryReceived += AnswerAsync;
    }

    /// <summary>Where pods send their queries (the nameserver of their resolv.conf).</summary>
    public IPAddress Address { get; }

    /// <summary>
    /// Serves at the DNS address of the <paramref name="given"/> range or, with none given, of a random one that no
    /// other sandbox on this machine serves already (its port 53 is free), so that two sandboxes never share cluster
    /// IPs. Null, with the reason, when port 53 cannot be bound.
    /// </summary>
    public static (ClusterDns? Dns, ServiceRange Range, string? Problem) Start(ObjectStore store, ServiceRange? given)
    {
        const int Attempts = 20;
        for (var attempt = 1; ; attempt++)
        {
            var range = given ?? ServiceRange.Random();
            var at = new IPEndPoint(range.Dns, Port);
            if (Unbindable(at) is not { } error)
            {
                var server = new DnsServer(new UdpServerTransport(at, 5000), new TcpServerTransport(at, 5000, 120_000));
                var dns = new ClusterDns(server, new ClusterDnsRecords(store, new Admission.ServiceEndpoints(store), Domain), range.Dns);
                server.Start();
                return (dns, range, null);
            }

            if (given is null && error.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < Attempts)
            {
                continue;
            }

            return (null, range, $"cannot serve cluster DNS on {at} ({error.Message}): pods resolve names as this machine does; run the sandbox as root for cluster DNS");
        }
    }

    /// <summary>Why port 53 of that address cannot be bound (UDP or TCP), or null when it can.</summary>
    private static SocketException? Unbindable(IPEndPoint at)
    {
        foreach (var (type, protocol) in new[] { (SocketType.Dgram, ProtocolType.Udp), (SocketType.Stream, ProtocolType.Tcp) })
        {
            using var probe = new Socket(AddressFamily.InterNetwork, type, protocol);
            try
            {
                probe.Bind(at);
            }
            catch (SocketException e)
            {
                return e;
            }
        }

        return null;
    }

    public void Dispose() => _server.Stop();

    private async Task AnswerAsync(object sender, QueryReceivedEventArgs e)
    {
        if (e.Query is not DnsMessage query)
        {
            return;
        }

        var response = query.CreateResponseInstance();
        response.IsRecursionAllowed = true;
        if (query.Questions.Count != 1)
        {
            response.ReturnCode = ReturnCode.FormatError;
            e.Response = response;
            return;
        }

        var question = query.Questions[0];
        var name = question.Name.ToString().TrimEnd('.').ToLowerInvariant();
        if (_records.Covers(name))
        {
            response.IsAuthoritiveAnswer = true;
            await AnswerClusterAsync(response, question, _records.Find(name));
        }
        else
        {
            await ForwardAsync(response, question.Name, question.RecordType, name);
        }

        e.Response = response;
    }

    private static async Task AnswerClusterAsync(DnsMessage response, DnsQuestion question, ClusterDnsRecord? record)
    {
        if (record is null)
        {
            response.ReturnCode = ReturnCode.NxDomain;
            return;
        }

        if (record.Alias is { } alias)
        {
            var target = DomainName.Parse(alias);
            response.AnswerRecords.Add(new CNameRecord(question.Name, Ttl, target));
            await ForwardAsync(response, target, question.RecordType, alias);
            response.ReturnCode = ReturnCode.NoError;
            return;
        }

        switch (question.RecordType)
        {
            case RecordType.A or RecordType.Any:
                response.AnswerRecords.AddRange(record.Addresses.Select(a => new ARecord(question.Name, Ttl, a)));
                break;
            case RecordType.Srv:
                response.AnswerRecords.AddRange(record.Services.Select(s => new SrvRecord(question.Name, Ttl, 0, (ushort)(100 / Math.Max(1, record.Services.Count)), (ushort)s.Port, DomainName.Parse(s.Target))));
                break;
        }
    }

    /// <summary>An address lookup outside the cluster, answered by this machine's resolver; other kinds of record are not served.</summary>
    private static async Task ForwardAsync(DnsMessage response, DomainName owner, RecordType type, string name)
    {
        var family = type switch
        {
            RecordType.A => AddressFamily.InterNetwork,
            RecordType.Aaaa => AddressFamily.InterNetworkV6,
            _ => AddressFamily.Unknown,
        };
        if (family == AddressFamily.Unknown)
        {
            response.ReturnCode = ReturnCode.NotImplemented;
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var addresses = await System.Net.Dns.GetHostAddressesAsync(name, family, timeout.Token);
            response.AnswerRecords.AddRange(addresses.Select(a => family == AddressFamily.InterNetwork ? (DnsRecordBase)new ARecord(owner, Ttl, a) : new AaaaRecord(owner, Ttl, a)));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.HostNotFound)
        {
            response.ReturnCode = ReturnCode.NxDomain;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            response.ReturnCode = ReturnCode.ServerFailure;
        }
    }
}
