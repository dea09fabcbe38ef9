using System.Globalization;
using Airwave.Sfu.Configuration;
using Airwave.Testing.Sfu;

namespace Airwave.Signaling.Tests.Browser;

/// <summary>
/// The browser rig with an SFU pod's process beside the services, on this side of the veth pair (its candidates on
/// that interface alone), the signaling service passing WHIP and WHEP to it, and a page that publishes into the pod's
/// room over WHIP or watches it over WHEP, through the signaling service (<see cref="RoomPage"/>).
/// </summary>
public class SfuRig : BrowserRig
{
    public const string PublishKey = "publish-key-for-browser-tests";

    /// <summary>What the operator and the signaling service share; the pod is stream shop/stage's.</summary>
    private const string BroadcastKey = "broadcast-key-for-browser-tests-0123456789";
    private const string RoomKey = "room-key-for-browser-tests";
    private const string TurnSecret = "turn-secret-for-browser-tests";

    public SfuProcess Sfu { get; private set; } = null!;

    /// <summary>The pod's one TURN port, on this side of the veth pair.</summary>
    public int TurnPort { get; private set; }

    /// <summary>
    /// The page: ?role=publisher (over WHIP; window.unpublish() ends its session) or ?role=viewer (&amp;offer=server:
    /// taking the pod's offer), and with
    /// &amp;turnUser=&amp;turnPassword= its media through the pod's TURN port alone; window.roomState says how far it
    /// got, window.framesDecoded() counts, window.localCandidateType() is the type of the candidate its media flows from.
    /// </summary>
    public string RoomPage { get; private set; } = "";

    /// <summary>
    /// The page of the WHIP and WHEP client library from npm (whip-whep, tests/whip-whep): ?role=publisher or
    /// ?role=viewer, as <see cref="RoomPage"/>, with the library's client as window.client (its restart() restarts ICE)
    /// and every request it made to the service, with what was answered, in window.requests.
    /// </summary>
    public string ClientLibraryPage { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var script in new[] { "whip.js", "whep.js" })
        {
            Pages.PutScript(script, await File.ReadAllTextAsync(Repository.Path("tests", "whip-whep", "node_modules", "whip-whep", script)));
        }

