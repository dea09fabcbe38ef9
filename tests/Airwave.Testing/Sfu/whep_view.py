"""A WHEP viewer that is not a browser: aiortc takes the server's offer, answers it, and counts the video frames it decodes.

usage: whep_view.py URL FRAMES

POSTs with no body to URL, answers the SDP offer it gets with PATCH (application/sdp) on the Location it was given,
decodes until it has FRAMES video frames (30 seconds at most; none with 0, once connected), then ends the session with
DELETE. Prints one JSON object: what the endpoint
answered and what the peer connection did.
"""
import asyncio
import json
import sys
import urllib.parse

from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamError

from sdp_http import request, video_codecs


async def main(url, frames):
    report = {"framesDecoded": 0}
    status, headers, body = request("POST", url)
    report["status"] = status
    report["contentType"] = headers.get("Content-Type")
    report["location"] = headers.get("Location")
    if status != 201:
        report["body"] = body
        print(json.dumps(report))
        return
    pc = RTCPeerConnection()
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

    report["offeredVideo"] = video_codecs(body)
    await pc.setRemoteDescription(RTCSessionDescription(sdp=body, type="offer"))
    # aiortc gathers every candidate before the answer is set: the answer is complete, no trickle.
    await pc.setLocalDescription(await pc.createAnswer())
    resource = urllib.parse.urljoin(url, report["location"])
    report["answer"] = request("PATCH", resource, pc.localDescription.sdp.encode(), "application/sdp")[0]
    try:
        await asyncio.wait_for(connected.wait(), 20)
        await asyncio.wait_for(enough.wait(), 30)
    except asyncio.TimeoutError:
        report["timedOut"] = True
    report["delete"] = request("DELETE", resource)[0]
    report["deleteAgain"] = request("DELETE", resource)[0]
    await pc.close()
    print(json.dumps(report))


asyncio.run(main(sys.argv[1], int(sys.argv[2])))
