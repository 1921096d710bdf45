#!/usr/bin/env bash
# Installs what ChaosHarness needs on a fresh Debian machine with the .NET SDK. Idempotent; quick when all is there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_kubectl() {
  command -v kubectl >/dev/null 2>&1 || { echo "setup: kubectl is missing from PATH; the kubectl tests need the installed builds 1.27-1.33" >&2; exit 1; }
}

need_kubectl
dotnet restore ChaosHarness.sln -nologo -v quiet
