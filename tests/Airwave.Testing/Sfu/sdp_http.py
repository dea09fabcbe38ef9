"""What the WHIP publisher and the WHEP viewer share: HTTP requests that carry SDP, reading codecs from SDP, and
ICE candidates only on the machine's own interfaces."""
import socket
import urllib.error
import urllib.request

import aioice.ice
import netifaces

# The browser tests' network namespaces, whose host ends ("awh" interfaces) come and go while other tests run.
TEST_INTERFACES = "awh"


def host_addresses(use_ipv4, use_ipv6):
    """aioice's host addresses without the test namespaces' interfaces: a connection whose pair used one lost its
    media the moment that test ended and removed it."""
    addresses = []
    for interface in netifaces.interfaces():
        if interface.startswith(TEST_INTERFACES):
            continue
        found = netifaces.ifaddresses(interface)
        addresses += [a["addr"] for a in found.get(socket.AF_INET, []) if use_ipv4 and a["addr"] != "127.0.0.1"]
        addresses += [a["addr"] for a in found.get(socket.AF_INET6, []) if use_ipv6 and a["addr"] != "::1" and "%" not in a["addr"]]
    return addresses


aioice.ice.get_host_addresses = host_addresses


def request(method, url, body=None, content_type=None, token=None):
    """The status, headers and body of the answer, whatever its status."""
    headers = {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if content_type:
        headers["Content-Type"] = content_type
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


def video_codecs(sdp):
    """The video codecs a session description lists, by name."""
    video = sdp.split("m=video", 1)[1].split("\r\nm=", 1)[0] if "m=video" in sdp else ""
    return sorted({line.split(" ", 1)[1].split("/")[0] for line in video.split("\r\n") if line.startswith("a=rtpmap:")})
