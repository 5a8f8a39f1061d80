#!/usr/bin/env bash
# The desktop manager under load: starts `tollgate` (the GUI build) offscreen in demo mode with
# the demo's traffic generator at a fixed rate, samples once a second the UI thread's CPU, the
# process RSS, its open descriptors and the request rate the gateway achieved, and prints a
# markdown table.
# Usage: bash bench/ui/run.sh <build-dir> [--minutes N] [--rate N]   (see bench/README.md)
#
# Environment: TOLLGATE (path of the GUI binary), BENCH_KEEP=1 (keep the temporary directory),
# BENCH_STRICT=1 (exit 1 when a target is not met), BENCH_WARMUP (seconds left out of the
# statistics, default 15), TOLLGATE_SKIP_BUILD=1 (do not build the tollgate target first).
set -euo pipefail

usage() {
    echo "usage: bash bench/ui/run.sh <build-dir> [--minutes N] [--rate N]" >&2
    exit 2
}
die() {
    echo "bench/ui: $*" >&2
    exit 1
}

[ $# -ge 1 ] || usage
BUILD_DIR=$1
shift
MINUTES=60
RATE=2000
while [ $# -gt 0 ]; do
    case $1 in
    --minutes) [ $# -ge 2 ] || usage; MINUTES=$2; shift 2 ;;
    --rate) [ $# -ge 2 ] || usage; RATE=$2; shift 2 ;;
    *) usage ;;
    esac
done
[[ $MINUTES =~ ^[0-9]+$ ]] && [ "$MINUTES" -ge 1 ] || die "--minutes wants a whole number of minutes, at least 1"
[[ $RATE =~ ^[0-9]+$ ]] && [ "$RATE" -ge 1 ] && [ "$RATE" -le 5000 ] || die "--rate wants requests per second, 1 to 5000"
WARMUP=${BENCH_WARMUP:-15}
DURATION=$((MINUTES * 60))

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/../lib.sh"
[ -f "$BUILD_DIR/CMakeCache.txt" ] || die "$BUILD_DIR is not a configured build directory"
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)
grep -q '^TOLLGATE_GUI:BOOL=ON' "$BUILD_DIR/CMakeCache.txt" || die "$BUILD_DIR is built without the desktop manager (-DTOLLGATE_GUI=ON)"
TOLLGATE=${TOLLGATE:-$BUILD_DIR/app/tollgate}
if [ -z "${TOLLGATE_SKIP_BUILD:-}" ]; then
    cmake --build "$BUILD_DIR" --target tollgate >/dev/null || die "building tollgate failed"
fi
[ -x "$TOLLGATE" ] || die "$TOLLGATE missing"
CLK_TCK=$(getconf CLK_TCK)

