using System.Globalization;
using Airwave.Sfu.Hosting;
using Airwave.Testing.Sfu;

namespace Airwave.Signaling.Tests.Browser;

/// <summary>
/// The browser rig with an SFU pod's process beside the services, on this side of the veth pair (its candidates on
/// that interface alone), the signaling service passing WHIP to it, and a page that publishes into the pod's room over
/// WHIP through the signaling service, or watches it over the Janus API (<see cref="RoomPage"/>).
/// </summary>
public sealed class SfuRig : BrowserRig
{
    public const string PublishKey = "publish-key-for-browser-tests";
    private const string RoomKey = "room-key-for-browser-tests";
    private const string TurnSecret = "turn-secret-for-browser-tests";

    public SfuProcess Sfu { get; private set; } = null!;

    /// <summary>The pod's one TURN port, on this side of the veth pair.</summary>
    public int TurnPort { get; private set; }

    /// <summary>
    /// The page: ?role=publisher (over WHIP; window.unpublish() ends its session) or ?role=viewer, and with
    /// &amp;turnUser=&amp;turnPassword= its media through the pod's TURN port alone; window.roomState says how far it
    /// got, window.framesDecoded() counts, window.localCandidateType() is the type of the candidate its media flows from.
    /// </summary>
    public string RoomPage { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        RoomPage = Pages.Put("sfu-room", Page(
            Sfu.Engine.BaseAddress!.ToString().TrimEnd('/'),
            new Uri(Server.Public.BaseAddress!, "whip/v1/shop/stage").ToString(),
            $"turn:{HostAddress}:{TurnPort.ToString(CultureInfo.InvariantCulture)}?transport=udp"));
    }

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
            },
            address);
        await Sfu.WaitReadyAsync();
        return await base.StartReplicasAsync(address, new Dictionary<string, string?>(settings)
        {
            ["Signaling:Sfu:PodsHost"] = address,
            ["Signaling:Sfu:ApiPort"] = Sfu.ApiPort.ToString(CultureInfo.InvariantCulture),
        });
    }

    /// <summary>The query string for a page whose media goes through the pod's TURN port: a credential minted as the signaling service mints them.</summary>
    public static string TurnQuery(string user)
    {
        var (username, password) = Airwave.Signaling.Ice.IceServers.TurnCredential(user, DateTimeOffset.UtcNow.AddHours(1), TurnSecret);
        return $"&turnUser={Uri.EscapeDataString(username)}&turnPassword={Uri.EscapeDataString(password)}";
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Sfu.DisposeAsync();
    }

    // A publisher as a WHIP client: its offer once gathered (no trickle), the answer, DELETE to end. A viewer speaks
    // the Janus API: a session, a VideoRoom handle, events by long poll, no trickle.
    private static string Page(string api, string whip, string turn) => string.Create(CultureInfo.InvariantCulture, $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>room</title></head>
        <body><video autoplay playsinline muted></video>
        <script>
        const api = "{{api}}";
        const whip = "{{whip}}";
        const room = {{SfuSettings.Room}};
        // The WHIP publisher's id in the pod's room.
        const feed = 1;
        const params = new URLSearchParams(location.search);
        window.roomState = 'starting';
        window.pc = null;
        const tx = () => Math.random().toString(36).slice(2);
        async function send(path, body) {
          body.transaction = tx();
          const r = await fetch(api + path, { method: 'POST', body: JSON.stringify(body) });
          return r.json();
        }
        async function nextEvent(session, match) {
          for (;;) {
            const r = await fetch(`${api}/${session}?maxev=10&rid=${Date.now()}`);
            const events = [].concat(await r.json());
            for (const e of events) { if (match(e)) return e; }
          }
        }
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
              const session = (await send('', { janus: 'create' })).data.id;
              const handle = (await send(`/${session}`, { janus: 'attach', plugin: 'janus.plugin.videoroom' })).data.id;
              pc.ontrack = (e) => { document.querySelector('video').srcObject = e.streams[0] || new MediaStream([e.track]); };
              await send(`/${session}/${handle}`, { janus: 'message', body: { request: 'join', ptype: 'subscriber', room, streams: [{ feed }] } });
              const offer = await nextEvent(session, (e) => e.jsep);
              await pc.setRemoteDescription(offer.jsep);
              await pc.setLocalDescription(await pc.createAnswer());
              await gathered(pc);
              await send(`/${session}/${handle}`, { janus: 'message', body: { request: 'start' }, jsep: { type: 'answer', sdp: pc.localDescription.sdp } });
              window.roomState = 'watching';
              // The session lives while the page polls; events after the negotiation are not needed.
              (async () => { for (;;) { await fetch(`${api}/${session}?maxev=10&rid=${Date.now()}`); } })();
            }
          } catch (e) {
            window.roomState = 'error: ' + e;
          }
        })();
        </script>
        </body></html>
        """);
}
