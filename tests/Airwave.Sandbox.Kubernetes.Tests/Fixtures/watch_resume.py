"""Watches config maps with the official Python client and resumes from the last resourceVersion whenever the
stream breaks, printing one line per event. Usage: watch_resume.py KUBECONFIG NAMESPACE EXPECTED_EVENTS"""
import sys
import time

import urllib3
from kubernetes import client, config, watch

config.load_kube_config(config_file=sys.argv[1])
api = client.CoreV1Api()
namespace, expected = sys.argv[2], int(sys.argv[3])

resource_version = api.list_namespaced_config_map(namespace).metadata.resource_version
print("READY", resource_version, flush=True)

seen = 0
deadline = time.monotonic() + 60
while seen < expected and time.monotonic() < deadline:
    stream = watch.Watch()
    try:
        for event in stream.stream(api.list_namespaced_config_map, namespace,
                                   resource_version=resource_version, timeout_seconds=30):
            item = event["object"]
            resource_version = item.metadata.resource_version
            seen += 1
            print("EVENT", event["type"], item.metadata.name, resource_version, flush=True)
            if seen >= expected:
                stream.stop()
                break
    except urllib3.exceptions.HTTPError as broken:
        print("BROKEN", type(broken).__name__, flush=True)
    if seen < expected:
        print("RESUMING", resource_version, flush=True)

print("DONE", seen, flush=True)
sys.exit(0 if seen == expected else 1)
