#!/usr/bin/env bash
# Installs the real tools the tests drive (kubectl, the AWS CLI, the Python client, ...) when missing.
# Idempotent: on a machine that has them it installs nothing.
set -euo pipefail

packages=()
need_command() { command -v "$1" >/dev/null 2>&1 || packages+=("$2"); }
need_package() { dpkg -s "$1" >/dev/null 2>&1 || packages+=("$1"); }

need_command kubectl kubernetes-client
# The operator is compiled ahead of time, as its image ships it, with the C toolchain and zlib it links.
need_command gcc gcc
need_package zlib1g-dev
# Pods in the sandbox tests reach the API server with curl, as in-cluster clients do.
need_command curl curl
# The sandbox's Mux emulator probes and encodes real media, and tests make it.
need_command ffprobe ffmpeg
need_command promtool prometheus
# AWS CLI v2 at /usr/bin/aws with its botocore service models (a different `aws` may be first on PATH).
need_package awscli
need_package python3-kubernetes
# The signaling tests run PostgreSQL servers of their own, and sign user tokens with PyJWT as a site's server would.
need_package postgresql
need_package python3-jwt
# The TURN credentials the signaling service mints are tried on a real TURN server.
need_command turnserver coturn
# SFU pods run Janus (its VideoRoom plugin) as their media engine.
need_command janus janus
# A WHIP publisher that is not a browser: aiortc sends a test pattern into SFU pods and through the signaling service.
need_package python3-aiortc
# The browser tests run the embed script in Debian's Chromium, driven by Playwright, inside network namespaces (iproute2).
need_command chromium chromium
# ... and in Debian's Firefox ESR, driven by Playwright over WebDriver BiDi.
need_command firefox-esr firefox-esr
# Meeting connectors open the meeting in Chromium on a virtual display (Xvfb) playing to PulseAudio, grabbed by ffmpeg.
need_command Xvfb xvfb
need_command pulseaudio pulseaudio
need_command ip iproute2
# The chart's Argo CD health checks are Lua 5.1 scripts, run as Argo CD runs them.
need_command lua5.1 lua5.1
need_command node nodejs
need_command npm npm
# The Helm chart renderer (tests/chart-renderer) is built offline in GOPATH mode from Debian's Go packages;
# Go 1.23 comes from bookworm-backports; gojsonschema validates values.schema.json as Helm 3 does.
need_package golang-1.23-go
need_package golang-github-masterminds-sprig-dev
need_package golang-k8s-sigs-yaml-dev
need_package golang-github-xeipuuv-gojsonschema-dev

if [ ${#packages[@]} -gt 0 ]; then
  echo "Installing test tools: ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if [[ " ${packages[*]} " == *" golang-1.23-go "* ]] && ! grep -rqs bookworm-backports /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-backports main' \
      > /etc/apt/sources.list.d/bookworm-backports.list
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

# The official JavaScript clients of Kubernetes and Mux, a WHIP and WHEP client library the browser tests load, and the
# hls.js release the webhook service ships (a test checks its copy against it), at the versions their lock files pin
# (the npm registry can be slow to answer).
for package in client-node:@kubernetes/client-node mux-node:@mux/mux-node whip-whep:whip-whep ../webhook/Airwave.Webhook/Player:hls.js; do
  folder="$(dirname "$0")/${package%%:*}"
  if [ ! -d "$folder/node_modules/${package#*:}" ]; then
    echo "Installing test tools: ${package#*:}"
    (cd "$folder" && npm ci --no-audit --no-fund --fetch-timeout=120000 --fetch-retries=5 >/dev/null)
  fi
done
