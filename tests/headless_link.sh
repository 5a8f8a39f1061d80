#!/usr/bin/env bash
# The headless binary links no GUI module and runs without a display.
set -euo pipefail
bin="$1"
if ldd "$bin" | grep -E 'libQt6(Gui|Widgets|Charts|OpenGL)|libX11|libxcb|libGL'; then
    echo "FAIL: $bin links display libraries (above)"
    exit 1
fi
env -u DISPLAY -u WAYLAND_DISPLAY QT_QPA_PLATFORM= "$bin" --help | grep -q "config check" || { echo "FAIL: --help"; exit 1; }
echo "OK: $bin needs no display library"
