#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs and starts what the tests need, then runs every test project.
# Usage: scripts/test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

scripts/setup.sh

results="$root/reports/test-results"
rm -rf "$results"
mkdir -p "$results"

status=0
dotnet build ChaosHarness.sln -c Release -nologo -clp:ErrorsOnly || exit 1
for project in tests/*/*.csproj experiments/*/*.csproj; do
  name=$(basename "$project" .csproj)
  echo "=== $name"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" || status=1
done

python3 scripts/summarise-trx.py "$results"/*.trx || status=1
exit $status
