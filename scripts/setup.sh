#!/usr/bin/env bash
# Installs the Debian 12 packages Confab builds with, when any is missing.
# Sourced by run.sh and test.sh; safe to run again (it installs nothing when all are present).
set -euo pipefail

CONFAB_PACKAGES=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    qt6-qpa-plugins qt6-image-formats-plugins libqt6sql6-sqlite libgl-dev
    qt6-translations-l10n libsimdjson-dev qtkeychain-qt6-dev libdeflate-dev
)

missing=()
for pkg in "${CONFAB_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done

if ((${#missing[@]})); then
    echo "Installing missing packages: ${missing[*]}"
    if [[ $(id -u) -eq 0 ]]; then
        SUDO=()
    elif command -v sudo >/dev/null; then
        SUDO=(sudo)
    else
        echo "error: packages missing (${missing[*]}) and neither root nor sudo is available" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${SUDO[@]}" apt-get update
    "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi
