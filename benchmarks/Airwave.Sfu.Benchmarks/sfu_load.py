"""Load for an SFU: one publisher of a pre-encoded file, or many viewers that count what they receive without decoding.

usage: sfu_load.py publish whip|janus URL MEDIA SECONDS [KEY]
       sfu_load.py view whip|janus URL VIEWERS WINDOW

whip: URL is an Airwave SFU pod's API (POST URL/whip with the bearer KEY; viewers POST their offers to URL/whep).
janus: URL is a Janus HTTP API (/janus) with VideoRoom room 1234; the publisher joins it as feed 1, viewers subscribe.

The publisher sends MEDIA (VP8 and Opus in WebM) as it is, looped, paced by its timestamps, for SECONDS: no encoding,
so the publisher's CPU does not depend on the engine. Viewers count RTP packets and whole video frames (the encoded
frames the receiver reassembles) instead of decoding them. Once every viewer has frames, the viewers print
{"ready": VIEWERS} and wait for a line on stdin, so that several processes of viewers measure the same time; then they
measure for WINDOW seconds what they received and the CPU time this process used, and print it as one JSON object.
"""
import asyncio
import json
import os
import sys
import threading
import time

import aiortc.rtcrtpreceiver as receiver
from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.contrib.media import MediaPlayer
from aiortc.mediastreams import MediaStreamError

from sdp_http import request

ROOM = 1234
PUBLISHER = 1
# /proc/<pid>/stat counts CPU time in USER_HZ, 100 a second on Linux whatever the kernel's tick.
USER_HZ = os.sysconf("SC_CLK_TCK")

packets = 0


class CountingDecoder:
    """Hands each reassembled video frame on as a marker instead of decoding it; audio is dropped."""

    def __init__(self, kind):
        self.kind = kind

    def decode(self, encoded_frame):
        return [True] if self.kind == "video" else []


def counting_decoder(codec):
    return CountingDecoder(codec.mimeType.split("/")[0].lower())


receiver.get_decoder = counting_decoder
_handle_rtp_packet = receiver.RTCRtpReceiver._handle_rtp_packet


async def counted(self, packet, arrival_time_ms):
    global packets
    packets += 1
    await _handle_rtp_packet(self, packet, arrival_time_ms)


receiver.RTCRtpReceiver._handle_rtp_packet = counted


