#!/usr/bin/env bash
# Installs the real tools the tests drive (kubectl, the AWS CLI, the Python client, ...) when missing.
# Idempotent: on a machine that has them it installs nothing.
set -euo pipefail

packages=()
need_command() { command -v "$1" >/dev/null 2>&1 || packages+=("$2"); }
need_package() { dpkg -s "$1" >/dev/null 2>&1 || packages+=("$1"); }

need_command kubectl kubernetes-client
need_command promtool prometheus
# AWS CLI v2 at /usr/bin/aws with its botocore service models (a different `aws` may be first on PATH).
need_package awscli
need_package python3-kubernetes

if [ ${#packages[@]} -gt 0 ]; then
  echo "Installing test tools: ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi
