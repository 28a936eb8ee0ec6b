#!/usr/bin/env bash
# Installs what is missing, builds Confab in Release and starts it. Arguments go to confab.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${CONFAB_BUILD_DIR:-$root/build}

"$root/scripts/setup.sh"
"$root/scripts/build.sh"
exec "$build/src/app/confab" "$@"
