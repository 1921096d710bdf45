#!/usr/bin/env bash
# Builds the harness image on a machine with a Docker engine but no registry (this project's machines and CI):
# a self-contained publish of the `chaos` command, the shared libraries it loads, imported as a root filesystem.
# Same layout and entrypoint as deploy/docker/Dockerfile (/opt/chaos, /opt/chaos/bin/chaos), without a base image.
# Not included: the Java runtime and Allure command line (report generation); use the Dockerfile where a registry is
# reachable. Usage: deploy/docker/build-local-image.sh [IMAGE[:TAG]]   (default chaos-harness:local)
set -euo pipefail
cd "$(dirname "$0")/../.."
image=${1:-chaos-harness:local}

command -v docker >/dev/null || { echo "build-local-image: the docker CLI is missing" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "build-local-image: no Docker engine answers (start dockerd; see scripts/setup.sh)" >&2; exit 1; }

root=$(mktemp -d "${TMPDIR:-/tmp}/chaos-image.XXXXXX")
trap 'rm -rf "$root"' EXIT
app="$root/opt/chaos"
mkdir -p "$app/reports" "$root/tmp"
chmod 1777 "$root/tmp"

# Trimming breaks Kestrel at start (reflection), so the publish is self-contained but untrimmed.
dotnet publish src/ChaosHarness.Cli/ChaosHarness.Cli.csproj -c Release -r linux-x64 --self-contained \
  -p:InvariantGlobalization=true -p:UseAppHost=true -o "$app/bin" -nologo -v quiet
cp ChaosHarness.sln "$app/"

# Every library the app host and its native parts link against, plus OpenSSL, which .NET loads at run time
# (the fleet's API servers serve TLS and mint their certificates).
libraries() {
  for binary in "$app/bin/chaos" "$app"/bin/*.so "$@"; do
    ldd "$binary" 2>/dev/null | awk '/=> \// { print $3 } /^[ \t]*\// { print $1 }'
  done | grep -v "^$root/"
}
openssl=()
for name in libssl.so.3 libcrypto.so.3; do
  path=$(ldconfig -p | awk -v n="$name" '$1 == n && /x86-64/ { print $NF; exit }')
  [ -n "$path" ] || { echo "build-local-image: $name not found on this machine" >&2; exit 1; }
  openssl+=("$path")
done
for library in $(libraries "${openssl[@]}" | sort -u) "${openssl[@]}"; do
  mkdir -p "$root$(dirname "$library")"
  cp -L "$library" "$root$library"
done
# ld.so finds libraries in /lib/x86_64-linux-gnu and /usr/lib/x86_64-linux-gnu without a cache; /lib64 holds the loader.
ls "$root/lib64/ld-linux-x86-64.so.2" >/dev/null

tar -C "$root" -c . | docker import \
  --change 'WORKDIR /opt/chaos' \
  --change 'ENV PATH=/opt/chaos/bin DOTNET_gcServer=0 DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1' \
  --change 'ENTRYPOINT ["/opt/chaos/bin/chaos"]' \
  --change 'CMD ["gameday"]' \
  --change 'LABEL org.opencontainers.image.title=chaos-harness' \
  - "$image" >/dev/null
echo "build-local-image: $image ($(docker image inspect "$image" --format '{{.Size}}' | awk '{ printf "%d MB", $1 / 1000000 }'))"
