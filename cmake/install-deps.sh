#!/usr/bin/env bash
# Installs the Debian 12 packages Tollgate builds and tests with, when any is missing.
# Called by `make run` and `make test`; safe to run again (does nothing when all are present).
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite libgl-dev libqt6svg6
    qt6-charts-dev libqt6opengl6-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qtkeychain-qt6-dev
    libcurl4-openssl-dev zlib1g-dev libssl-dev libboost-dev libyaml-cpp-dev rapidjson-dev libsqlite3-dev libmimalloc-dev
    nginx-light openssl desktop-file-utils appstream dpkg-dev fakeroot
    dbus-daemon dbus-bin gnome-keyring   # the keychain test: a private session bus and a Secret Service
    nodejs npm
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
# Node may come from elsewhere than Debian (e.g. a preinstalled /usr/bin/node with its own npm).
if command -v node >/dev/null && command -v npm >/dev/null; then
    filtered=()
    for p in "${missing[@]}"; do
        case "$p" in nodejs|npm) ;; *) filtered+=("$p") ;; esac
    done
    missing=("${filtered[@]}")
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
