"""A WHEP viewer that is not a browser: aiortc offers to receive video and audio, takes the server's answer, and counts
the video frames it decodes.

usage: whep_view.py URL FRAMES [LOSE_EVERY] [TOKEN]

POSTs its SDP offer (application/sdp, every candidate in it: aiortc does not trickle) to URL, takes the answer, decodes
until it has FRAMES video frames (30 seconds at most; none with 0, once connected), PATCHes its session (trickle and an
ICE restart: sdp_http.patch_session), then ends the session with DELETE.
Prints one JSON object: what the endpoint answered and what the peer connection did.

With LOSE_EVERY, the viewer is on a lossy path with a round trip: what it sends leaves 20 ms late, and from its third
second it loses one video packet in every LOSE_EVERY as they arrive (the first time a sequence number arrives, before
anything reads it, as if the network had dropped it). aiortc asks for them again with RTCP NACKs as it does for any gap;
the report says how many were lost, asked for and repaired (sent again, as RTX or as they were). The engine keeps sent
packets for repair only once it has measured a round trip from the viewer's receiver reports, which a path of no
latency never gives it, hence the latency and the first two seconds without loss.
"""
import asyncio
import json
import sys
import urllib.parse

from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamError
from aiortc.rtcdtlstransport import RTCDtlsTransport
from aiortc.rtcrtpreceiver import RTCRtpReceiver

from sdp_http import patch_session, request, video_codecs


LATENCY = 0.02
CLEAN_SECONDS = 2


def delay_sending():
    """Sends every RTP and RTCP packet LATENCY seconds after it was given, in order."""
    send, queues, loop = RTCDtlsTransport._send_rtp, {}, asyncio.get_running_loop()

    async def send_rtp(transport, data):
        if transport not in queues:
            queues[transport] = asyncio.Queue()

            async def drain(queue):
                while True:
                    due, packet = await queue.get()
                    await asyncio.sleep(max(0, due - loop.time()))
                    try:
                        await send(transport, packet)
                    except ConnectionError:
                        return  # the connection closed
            asyncio.ensure_future(drain(queues[transport]))
        queues[transport].put_nowait((loop.time() + LATENCY, data))

    RTCDtlsTransport._send_rtp = send_rtp


def lose_packets(answer, every, report):
    """After CLEAN_SECONDS, loses one in every `every` video packets the first time their sequence number arrives;
    records what comes back."""
    video = answer.split("m=video", 1)[1].split("\r\nm=", 1)[0]
    rtpmaps = [line[len("a=rtpmap:"):].split(" ", 1) for line in video.split("\r\n") if line.startswith("a=rtpmap:")]
    rtx = {int(pt) for pt, name in rtpmaps if name.lower().startswith("rtx/")}
    media = {int(pt) for pt, name in rtpmaps} - rtx
    lost, nacked, repaired = set(), set(), set()
    seen = set()
    loop = asyncio.get_running_loop()
    lossy_from = loop.time() + CLEAN_SECONDS
    handle, send_nack = RTCRtpReceiver._handle_rtp_packet, RTCRtpReceiver._send_rtcp_nack

    async def handle_rtp_packet(receiver, packet, arrival_time_ms):
        if packet.payload_type in rtx and len(packet.payload) >= 2:
            report["rtxReceived"] += 1
            original = int.from_bytes(packet.payload[:2], "big")
            if original in lost:
                repaired.add(original)
        elif packet.payload_type in media:
            report["videoReceived"] += 1
            if packet.sequence_number in lost:
                repaired.add(packet.sequence_number)
            elif packet.sequence_number not in seen:
                seen.add(packet.sequence_number)
                if loop.time() >= lossy_from and len(seen) % every == 0:
                    lost.add(packet.sequence_number)
                    return
        await handle(receiver, packet, arrival_time_ms)

    async def send_rtcp_nack(receiver, media_ssrc, missing):
        report["nacksSent"] += 1
        nacked.update(missing)
        await send_nack(receiver, media_ssrc, missing)

    RTCRtpReceiver._handle_rtp_packet = handle_rtp_packet
    RTCRtpReceiver._send_rtcp_nack = send_rtcp_nack
    report.update(rtxReceived=0, videoReceived=0, nacksSent=0)
    return lambda: report.update(lost=len(lost), nacked=len(lost & nacked), repaired=len(repaired))