        ClientLibraryPage = Pages.Put("client-library", LibraryPage(
            new Uri(Server.Public.BaseAddress!, "whip/v1/shop/stage").ToString(),
            new Uri(Server.Public.BaseAddress!, "whep/v1/shop/stage").ToString()));
        RoomPage = Pages.Put("sfu-room", Page(
            new Uri(Server.Public.BaseAddress!, "whip/v1/shop/stage").ToString(),
            new Uri(Server.Public.BaseAddress!, "whep/v1/shop/stage").ToString(),
            $"turn:{HostAddress}:{TurnPort.ToString(CultureInfo.InvariantCulture)}?transport=udp"));
    }

    /// <summary>The site's broadcasts move to stream shop/stage, the pod's, with their second viewer.</summary>
    protected override object? SiteSfu => new { streams = new[] { "shop/stage" }, viewers = 2 };

    /// <summary>The pod first, so that the signaling service starts knowing where the stream's pod is.</summary>
    protected override async Task<IReadOnlyList<SignalingServer>> StartReplicasAsync(string address, IDictionary<string, string?> settings)
    {
        TurnPort = Airwave.Sandbox.Aws.LoopbackPorts.Reserve(System.Net.IPAddress.Parse(address));
        Sfu = await SfuProcess.StartAsync(
            new Dictionary<string, string?>
            {
                ["Sfu:MediaPorts"] = "42000-42099",
                ["Sfu:IceInterfaces:0"] = HostInterface,
                ["Sfu:TurnPort"] = TurnPort.ToString(CultureInfo.InvariantCulture),
                ["Sfu:RelayPorts"] = "42100-42199",
                ["Sfu:PodAddress"] = HostAddress,
                [SfuSettings.RoomAdminKeyVariable] = RoomKey,
                [SfuSettings.TurnSecretVariable] = TurnSecret,
                [SfuSettings.PublishKeyVariable] = PublishKey,
                [SfuSettings.BroadcastKeyVariable] = Airwave.Api.LiveStreams.BroadcastKey.ForStream(BroadcastKey, "shop", "stage"),
            },
            address);
        await Sfu.WaitReadyAsync();
        return await base.StartReplicasAsync(address, new Dictionary<string, string?>(settings)
        {
            ["Signaling:Sfu:PodsHost"] = address,
            ["Signaling:Sfu:ApiPort"] = Sfu.ApiPort.ToString(CultureInfo.InvariantCulture),
            ["Signaling:Sfu:BroadcastKey"] = BroadcastKey,
        });
    }

    /// <summary>The query string for a page whose media goes through the pod's TURN port: a credential minted as the signaling service mints them.</summary>
    public static string TurnQuery(string user)
    {
        var (username, password) = Airwave.Hosting.WebRtc.TurnCredential.Mint(user, DateTimeOffset.UtcNow.AddHours(1), TurnSecret);
        return $"&turnUser={Uri.EscapeDataString(username)}&turnPassword={Uri.EscapeDataString(password)}";
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Sfu.DisposeAsync();
    }

    // A publisher as a WHIP client: its offer once gathered (no trickle), the answer, DELETE to end. A viewer as a
    // WHEP client: its offer once gathered, the pod's answer; with &offer=server, the pod's offer, its answer by PATCH.
    private static string Page(string whip, string whep, string turn) => string.Create(CultureInfo.InvariantCulture, $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>room</title></head>
        <body><video autoplay playsinline muted></video>
        <script>
        const whip = "{{whip}}";
        const whep = "{{whep}}";
        const params = new URLSearchParams(location.search);
        window.roomState = 'starting';
        window.pc = null;
        function gathered(pc) {
          return new Promise((resolve) => {
            if (pc.iceGatheringState === 'complete') return resolve();
            pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') resolve(); });
          });
        }
        window.localCandidateType = async () => {
          // The pair the transport sends on (selectedCandidatePairId): a nominated flag can lag behind on the controlled side.
          const stats = await window.pc.getStats();
          let type = null;
          stats.forEach((s) => {
            if (s.type === 'transport' && s.selectedCandidatePairId) { type = stats.get(stats.get(s.selectedCandidatePairId)?.localCandidateId)?.candidateType ?? type; }
          });
          return type;
        };
        window.framesDecoded = async () => {
          if (!window.pc) return 0;
          let frames = 0;
          (await window.pc.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded || 0; });
          return frames;
        };
        (async () => {
          try {
            const config = params.get('turnUser')
              ? { iceServers: [{ urls: "{{turn}}", username: params.get('turnUser'), credential: params.get('turnPassword') }], iceTransportPolicy: 'relay' }
              : {};
            const pc = window.pc = new RTCPeerConnection(config);
            if (params.get('role') === 'publisher') {
              // Small and slow: twenty viewers decode it beside the rest of the suite on a two-core machine.
              const media = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240, frameRate: 10 }, audio: true });
              media.getTracks().forEach((t) => pc.addTransceiver(t, { direction: 'sendonly', streams: [media] }));
              document.querySelector('video').srcObject = media;
              await pc.setLocalDescription(await pc.createOffer());
              await gathered(pc);
              const answer = await fetch(whip, { method: 'POST', headers: { 'Content-Type': 'application/sdp', Authorization: 'Bearer {{PublishKey}}' }, body: pc.localDescription.sdp });
              if (answer.status !== 201) throw new Error(`WHIP answered ${answer.status}: ${await answer.text()}`);
              const session = new URL(answer.headers.get('Location'), whip).toString();
              window.unpublish = async () => { const ended = await fetch(session, { method: 'DELETE', headers: { Authorization: 'Bearer {{PublishKey}}' } }); pc.close(); return ended.status; };
              await pc.setRemoteDescription({ type: 'answer', sdp: await answer.text() });
              window.roomState = 'publishing';
            } else {
              pc.ontrack = (e) => { document.querySelector('video').srcObject = e.streams[0] || new MediaStream([e.track]); };
              if (params.get('offer') === 'server') {
                const offered = await fetch(whep, { method: 'POST' });
                if (offered.status !== 201) throw new Error(`WHEP answered ${offered.status}: ${await offered.text()}`);
                await pc.setRemoteDescription({ type: 'offer', sdp: await offered.text() });
                await pc.setLocalDescription(await pc.createAnswer());
                await gathered(pc);
                const session = new URL(offered.headers.get('Location'), whep).toString();
                const answered = await fetch(session, { method: 'PATCH', headers: { 'Content-Type': 'application/sdp' }, body: pc.localDescription.sdp });
                if (answered.status !== 204) throw new Error(`WHEP answered ${answered.status} to the answer: ${await answered.text()}`);
              } else {
                pc.addTransceiver('video', { direction: 'recvonly' });
                pc.addTransceiver('audio', { direction: 'recvonly' });
                await pc.setLocalDescription(await pc.createOffer());
                await gathered(pc);
                const answered = await fetch(whep, { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: pc.localDescription.sdp });
                if (answered.status !== 201) throw new Error(`WHEP answered ${answered.status}: ${await answered.text()}`);
                await pc.setRemoteDescription({ type: 'answer', sdp: await answered.text() });
              }
              window.roomState = 'watching';
            }
          } catch (e) {
            window.roomState = 'error: ' + e;
          }
        })();
        </script>
        </body></html>
        """);

    // The library trickles its candidates after its offer (PATCH), as a browser finds them.
    private static string LibraryPage(string whip, string whep) => string.Create(CultureInfo.InvariantCulture, $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>library</title></head>
        <body><video autoplay playsinline muted></video>
        <script type="module">
        import { WHIPClient } from './whip.js';
        import { WHEPClient } from './whep.js';
        const params = new URLSearchParams(location.search);
        window.roomState = 'starting';
        window.requests = [];
        const fetched = window.fetch;
        window.fetch = async (url, init) => {
          const response = await fetched(url, init);
          window.requests.push({ method: init?.method ?? 'GET', status: response.status, ifMatch: init?.headers?.['If-Match'] ?? null });
          return response;
        };
        window.framesDecoded = async () => {
          let frames = 0;
          (await window.pc.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded || 0; });
          return frames;
        };
        // The ICE username fragment the page's description has now, and the one of the candidate its media flows from.
        window.iceNow = async () => {
          const stats = await window.pc.getStats();
          let flowing = null;
          stats.forEach((s) => {
            if (s.type === 'transport' && s.selectedCandidatePairId) { flowing = stats.get(stats.get(s.selectedCandidatePairId)?.localCandidateId)?.usernameFragment ?? null; }
          });
          return { described: window.pc.localDescription.sdp.match(/a=ice-ufrag:(.*)\r\n/)[1], flowing };
        };
        try {
          const pc = window.pc = new RTCPeerConnection();
          if (params.get('role') === 'publisher') {
            const media = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240, frameRate: 10 }, audio: true });
            media.getTracks().forEach((t) => pc.addTransceiver(t, { direction: 'sendonly', streams: [media] }));
            window.client = new WHIPClient();
            await window.client.publish(pc, "{{whip}}", "{{PublishKey}}");
            window.roomState = 'publishing';
          } else {
            pc.ontrack = (e) => { document.querySelector('video').srcObject = e.streams[0] || new MediaStream([e.track]); };
            // Audio first, the engine's offer having video first: the two sides' mids differ.
            pc.addTransceiver('audio', { direction: 'recvonly' });
            pc.addTransceiver('video', { direction: 'recvonly' });
            window.client = new WHEPClient();
            await window.client.view(pc, "{{whep}}");
            window.roomState = 'watching';
          }
        } catch (e) {
          window.roomState = 'error: ' + e;
        }
        </script>
        </body></html>
        """);
}
