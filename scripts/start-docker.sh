#!/usr/bin/env bash
# Makes a Docker engine answer on /var/run/docker.sock for the Containers tests (regions in containers): installs
# Debian's docker.io when dockerd is missing and starts dockerd in the background when nothing answers. Idempotent.
# It never fails the setup: when no engine can be had, it says why, and the Containers tests fail with that reason.
set -uo pipefail

log=${DOCKERD_LOG:-/tmp/chaos-dockerd.log}
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"

if docker info >/dev/null 2>&1; then
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  echo "start-docker: installing docker.io (Debian)"
  if ! DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq docker.io >/dev/null 2>&1; then
    $sudo_cmd apt-get update -qq >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq docker.io >/dev/null 2>&1 \
      || { echo "start-docker: could not install docker.io; the Containers tests will fail" >&2; exit 0; }
  fi
fi

echo "start-docker: starting dockerd (log: $log)"
$sudo_cmd nohup dockerd >"$log" 2>&1 &
for _ in $(seq 1 60); do
  docker info >/dev/null 2>&1 && { echo "start-docker: engine $(docker version --format '{{.Server.Version}}')"; exit 0; }
  sleep 0.5
done
echo "start-docker: dockerd did not answer within 30 s (see $log); the Containers tests will fail" >&2
exit 0