def count_arrivals(report):
    """Counts the RTP packets each track's receiver is handed, and their payload types, before the receiver checks or
    drops any (aiortc drops a payload type it did not negotiate without a word, and its stats leave such packets out)."""
    handle = RTCRtpReceiver._handle_rtp_packet
    arrived, payload_types = {}, {}

    async def handle_rtp_packet(receiver, packet, arrival_time_ms):
        kind = receiver.track.kind
        arrived[kind] = arrived.get(kind, 0) + 1
        payload_types.setdefault(kind, set()).add(packet.payload_type)
        await handle(receiver, packet, arrival_time_ms)

    RTCRtpReceiver._handle_rtp_packet = handle_rtp_packet
    return lambda: report.update(rtpArrived=arrived, payloadTypes={kind: sorted(types) for kind, types in payload_types.items()})


async def main(url, frames, lose_every, token):
    report = {"framesDecoded": 0}
    pc = RTCPeerConnection()
    pc.addTransceiver("video", direction="recvonly")
    pc.addTransceiver("audio", direction="recvonly")
    # aiortc gathers every candidate before the offer is set: the offer is complete, no trickle.
    await pc.setLocalDescription(await pc.createOffer())
    status, headers, body = request("POST", url, pc.localDescription.sdp.encode(), "application/sdp", token=token)
    report["status"] = status
    report["contentType"] = headers.get("Content-Type")
    report["location"] = headers.get("Location")
    report["etag"] = headers.get("ETag")
    report["link"] = headers.get("Link")
    if status != 201:
        report["body"] = body
        await pc.close()
        print(json.dumps(report))
        return
    connected = asyncio.Event()
    enough = asyncio.Event()
    if frames <= 0:
        enough.set()

    @pc.on("connectionstatechange")
    def on_state():
        report.setdefault("states", []).append(pc.connectionState)
        if pc.connectionState == "connected":
            connected.set()

    @pc.on("track")
    def on_track(track):
        if track.kind == "video":
            async def decode():
                try:
                    while True:
                        await track.recv()
                        report["framesDecoded"] += 1
                        if report["framesDecoded"] >= frames:
                            enough.set()
                except MediaStreamError:
                    pass  # the track ended with the connection
            asyncio.ensure_future(decode())

    report["answeredVideo"] = video_codecs(body)
    losses = None
    if lose_every:
        delay_sending()
        losses = lose_packets(body, lose_every, report)
    arrivals = count_arrivals(report)
    await pc.setRemoteDescription(RTCSessionDescription(sdp=body, type="answer"))
    resource = urllib.parse.urljoin(url, report["location"])
    try:
        await asyncio.wait_for(connected.wait(), 20)
        await asyncio.wait_for(enough.wait(), 30)
    except asyncio.TimeoutError:
        report["timedOut"] = True
    # What arrived, so that a viewer that decoded nothing says whether media reached it at all: the RTP each track
    # was handed, and every packet the connection received (RTP, RTCP and DTLS).
    arrivals()
    # The tracks share one transport (bundled): the first receiver's stats have it.
    stats = await pc.getReceivers()[0].getStats()
    report["connection"] = next(({"packetsReceived": s.packetsReceived, "bytesReceived": s.bytesReceived, "dtlsState": s.dtlsState}
                                 for s in stats.values() if s.type == "transport"), None)
    report["patch"] = patch_session(resource, pc.localDescription.sdp, body, report["etag"], token)
    report["delete"] = request("DELETE", resource)[0]
    report["deleteAgain"] = request("DELETE", resource)[0]
    await pc.close()
    if losses:
        losses()
    print(json.dumps(report))


asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 0, sys.argv[4] if len(sys.argv) > 4 else None))