WORK=$(mktemp -d /tmp/tollgate-ui-bench.XXXXXX)
APP_PID=""
cleanup() {
    if [ -n "$APP_PID" ]; then
        kill -TERM "$APP_PID" 2>/dev/null || true
        for _ in $(seq 100); do
            kill -0 "$APP_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$APP_PID" 2>/dev/null || true
        wait "$APP_PID" 2>/dev/null || true
    fi
    if [ "${BENCH_KEEP:-0}" = 1 ]; then
        echo "bench/ui: kept $WORK" >&2
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM


STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS=$BENCH_DIR/../results/ui-$STAMP
mkdir -p "$RESULTS"
pick_port PORT
cat >"$WORK/tollgate.yaml" <<YAML
server:
  listen: 127.0.0.1:$PORT
providers: []
YAML
mkdir -p "$WORK/config" "$WORK/data" "$WORK/share" "$WORK/cache" "$WORK/runtime"
chmod 700 "$WORK/runtime"
PROBE=$WORK/probe.log

# Settings, data and keychain of this run stay in $WORK: nothing of the user's is read or changed.
# (--option=value: the app tells the subcommand from the first word that is not an option.)
env -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY -u WAYLAND_DISPLAY \
    QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME="$WORK/config" XDG_DATA_HOME="$WORK/share" \
    XDG_CACHE_HOME="$WORK/cache" XDG_RUNTIME_DIR="$WORK/runtime" TOLLGATE_UI_PROBE="$PROBE" \
    QT_LOGGING_RULES="${QT_LOGGING_RULES:+$QT_LOGGING_RULES;}tollgate.demo.debug=true" \
    "$TOLLGATE" --config="$WORK/tollgate.yaml" --data-dir="$WORK/data" --demo --demo-rate="$RATE" \
    >"$WORK/tollgate.log" 2>&1 &
APP_PID=$!

# The first probe line means the window drew the first snapshot of a running gateway.
for _ in $(seq 300); do
    kill -0 "$APP_PID" 2>/dev/null || { tail -n 20 "$WORK/tollgate.log" >&2; die "tollgate exited during start-up"; }
    [ -s "$PROBE" ] && break
    sleep 0.1
done
[ -s "$PROBE" ] || { tail -n 20 "$WORK/tollgate.log" >&2; die "no dashboard refresh within 30 s (see $WORK/tollgate.log)"; }
echo "bench/ui: tollgate pid $APP_PID on :$PORT, demo traffic at $RATE req/s for $MINUTES min; results in $RESULTS" >&2

# ticks PID TID: utime + stime of one thread, in clock ticks (fields 14 and 15 after the comm).
ticks() {
    local line
    line=$(cat "/proc/$1/task/$2/stat" 2>/dev/null) || { echo ""; return; }
    line=${line##*) }
    awk '{ print $12 + $13 }' <<<"$line"
}
kib_field() {
    awk -v f="$2:" '$1 == f { print $2; found = 1 } END { if (!found) print 0 }' "/proc/$1/status" 2>/dev/null || echo 0
}

SAMPLES=$RESULTS/samples.tsv
echo -e "t_s\tui_cpu_pct\tprocess_cpu_pct\trss_kib\tfds" >"$SAMPLES"
START_NS=$(date +%s%N)
prev_ns=$START_NS
prev_ui=$(ticks "$APP_PID" "$APP_PID")
prev_all=$(awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$APP_PID/stat")
next=$((START_NS / 1000000 + 1000))
while :; do
    now_ms=$(($(date +%s%N) / 1000000))
    [ $next -gt $now_ms ] && sleep "$(awk -v d=$((next - now_ms)) 'BEGIN { printf "%.3f", d / 1000 }')"
    next=$((next + 1000))
    kill -0 "$APP_PID" 2>/dev/null || die "tollgate exited during the run (see $RESULTS)"
    ns=$(date +%s%N)
    ui=$(ticks "$APP_PID" "$APP_PID")
    all=$(awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$APP_PID/stat")
    rss=$(kib_field "$APP_PID" VmRSS)
    fds=$(find "/proc/$APP_PID/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
    awk -v t=$(((ns - START_NS) / 1000000)) -v dt=$((ns - prev_ns)) -v du=$((ui - prev_ui)) -v da=$((all - prev_all)) \
        -v hz="$CLK_TCK" -v rss="$rss" -v fds="$fds" \
        'BEGIN { printf "%.1f\t%.2f\t%.2f\t%d\t%d\n", t / 1000, 100 * du / hz / (dt / 1e9), 100 * da / hz / (dt / 1e9), rss, fds }' >>"$SAMPLES"
    prev_ns=$ns prev_ui=$ui prev_all=$all
    [ $(((ns - START_NS) / 1000000000)) -ge "$DURATION" ] && break
done
PEAK_KIB=$(kib_field "$APP_PID" VmHWM)
# CPU time per thread over the whole run (names set by the app: the UI thread carries the
# program's name), for finding where the time goes.
THREADS=$RESULTS/threads.txt
for task in /proc/"$APP_PID"/task/*; do
    line=$(cat "$task/stat" 2>/dev/null) || continue
    comm=${line#*(}
    comm=${comm%%)*}
    rest=${line##*) }
    awk -v c="$comm" -v tid="${task##*/}" -v hz="$CLK_TCK" '{ printf "%10.1f s  %-20s tid %s\n", ($12 + $13) / hz, c, tid }' <<<"$rest"
done | sort -rn >"$THREADS"
cp "$PROBE" "$RESULTS/probe.log"
cp "$WORK/tollgate.log" "$RESULTS/tollgate.log"

# ---- statistics (the first WARMUP seconds are left out) ----
pct() { # pct P: the P-th percentile (nearest rank) of the numbers on stdin
    sort -n | awk -v p="$1" '{ v[n++] = $1 } END { if (n == 0) { print ""; exit } i = int((p / 100) * n + 0.999999) - 1; if (i < 0) i = 0; if (i >= n) i = n - 1; print v[i] }'
}
UI_CPU=$(awk -v w="$WARMUP" 'NR > 1 && $1 >= w { print $2 }' "$SAMPLES")
ALL_CPU=$(awk -v w="$WARMUP" 'NR > 1 && $1 >= w { print $3 }' "$SAMPLES")
UI_MED=$(pct 50 <<<"$UI_CPU")
UI_P95=$(pct 95 <<<"$UI_CPU")
ALL_MED=$(pct 50 <<<"$ALL_CPU")
RSS_START=$(awk -v w="$WARMUP" 'NR > 1 && $1 >= w { print $4; exit }' "$SAMPLES")
RSS_END=$(tail -n 1 "$SAMPLES" | cut -f4)
FDS=$(awk -v w="$WARMUP" 'NR > 1 && $1 >= w { print $5 }' "$SAMPLES")
FDS_MED=$(pct 50 <<<"$FDS")
FDS_MAX=$(pct 100 <<<"$FDS")
# The traffic generator's own counters, logged every 10 s (category tollgate.demo).
DEMO_LINE=$(grep -o 'demo traffic at .*' "$WORK/tollgate.log" | tail -n 1 || true)

FIRST_MS=$(head -n 1 "$PROBE" | cut -d' ' -f1)
PROBE_STEADY=$(awk -v from=$((FIRST_MS + WARMUP * 1000)) '$1 >= from' "$PROBE")
# Achieved rate between consecutive snapshots, from the gateway's own request counter.
RATES=$(awk 'prev_t { dt = ($1 - prev_t) / 1000; if (dt > 0) print ($2 - prev_n) / dt } { prev_t = $1; prev_n = $2 }' <<<"$PROBE_STEADY")
RATE_MED=$(pct 50 <<<"$RATES")
LAGS=$(awk '$4 != "-" { n = split($4, a, ","); for (i = 1; i <= n; i++) print a[i] }' <<<"$PROBE_STEADY")
LAG_MED=$(pct 50 <<<"$LAGS")
LAG_P95=$(pct 95 <<<"$LAGS")
LAG_MAX=$(pct 100 <<<"$LAGS")
# A refresh counts when the dashboard's own total moved since the line before.
REFRESH_PER_MIN=$(awk 'NR == 1 { t0 = $1; prev = $3; next } { if ($3 > prev) n++; prev = $3; t1 = $1 } END { if (t1 > t0) printf "%.1f", n / ((t1 - t0) / 60000) }' <<<"$PROBE_STEADY")
SNAPSHOTS_PER_MIN=$(awk 'NR == 1 { t0 = $1; next } { n++; t1 = $1 } END { if (t1 > t0) printf "%.1f", n / ((t1 - t0) / 60000) }' <<<"$PROBE_STEADY")

mb() { if [ -z "$1" ]; then echo "—"; else awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; fi; }
fmt() { if [ -z "$1" ]; then echo "—"; else awk -v v="$1" -v d="$2" 'BEGIN { printf "%.*f", d, v }'; fi; }
verdict() { if [ -z "$2" ]; then echo "n/a"; elif awk "BEGIN { exit !($1) }"; then echo "met"; else echo "NOT MET"; fi; }
V_CPU=$(verdict "${UI_MED:-0} < 20" "$UI_MED")
V_RATE=$(verdict "${RATE_MED:-0} >= 0.95 * $RATE" "$RATE_MED")
V_RSS=$(verdict "${RSS_END:-0} < 150 * 1024" "$RSS_END")
[ "$MINUTES" -lt 60 ] && V_RSS="$V_RSS (target is after 60 min)"
V_REFRESH=$(verdict "${REFRESH_PER_MIN:-0} >= 50" "$REFRESH_PER_MIN")

TABLE=$RESULTS/summary.md
{
    echo "Desktop manager under demo load: $RATE req/s offered for $MINUTES min, $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ); statistics after the first ${WARMUP} s"
    echo
    echo "| measure | value | target | result |"
    echo "|---|---:|---|---|"
    echo "| achieved req/s, median (gateway's counter) | $(fmt "$RATE_MED" 0) | $RATE offered | $V_RATE |"
    echo "| UI thread CPU % of a core, median | $(fmt "$UI_MED" 1) | < 20 | $V_CPU |"
    echo "| UI thread CPU % of a core, p95 | $(fmt "$UI_P95" 1) | | |"
    echo "| whole process CPU % (all threads), median | $(fmt "$ALL_MED" 0) | | |"
    echo "| event-loop lag ms (100 ms timer), median | $(fmt "$LAG_MED" 0) | | |"
    echo "| event-loop lag ms, p95 / max | $(fmt "$LAG_P95" 0) / $(fmt "$LAG_MAX" 0) | | |"
    echo "| RSS MB, start / end / peak | $(mb "$RSS_START") / $(mb "$RSS_END") / $(mb "$PEAK_KIB") | end < 150 | $V_RSS |"
    echo "| open descriptors (sockets), median / max | ${FDS_MED:-—} / ${FDS_MAX:-—} | | |"
    echo "| dashboard refreshes per minute (snapshots per minute) | ${REFRESH_PER_MIN:-—} (${SNAPSHOTS_PER_MIN:-—}) | about 60 | $V_REFRESH |"
    echo
    echo "Traffic generator, last report: ${DEMO_LINE:-none}"
    echo
    echo "CPU time per thread over the run (top 6):"
    echo
    echo '```'
    head -n 6 "$THREADS"
    echo '```'
} >"$TABLE"
echo
cat "$TABLE"
echo
echo "samples, probe log, threads and app log: $RESULTS"
if [ "${BENCH_STRICT:-0}" = 1 ] && grep -q "NOT MET" "$TABLE"; then
    exit 1
fi
exit 0
