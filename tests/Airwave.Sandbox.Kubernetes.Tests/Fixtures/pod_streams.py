"""Exec into a pod and forward a port to it with the official Python client's kubernetes.stream, printing what came
back. Usage: pod_streams.py KUBECONFIG NAMESPACE POD exec | portforward PORT PATH"""
import sys

from kubernetes import client, config
from kubernetes.stream import portforward, stream

config.load_kube_config(config_file=sys.argv[1])
api = client.CoreV1Api()
namespace, pod, mode = sys.argv[2], sys.argv[3], sys.argv[4]

if mode == "exec":
    session = stream(api.connect_get_namespaced_pod_exec, pod, namespace,
                     command=["sh", "-c", "read line; echo \"got $line\"; echo oops >&2; exit 7"],
                     stdin=True, stdout=True, stderr=True, tty=False, _preload_content=False)
    session.write_stdin("hello\n")
    session.run_forever(timeout=20)
    print("STDOUT", session.read_stdout().strip(), flush=True)
    print("STDERR", session.read_stderr().strip(), flush=True)
    print("EXIT", session.returncode, flush=True)
else:
    port, path = int(sys.argv[5]), sys.argv[6]
    forward = portforward(api.connect_get_namespaced_pod_portforward, pod, namespace, ports=str(port))
    connection = forward.socket(port)
    connection.setblocking(True)
    connection.settimeout(20)
    connection.sendall(("GET %s HTTP/1.0\r\n\r\n" % path).encode())
    response = b""
    while True:
        data = connection.recv(4096)
        if not data:
            break
        response += data
    connection.close()
    print("BODY", response.split(b"\r\n\r\n", 1)[1].decode().strip(), flush=True)
    print("ERROR", forward.error(port), flush=True)