def cpu_seconds(pid):
    """User and system CPU time of a process, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / USER_HZ


class JanusSession:
    """A Janus API session with the VideoRoom plugin attached, its events read by long polls on a thread."""

    def __init__(self, base):
        self.base = base.rstrip("/")
        self.events = asyncio.Queue()
        self.loop = asyncio.get_running_loop()
        self.closed = False

    def post(self, path, body):
        body["transaction"] = os.urandom(6).hex()
        status, _, text = request("POST", f"{self.base}{path}", json.dumps(body).encode(), "application/json")
        answer = json.loads(text)
        if status != 200 or answer.get("janus") == "error":
            raise RuntimeError(f"Janus refused {body}: {text}")
        return answer

    async def open(self):
        self.session = (await asyncio.to_thread(self.post, "", {"janus": "create"}))["data"]["id"]
        self.handle = (await asyncio.to_thread(self.post, f"/{self.session}", {"janus": "attach", "plugin": "janus.plugin.videoroom"}))["data"]["id"]
        threading.Thread(target=self.poll, daemon=True).start()

    def poll(self):
        while not self.closed:
            status, _, text = request("GET", f"{self.base}/{self.session}?maxev=1")
            if status != 200:
                return
            event = json.loads(text)
            if event.get("jsep") or event.get("plugindata"):
                asyncio.run_coroutine_threadsafe(self.events.put(event), self.loop)

    async def message(self, body, jsep=None):
        """Sends a plugin request and waits for the event that carries an SDP, when one is expected."""
        message = {"janus": "message", "body": body}
        if jsep:
            message["jsep"] = jsep
        await asyncio.to_thread(self.post, f"/{self.session}/{self.handle}", message)
        while True:
            event = await asyncio.wait_for(self.events.get(), 20)
            data = event.get("plugindata", {}).get("data", {})
            if "error" in data:
                raise RuntimeError(f"VideoRoom refused {body}: {data}")
            if event.get("jsep") or body["request"] == "start":
                return event.get("jsep")

    def close(self):
        self.closed = True


async def publish(mode, url, media, seconds, key):
    player = MediaPlayer(media, decode=False, loop=True)
    pc = RTCPeerConnection()
    pc.addTrack(player.audio)
    pc.addTrack(player.video)
    await pc.setLocalDescription(await pc.createOffer())
    if mode == "whip":
        status, _, answer = request("POST", url.rstrip("/") + "/whip", pc.localDescription.sdp.encode(), "application/sdp", key)
        if status != 201:
            raise RuntimeError(f"WHIP answered {status}: {answer}")
    else:
        janus = JanusSession(url)
        await janus.open()
        jsep = await janus.message(
            {"request": "joinandconfigure", "room": ROOM, "ptype": "publisher", "id": PUBLISHER, "audio": True, "video": True},
            {"type": "offer", "sdp": pc.localDescription.sdp})
        answer = jsep["sdp"]
    await pc.setRemoteDescription(RTCSessionDescription(sdp=answer, type="answer"))
    await asyncio.sleep(seconds)
    await pc.close()
    print(json.dumps({"published": seconds, "state": pc.connectionState}))


class Viewer:
    def __init__(self):
        self.frames = 0
        self.pc = RTCPeerConnection()

        @self.pc.on("track")
        def on_track(track):
            if track.kind == "video":
                asyncio.ensure_future(self.count(track))

    async def count(self, track):
        try:
            while True:
                await track.recv()
                self.frames += 1
        except MediaStreamError:
            pass

    async def watch(self, mode, url):
        if mode == "whip":
            self.pc.addTransceiver("video", direction="recvonly")
            self.pc.addTransceiver("audio", direction="recvonly")
            await self.pc.setLocalDescription(await self.pc.createOffer())
            status, _, answer = request("POST", url.rstrip("/") + "/whep", self.pc.localDescription.sdp.encode(), "application/sdp")
            if status != 201:
                raise RuntimeError(f"WHEP answered {status}: {answer}")
            await self.pc.setRemoteDescription(RTCSessionDescription(sdp=answer, type="answer"))
        else:
            janus = JanusSession(url)
            await janus.open()
            jsep = await janus.message({"request": "join", "room": ROOM, "ptype": "subscriber", "streams": [{"feed": PUBLISHER}]})
            await self.pc.setRemoteDescription(RTCSessionDescription(sdp=jsep["sdp"], type="offer"))
            await self.pc.setLocalDescription(await self.pc.createAnswer())
            await janus.message({"request": "start", "room": ROOM}, {"type": "answer", "sdp": self.pc.localDescription.sdp})


async def view(mode, url, count, window):
    viewers = [Viewer() for _ in range(count)]
    # A few at a time: the engine and this process each handshake with one peer after another anyway.
    for start in range(0, count, 5):
        await asyncio.gather(*(v.watch(mode, url) for v in viewers[start:start + 5]))
    deadline = time.monotonic() + 60
    while min(v.frames for v in viewers) == 0 and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    watching = sum(1 for v in viewers if v.frames > 0)
    print(json.dumps({"ready": watching}), flush=True)
    await asyncio.to_thread(sys.stdin.readline)

    began = time.monotonic()
    first = ([v.frames for v in viewers], packets, cpu_seconds(os.getpid()))
    await asyncio.sleep(window)
    elapsed = time.monotonic() - began
    last = ([v.frames for v in viewers], packets, cpu_seconds(os.getpid()))

    fps = sorted((b - a) / elapsed for a, b in zip(first[0], last[0]))
    print(json.dumps({
        "viewers": count,
        "watching": watching,
        "seconds": elapsed,
        "packetsPerSecond": (last[1] - first[1]) / elapsed,
        "cpu": (last[2] - first[2]) / elapsed,
        "fps": fps,
    }), flush=True)
    await asyncio.gather(*(v.pc.close() for v in viewers))


if sys.argv[1] == "publish":
    asyncio.run(publish(sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]), sys.argv[6] if len(sys.argv) > 6 else None))
else:
    asyncio.run(view(sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])))
