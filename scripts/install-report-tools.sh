#!/usr/bin/env bash
# Installs what report generation and the browser check need, on a fresh Debian machine; quick when all is there.
#  - the Allure 2 command line, pinned by tools/allure/package-lock.json, into tools/allure/node_modules (Java 17 runs it)
#  - Debian's chromium, which the Browser tests drive headless
set -euo pipefail
cd "$(dirname "$0")/.."

allure_dir=tools/allure
pinned=$(node -p "require('./$allure_dir/package-lock.json').packages['node_modules/allure-commandline'].version")
installed=$(node -p "try { require('./$allure_dir/node_modules/allure-commandline/package.json').version } catch { '' }")
if [ "$installed" != "$pinned" ]; then
  echo "install-report-tools: allure-commandline $pinned"
  (cd "$allure_dir" && npm ci --no-audit --no-fund --loglevel=error)
fi

command -v java >/dev/null 2>&1 || { echo "install-report-tools: java (17 or newer) is missing; the Allure 2 command line needs it" >&2; exit 1; }

if [ ! -x /usr/bin/chromium ]; then
  echo "install-report-tools: chromium (Debian)"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi
