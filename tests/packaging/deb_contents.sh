#!/usr/bin/env bash
# Builds the Debian package of a configured and built tree into a temporary directory and checks
# what is inside. Usage: deb_contents.sh BUILD_DIR TOLLGATE_BINARY
set -euo pipefail
build_dir=$1
binary=$2
[ -x "$binary" ] || { echo "FAIL: $binary is not built"; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$out" >"$out/cpack.log" 2>&1 || {
    cat "$out/cpack.log"; echo "FAIL: cpack"; exit 1; }
shopt -s nullglob
debs=("$out"/*.deb)
[ ${#debs[@]} -eq 1 ] || { cat "$out/cpack.log"; echo "FAIL: expected one .deb, got ${#debs[@]}"; exit 1; }
deb=${debs[0]}

contents=$(dpkg-deb -c "$deb")
status=0
for path in \
    ./usr/bin/tollgate \
    ./usr/share/applications/org.tollgate.Tollgate.desktop \
    ./usr/share/metainfo/org.tollgate.Tollgate.metainfo.xml \
    ./usr/share/icons/hicolor/scalable/apps/org.tollgate.Tollgate.svg \
    ./usr/share/icons/hicolor/256x256/apps/org.tollgate.Tollgate.png \
    ./usr/lib/systemd/system/tollgate.service; do
    if ! grep -qE " ${path//./\\.}\$" <<<"$contents"; then
        echo "FAIL: $path is not in $(basename "$deb")"
        status=1
    fi
done
# The binary is executable.
grep -E " \./usr/bin/tollgate\$" <<<"$contents" | grep -q '^-rwx' || { echo "FAIL: tollgate not executable"; status=1; }

depends=$(dpkg-deb -f "$deb" Depends)
for dep in libqt6core6 libqt6widgets6 libcurl4 libqt6sql6-sqlite libqt6svg6; do
    if ! grep -q "\b$dep\b" <<<"$depends"; then
        echo "FAIL: Depends lacks $dep: $depends"
        status=1
    fi
done
[ "$(dpkg-deb -f "$deb" Package)" = tollgate ] || { echo "FAIL: package name"; status=1; }
[ $status -eq 0 ] && echo "OK: $(basename "$deb"): Depends: $depends"
exit $status
