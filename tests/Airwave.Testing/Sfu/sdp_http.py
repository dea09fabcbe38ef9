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


def request(method, url, body=None, content_type=None, token=None, if_match=None):
    """The status, headers and body of the answer, whatever its status."""
    headers = {"If-Match": if_match} if if_match else {}
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


def attribute(sdp, name):
    """The value of the first a=name: line of a session description (or fragment), if any."""
    return next((line[len(name) + 3:] for line in sdp.split("\r\n") if line.startswith(f"a={name}:")), None)


def patch_session(resource, offer, answer, etag, token=None):
    """What a session's PATCH answers (RFC 9725 section 4.3): the offer's first candidate trickled again with the ICE
    session's entity tag, then with a stale one, then an ICE restart (new credentials, If-Match: *), then the first
    entity tag once more. The media stops after the restart (the client keeps its old credentials)."""
    first = offer.split("\r\nm=", 1)[1]
    mid = attribute("m=" + first, "mid")
    candidate = attribute("m=" + first, "candidate")
    ice = f"a=ice-ufrag:{attribute(offer, 'ice-ufrag')}\r\na=ice-pwd:{attribute(offer, 'ice-pwd')}\r\n"
    section = f"m={first.split(' ', 1)[0]} 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:{mid}\r\n"
    trickle = f"{ice}{section}a=candidate:{candidate}\r\na=end-of-candidates\r\n".encode()
    restart = f"a=ice-ufrag:rest\r\na=ice-pwd:restartedpasswordofthirtytwo00\r\n{section}a=candidate:{candidate}\r\n".encode()
    fragment = "application/trickle-ice-sdpfrag"
    report = {
        "trickle": request("PATCH", resource, trickle, fragment, token, etag)[0],
        "stale": request("PATCH", resource, trickle, fragment, token, '"stale"')[0],
    }
    restarted = request("PATCH", resource, restart, fragment, token, "*")
    report["restart"] = {
        "status": restarted[0],
        "contentType": restarted[1].get("Content-Type"),
        "etag": restarted[1].get("ETag"),
        "ufrag": attribute(restarted[2], "ice-ufrag"),
        "candidates": restarted[2].count("a=candidate:"),
        "answerUfrag": attribute(answer, "ice-ufrag"),
    }
    report["afterRestart"] = request("PATCH", resource, trickle, fragment, token, etag)[0]
    return report
