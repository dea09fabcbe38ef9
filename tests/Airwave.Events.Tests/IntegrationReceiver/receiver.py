"""The downstream integration's example receiver, as its documentation describes one: a Flask app that takes the
integration's POSTs (one JSON object, or a JSON array of them when batching), checks the Bearer token, and reads each
payload by its documented fields. A payload missing one of them is refused (400), as a receiver reading those fields
would fail on it. What it took and refused is at GET /received, for the test that drives it.

Usage: receiver.py PORT TOKEN
"""
import sys
import threading

from flask import Flask, jsonify, request

app = Flask(__name__)
TOKEN = sys.argv[2]
received, refused = [], []
lock = threading.Lock()

STREAMING_EVENT = {"event_type": str, "timestamp": (int, float), "stream_data": dict,
                   "user_agent": (str, type(None)), "ip_address": (str, type(None)), "session_id": (str, type(None))}
ANALYTICS = {"stream_id": str, "timestamp": (int, float), "analytics_type": str, "data": dict}
VIDEO_DETAIL = {"video_id": str, "title": str, "description": (str, type(None)), "duration": (int, float, type(None)),
                "file_path": (str, type(None)), "file_size": (int, type(None)), "created_at": (str, type(None)),
                "updated_at": (str, type(None)), "stream_type": str, "status": (str, type(None)), "metadata": dict,
                "chapters": list}
VIDEO_METADATA = {"format": (str, type(None)), "resolution": (str, type(None)), "fps": (int, float, type(None)),
                  "bitrate": (int, type(None)), "codec": (str, type(None))}
CHAPTER = {"title": str, "start_time": (int, float)}
EXTERNAL_STREAM = {"stream_id": str, "name": str, "url": str, "stream_type": str, "status": (str, type(None)),
                   "initial_seek": (int, float), "timestamp": (int, float), "metadata": dict}
EXTERNAL_METADATA = {"protocol": str, "domain": str, "path": str, "is_live": bool, "is_video_file": bool}
EXTERNAL_TYPES = {"rtsp_stream", "rtmp_stream", "hls_stream", "http_stream"}


def check(payload, fields, what):
    for name, kind in fields.items():
        if name not in payload:
            raise ValueError(f"{what} has no {name}")
        value, kinds = payload[name], kind if isinstance(kind, tuple) else (kind,)
        # JSON true is no number, though Python's bool is an int.
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            raise ValueError(f"{what}'s {name} is {value!r}")


def read(payload):
    """What a handler of each documented payload reads; raises on a payload it could not."""
    if not isinstance(payload, dict):
        raise ValueError("a payload is a JSON object")
    if "analytics_type" in payload:
        check(payload, ANALYTICS, "analytics")
        return "analytics"
    if "stream_data" in payload:
        check(payload, STREAMING_EVENT, "a streaming event")
        stream = payload["stream_data"]
        if stream.get("stream_type") == "video_file":
            check(stream, VIDEO_DETAIL, "a video")
            check(stream["metadata"], VIDEO_METADATA, "a video's metadata")
            for chapter in stream["chapters"]:
                check(chapter, CHAPTER, "a chapter")
            return "video"
        if stream.get("stream_type") in EXTERNAL_TYPES:
            check(stream, EXTERNAL_STREAM, "an external stream")
            check(stream["metadata"], EXTERNAL_METADATA, "an external stream's metadata")
            return "external_stream"
        check(stream, {"stream_id": str, "name": str}, "a stream")
        return "stream"
    check(payload, {"event_type": str}, "an event")
    return "other"


@app.post("/events")
def events():
    if request.headers.get("Authorization") != f"Bearer {TOKEN}":
        return jsonify(error="unauthorized"), 401
    body = request.get_json(silent=True)
    if body is None:
        return jsonify(error="not JSON"), 400
    payloads = body if isinstance(body, list) else [body]
    try:
        kinds = [read(p) for p in payloads]
    except ValueError as error:
        with lock:
            refused.append({"error": str(error), "body": body})
        return jsonify(error=str(error)), 400
    with lock:
        received.extend({"kind": k, "payload": p, "batched": isinstance(body, list)} for k, p in zip(kinds, payloads))
    return jsonify(status="ok"), 200


@app.get("/received")
def seen():
    with lock:
        return jsonify(received=received, refused=refused)


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(sys.argv[1]))
