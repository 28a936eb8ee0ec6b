#!/usr/bin/env bash
# Draws resources/icons/confab-N.png from confab.svg, for the window and the icon theme.
# Run it after changing the SVG; it needs rsvg-convert (Debian: librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/../resources/icons"
for side in 16 22 24 32 48 64 128 256; do
    rsvg-convert -w "$side" -h "$side" confab.svg -o "confab-$side.png"
done
