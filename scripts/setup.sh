#!/usr/bin/env bash
# Installs what ChaosHarness needs on a fresh Debian machine with the .NET SDK. Idempotent; quick when all is there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_kubectl() {
  command -v kubectl >/dev/null 2>&1 || { echo "setup: kubectl is missing from PATH; the kubectl tests need the installed builds 1.27-1.33" >&2; exit 1; }
}

need_moto() {
  # The Aws tests start moto (the AWS emulator) per fixture: python3 -m moto.server. The machine image ships moto 5.2.1.
  python3 -c "import moto.server" 2>/dev/null || { echo "setup: python3 cannot import moto.server; the Aws tests need moto (5.2.1) with its server extras" >&2; exit 1; }
}

need_kubectl
need_moto
# Regions in containers (tests/ChaosHarness.Containers.Tests) need a Docker engine.
scripts/start-docker.sh
scripts/install-report-tools.sh
dotnet restore ChaosHarness.sln -nologo -v quiet
