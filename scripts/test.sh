#!/usr/bin/env bash
# Installs what is missing, builds Confab in Release and runs the whole CTest suite headless.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${CONFAB_BUILD_DIR:-$root/build}

"$root/scripts/setup.sh"
"$root/scripts/build.sh"

export QT_QPA_PLATFORM=offscreen
# No test may reach the network; the proxy variables of the caller must not route loopback traffic.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
ctest --test-dir "$build" --output-on-failure --timeout 300 "$@"
