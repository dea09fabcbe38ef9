"""A WHEP viewer that is not a browser: aiortc takes the server's offer, answers it, and counts the video frames it decodes.

usage: whep_view.py URL SECONDS

POSTs with no body to URL, answers the SDP offer it gets with PATCH (application/sdp) on the Location it was given,
decodes for SECONDS once connected, then ends the session with DELETE. Prints one JSON object: what the endpoint
answered and what the peer connection did.
"""
import asyncio
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamError


def video_codecs(sdp):
    """The video codecs a session description lists, by name."""
    video = sdp.split("m=video", 1)[1].split("\r\nm=", 1)[0] if "m=video" in sdp else ""
    return sorted({line.split(" ", 1)[1].split("/")[0] for line in video.split("\r\n") if line.startswith("a=rtpmap:")})


def request(method, url, body=None, content_type=None):
    headers = {"Content-Type": content_type} if content_type else {}
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


async def main(url, seconds):
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
        await asyncio.sleep(seconds)
    except asyncio.TimeoutError:
        report["timedOut"] = True
    report["delete"] = request("DELETE", resource)[0]
    report["deleteAgain"] = request("DELETE", resource)[0]
    await pc.close()
    print(json.dumps(report))


asyncio.run(main(sys.argv[1], float(sys.argv[2])))
