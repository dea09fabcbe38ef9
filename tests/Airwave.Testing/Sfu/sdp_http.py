"""What the WHIP publisher and the WHEP viewer share: HTTP requests that carry SDP, and reading codecs from SDP."""
import urllib.error
import urllib.request


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
