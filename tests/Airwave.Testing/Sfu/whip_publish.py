"""A WHIP publisher that is not a browser: aiortc (Debian's python3-aiortc) sends a test pattern and a tone.

usage: whip_publish.py URL TOKEN [VIDEO_CODEC]

POSTs its SDP offer to URL with TOKEN as the bearer token. Once its peer connection is connected it prints the line
"connected" and sends media until its standard input closes; then it PATCHes its session (trickle and an ICE restart:
sdp_http.patch_session) and ends the session with DELETE on the Location it was given. With VIDEO_CODEC (H264, as OBS
sends) it offers that codec alone.
Its last line is one JSON object: what the endpoint answered and what the peer connection did.
"""
import asyncio
import json
import sys
import urllib.parse

from aiortc import RTCPeerConnection, RTCRtpSender, RTCSessionDescription
from aiortc.contrib.media import MediaPlayer

from sdp_http import patch_session, request, video_codecs


async def main(url, token, codec):
    report = {}
    pc = RTCPeerConnection()
    video = MediaPlayer("testsrc=size=320x240:rate=15", format="lavfi")
    audio = MediaPlayer("sine=frequency=440:sample_rate=48000", format="lavfi")
    sender = pc.addTrack(video.video)
    pc.addTrack(audio.audio)
    if codec:
        transceiver = next(t for t in pc.getTransceivers() if t.sender == sender)
        transceiver.setCodecPreferences([c for c in RTCRtpSender.getCapabilities("video").codecs if c.mimeType.lower() == "video/" + codec.lower()])

    @pc.on("connectionstatechange")
    def on_state():
        report.setdefault("states", []).append(pc.connectionState)
        if pc.connectionState == "connected":
            print("connected", flush=True)

    # aiortc gathers every candidate before the offer is set: the offer is complete, no trickle.
    await pc.setLocalDescription(await pc.createOffer())
    status, headers, body = request("POST", url, pc.localDescription.sdp.encode(), "application/sdp", token)
    report["status"] = status
    report["contentType"] = headers.get("Content-Type")
    report["location"] = headers.get("Location")
    report["etag"] = headers.get("ETag")
    report["link"] = headers.get("Link")
    if status != 201:
        report["body"] = body
        print(json.dumps(report))
        await pc.close()
        return
    report["answeredVideo"] = video_codecs(body)
    await pc.setRemoteDescription(RTCSessionDescription(sdp=body, type="answer"))
    # The test says when to stop by closing standard input: sending lasts as long as what it checks needs.
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    stats = await pc.getStats()
    report["packetsSent"] = {s.kind: s.packetsSent for s in stats.values() if s.type == "outbound-rtp"}
    resource = urllib.parse.urljoin(url, report["location"])
    report["patch"] = patch_session(resource, pc.localDescription.sdp, body, report["etag"], token)
    report["delete"] = request("DELETE", resource, token=token)[0]
    report["deleteAgain"] = request("DELETE", resource, token=token)[0]
    await pc.close()
    print(json.dumps(report), flush=True)


asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None))
