#!/usr/bin/env bash
# Benchmarks Tollgate against nginx as a plain reverse proxy, all on loopback, and prints a
# markdown table. Usage: bash bench/run.sh <build-dir> [--quick]   (see bench/README.md)
#
# Environment: NGINX and TOLLGATE (paths of the binaries), BENCH_THREADS (load generator
# threads, 1 or 2), BENCH_KEEP=1 (keep the temporary directory with configs and logs),
# BENCH_STRICT=1 (exit 1 when a target is not met), BENCH_REPS (repetitions, default 3).
set -euo pipefail

usage() {
    echo "usage: bash bench/run.sh <build-dir> [--quick]" >&2
    exit 2
}
die() {
    echo "bench: $*" >&2
    exit 1
}

[ $# -ge 1 ] || usage
BUILD_DIR=$1
shift
QUICK=0
for arg in "$@"; do
    case $arg in
    --quick) QUICK=1 ;;
    *) usage ;;
    esac
done

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"
[ -f "$BUILD_DIR/CMakeCache.txt" ] || die "$BUILD_DIR is not a configured build directory"
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)
LOADGEN=$BUILD_DIR/bench/tollgate-loadgen
# The server binary: in a build with the desktop manager, `tollgate-headless` is the same program
# linked without it (what -DTOLLGATE_GUI=OFF builds, and what a server runs); it needs no display
# libraries mapped, so its memory is what a server deployment uses.
if [ -z "${TOLLGATE:-}" ]; then
    TOLLGATE=$BUILD_DIR/app/tollgate
    [ -x "$BUILD_DIR/app/tollgate-headless" ] && TOLLGATE=$BUILD_DIR/app/tollgate-headless
fi
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
THREADS=${BENCH_THREADS:-1}
[ -x "$NGINX" ] || die "nginx not found (install nginx-light, or set NGINX=/path/to/nginx)"

if [ "$QUICK" = 1 ]; then
    DURATION=3 WARMUP=1 OPEN_WARMUP=1 REPS=1 SERIAL_DURATION=2
else
    DURATION=10 WARMUP=2 OPEN_WARMUP=1 REPS=3 SERIAL_DURATION=4
fi
# More repetitions steady the medians on a noisy machine, the p99 at 1,000 req/s above all.
REPS=${BENCH_REPS:-$REPS}
case $REPS in '' | *[!0-9]* | 0) die "BENCH_REPS must be a whole number from 1" ;; esac
CONNECTIONS=64
PIN_LOADGEN=() # a command that run_load puts before the load generator (taskset, for one phase)
RATE=1000
STREAMS=1000
STREAM_TIMEOUT=20 # seconds for all streams of one run
OPEN_TIMEOUT=5 # per request at the fixed rate; also the grace after the last due request

# ---- build the two binaries (make bench has built everything already; this is cheap then) ----
cmake --build "$BUILD_DIR" --target tollgate-loadgen >/dev/null || die "building tollgate-loadgen failed"
[ -x "$LOADGEN" ] || die "$LOADGEN missing after the build"
TOLLGATE_SKIP=""
BUILD_LOG=$(mktemp /tmp/tollgate-bench-build.XXXXXX)
if ! cmake --build "$BUILD_DIR" --target "$(basename "$TOLLGATE")" >"$BUILD_LOG" 2>&1; then
    TOLLGATE_SKIP="building the tollgate target failed"
    echo "bench: building tollgate failed; last lines:" >&2
    grep -E "error|FAILED" "$BUILD_LOG" | tail -n 10 >&2 || tail -n 10 "$BUILD_LOG" >&2
elif [ ! -x "$TOLLGATE" ]; then
    TOLLGATE_SKIP="$TOLLGATE does not exist"
fi
rm -f "$BUILD_LOG"

# ---- temporary directory, processes we start, cleanup ----
WORK=$(mktemp -d /tmp/tollgate-bench.XXXXXX)
chmod 755 "$WORK" # nginx workers drop root privileges and still need to reach their paths
STARTED_PIDS=()
cleanup() {
    local pid
    for pid in "${STARTED_PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${STARTED_PIDS[@]}"; do
        for _ in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [ "${BENCH_KEEP:-0}" = 1 ]; then
        echo "bench: kept $WORK" >&2
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS=$BENCH_DIR/results/$STAMP
mkdir -p "$RESULTS"

# wait_http URL SECONDS PID: succeeds once URL answers 2xx; fails when PID exits or time is up.
wait_http() {
    local url=$1 seconds=$2 pid=$3 deadline
    deadline=$((SECONDS + seconds))
    while [ $SECONDS -lt $deadline ]; do
        kill -0 "$pid" 2>/dev/null || return 1
        if "$LOADGEN" --probe --url "$url" --timeout 1 >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# kib_field PID FIELD: VmHWM / VmRSS of a process in KiB (0 when it is gone).
kib_field() {
    awk -v f="$2:" '$1 == f { print $2; found = 1 } END { if (!found) print 0 }' "/proc/$1/status" 2>/dev/null || echo 0
}

# family PID: the process and its children (nginx's master and workers).
family() {
    echo "$1"
    grep -l "^PPid:[[:space:]]*$1\$" /proc/[0-9]*/status 2>/dev/null | sed 's|/proc/\([0-9]*\)/status|\1|'
}

# Peak RSS of an nginx instance: master plus workers.
nginx_peak_kib() {
    local total=0 pid
    for pid in $(family "$1"); do
        total=$((total + $(kib_field "$pid" VmHWM)))
    done
    echo "$total"
}

# cpu_ticks PID...: user + system CPU of the processes (all their threads) and of their child
# processes (nginx's workers), in clock ticks.
cpu_ticks() {
    local total=0 pid member
    for pid in "$@"; do
        for member in $(family "$pid"); do
            total=$((total + $(awk '{ print $14 + $15 }' "/proc/$member/stat" 2>/dev/null || echo 0)))
        done
    done
    echo "$total"
}

# jnum FILE KEY: a number from the loadgen's flat JSON object.
jnum() {
    sed -n "s/.*\"$2\":\(-\{0,1\}[0-9.]*\).*/\1/p" "$1" | head -n1
}

median() {
    tr ' ' '\n' | awk 'NF { v[n++] = $1 } END { if (n == 0) { print ""; exit } for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t } print (n % 2) ? v[int(n / 2)] : (v[n / 2 - 1] + v[n / 2]) / 2 }'
}

# ---- static upstream and nginx proxy ----
pick_port UPORT
pick_port PPORT
pick_port TPORT

start_nginx upstream "$BENCH_DIR/upstream.conf.in" "$UPORT"
UPSTREAM_PID=$LAST_PID
wait_http "http://127.0.0.1:$UPORT/v1/models" 10 "$UPSTREAM_PID" || {
    cat "$WORK/upstream/stdout.log" "$WORK/upstream/error.log" >&2 2>/dev/null || true
    die "the static upstream nginx did not come up"
}
start_nginx proxy "$BENCH_DIR/proxy.conf.in" "$PPORT" "$UPORT"
PROXY_PID=$LAST_PID
wait_http "http://127.0.0.1:$PPORT/v1/models" 10 "$PROXY_PID" || {
    cat "$WORK/proxy/stdout.log" "$WORK/proxy/error.log" >&2 2>/dev/null || true
    die "the nginx proxy did not come up"
}

# ---- tollgate ----
TOLLGATE_PID=""
TOLLGATE_IDLE_KIB=""
write_tollgate_config "$WORK/tollgate.yaml" "$TPORT" "$UPORT"
if [ -z "$TOLLGATE_SKIP" ]; then
    mkdir -p "$WORK/tollgate-data"
    "$TOLLGATE" serve --config "$WORK/tollgate.yaml" --listen "127.0.0.1:$TPORT" \
        --data-dir "$WORK/tollgate-data" >"$WORK/tollgate.log" 2>&1 &
    TOLLGATE_PID=$!
    STARTED_PIDS+=("$TOLLGATE_PID")
    if wait_http "http://127.0.0.1:$TPORT/healthz" 10 "$TOLLGATE_PID"; then
        TOLLGATE_IDLE_KIB=$(kib_field "$TOLLGATE_PID" VmRSS)
        probe=$("$LOADGEN" --probe --url "http://127.0.0.1:$TPORT/v1/chat/completions" \
            --body "$BENCH_DIR/request-chat.json" --timeout 5 2>&1) ||
            TOLLGATE_SKIP="POST /v1/chat/completions did not answer 2xx: $(echo "$probe" | sed -n 's/.*"last_error":"\([^"]*\)".*/\1/p')"
    elif kill -0 "$TOLLGATE_PID" 2>/dev/null; then
        TOLLGATE_SKIP="GET /healthz did not answer 200 within 10 s"
    else
        TOLLGATE_SKIP="tollgate serve exited during start-up"
    fi
    if [ -n "$TOLLGATE_SKIP" ]; then
        echo "bench: last lines of tollgate's log:" >&2
        tail -n 15 "$WORK/tollgate.log" >&2 || true
    fi
fi
TARGETS=(direct nginx)
if [ -n "$TOLLGATE_SKIP" ]; then
    echo "bench: SKIPPING the tollgate column: $TOLLGATE_SKIP" >&2
else
    TARGETS+=(tollgate)
fi

chat_url() {
    case $1 in
    direct) echo "http://127.0.0.1:$UPORT/v1/chat/completions" ;;
    nginx) echo "http://127.0.0.1:$PPORT/v1/chat/completions" ;;
    tollgate) echo "http://127.0.0.1:$TPORT/v1/chat/completions" ;;
    esac
}
stream_url() {
    case $1 in
    direct) echo "http://127.0.0.1:$UPORT/stream/v1/chat/completions" ;;
    nginx) echo "http://127.0.0.1:$PPORT/stream/v1/chat/completions" ;;
    tollgate) echo "http://127.0.0.1:$TPORT/v1/chat/completions" ;; # model bench-stream routes it
    esac
}

# The process that answers for a target: the upstream itself for direct.
server_pid() {
    case $1 in
    direct) echo "$UPSTREAM_PID" ;;
    nginx) echo "$PROXY_PID" ;;
    tollgate) echo "$TOLLGATE_PID" ;;
    esac
}

# run_load NAME TARGET WARMUP ARGS...: one loadgen run, JSON saved under results/. The CPU the
# target's server process used in the measured seconds (after WARMUP) is saved next to it, in
# clock ticks, in NAME.cpu.
run_load() {
    local name=$1 target=$2 warmup=$3 out pid lg before after
    shift 3
    out=$RESULTS/$name.json
    if [ "$target" = tollgate ] && ! kill -0 "$TOLLGATE_PID" 2>/dev/null; then
        echo "bench: tollgate is no longer running; $name not measured" >&2
        return 0
    fi
    pid=$(server_pid "$target")
    "${PIN_LOADGEN[@]}" "$LOADGEN" --label "$target" --threads "$THREADS" --warmup "$warmup" "$@" >"$out" &
    lg=$!
    sleep "$warmup"
    before=$(cpu_ticks "$pid")
    if ! wait "$lg"; then
        echo "bench: $name failed" >&2
        rm -f "$out"
        return 0
    fi
    after=$(cpu_ticks "$pid")
    echo $((after - before)) >"$RESULTS/$name.cpu"
    cat "$out" >>"$RESULTS/all.jsonl"
    printf '  %-22s %s\n' "$name" "$(sed -e 's/.*"rps":\([0-9.]*\).*"errors":\([0-9]*\).*"p50_us":\([0-9.]*\).*"p99_us":\([0-9.]*\).*/rps=\1 errors=\2 p50=\3us p99=\4us/' \
        -e 's/.*"completed":\([0-9]*\),"failed":\([0-9]*\).*"time_to_complete_all_ms":\([-0-9.]*\).*/completed=\1 failed=\2 all_done_ms=\3/' "$out")" >&2
}

echo "bench: tollgate binary $TOLLGATE" >&2
echo "bench: upstream :$UPORT, nginx :$PPORT, tollgate :$TPORT; ${DURATION}s runs, $REPS repetition(s); results in $RESULTS" >&2
for rep in $(seq "$REPS"); do
    for t in "${TARGETS[@]}"; do
        run_load "closed-$t-$rep" "$t" "$WARMUP" --url "$(chat_url "$t")" --body "$BENCH_DIR/request-chat.json" \
            --vary VARYWORD --connections "$CONNECTIONS" --duration "$DURATION"
    done
    for t in "${TARGETS[@]}"; do
        run_load "open-$t-$rep" "$t" "$OPEN_WARMUP" --url "$(chat_url "$t")" --body "$BENCH_DIR/request-chat.json" \
            --vary VARYWORD --rate "$RATE" --connections "$CONNECTIONS" --duration "$DURATION" \
            --timeout "$OPEN_TIMEOUT"
    done
done
for t in "${TARGETS[@]}"; do
    run_load "streams-$t" "$t" 0 --url "$(stream_url "$t")" --body "$BENCH_DIR/request-stream.json" \
        --streams "$STREAMS" --timeout "$STREAM_TIMEOUT"
done

# ---- one request at a time, all on one core ----
# Every process is pinned to one CPU and a single connection sends each request when the last
# one is answered: no request waits for another core to wake up, and caches stay warm. What is
# left is each proxy's own work on a request; shown for comparison, not a target.
pin_servers() { # pin_servers CPULIST
    local pid
    for pid in $(family "$UPSTREAM_PID") $(family "$PROXY_PID") ${TOLLGATE_PID:+$(family "$TOLLGATE_PID")}; do
        taskset -a -p -c "$1" "$pid" >/dev/null 2>&1 || true
    done
}
ALL_CPUS=$(taskset -p -c $$ | sed 's/.*: //')
ONE_CPU=$(echo "$ALL_CPUS" | cut -d, -f1 | cut -d- -f1)
pin_servers "$ONE_CPU"
PIN_LOADGEN=(taskset -c "$ONE_CPU")
for rep in $(seq "$REPS"); do
    for t in "${TARGETS[@]}"; do
        run_load "serial-$t-$rep" "$t" 1 --url "$(chat_url "$t")" --body "$BENCH_DIR/request-chat.json" \
            --vary VARYWORD --connections 1 --duration "$SERIAL_DURATION"
    done
done
PIN_LOADGEN=()
pin_servers "$ALL_CPUS"

# ---- memory ----
declare -A PEAK_KIB
PEAK_KIB[direct]=$(nginx_peak_kib "$UPSTREAM_PID")
PEAK_KIB[nginx]=$(nginx_peak_kib "$PROXY_PID")
if [ -n "$TOLLGATE_PID" ] && [ -z "$TOLLGATE_SKIP" ]; then
    PEAK_KIB[tollgate]=$(kib_field "$TOLLGATE_PID" VmHWM)
fi

# ---- table ----
declare -A RPS CPU_US P50 P99 SERIAL_P50 ERRS STREAM_DONE STREAM_FAILED STREAM_MS
TICK_US=$(awk -v hz="$(getconf CLK_TCK)" 'BEGIN { print 1000000 / hz }')
for t in direct nginx tollgate; do
    files=$(ls "$RESULTS"/closed-"$t"-*.json 2>/dev/null || true)
    RPS[$t]=$(for f in $files; do jnum "$f" rps; done | median)
    # CPU per answered request of the server process: its ticks in the measured seconds over the
    # requests answered in them.
    CPU_US[$t]=$(for f in $files; do
        [ -f "${f%.json}.cpu" ] && awk -v t="$(cat "${f%.json}.cpu")" -v n="$(jnum "$f" requests)" -v us="$TICK_US" \
            'BEGIN { if (n > 0) printf "%.1f\n", t * us / n }'
    done | median)
    files=$(ls "$RESULTS"/serial-"$t"-*.json 2>/dev/null || true)
    SERIAL_P50[$t]=$(for f in $files; do jnum "$f" p50_us; done | median)
    files=$(ls "$RESULTS"/open-"$t"-*.json 2>/dev/null || true)
    P50[$t]=$(for f in $files; do jnum "$f" p50_us; done | median)
    P99[$t]=$(for f in $files; do jnum "$f" p99_us; done | median)
    ERRS[$t]=$(for f in "$RESULTS"/closed-"$t"-*.json "$RESULTS"/open-"$t"-*.json "$RESULTS"/serial-"$t"-*.json; do
        if [ -f "$f" ]; then jnum "$f" errors; fi
    done | awk '{ s += $1; n++ } END { if (n) print s }')
    f=$RESULTS/streams-$t.json
    if [ -f "$f" ]; then
        STREAM_DONE[$t]=$(jnum "$f" completed)
        STREAM_FAILED[$t]=$(jnum "$f" failed)
        STREAM_MS[$t]=$(jnum "$f" time_to_complete_all_ms)
    fi
done

fmt() { # fmt VALUE DECIMALS: "—" for a missing value
    if [ -z "$1" ]; then echo "—"; else awk -v v="$1" -v d="$2" 'BEGIN { printf "%.*f", d, v }'; fi
}
calc() { awk "BEGIN { printf \"%.1f\", $1 }"; }
verdict() { # verdict CONDITION (awk expression), or "n/a" when a value is missing
    if [ -z "$2" ]; then echo "n/a"; elif awk "BEGIN { exit !($1) }"; then echo "met"; else echo "NOT MET"; fi
}

added() { # added TARGET P50|P99
    local v d
    if [ "$2" = P50 ]; then v=${P50[$1]:-}; d=${P50[direct]:-}; else v=${P99[$1]:-}; d=${P99[direct]:-}; fi
    if [ -n "$v" ] && [ -n "$d" ]; then calc "$v - $d"; fi
}

serial_added() { # serial_added TARGET
    local v=${SERIAL_P50[$1]:-} d=${SERIAL_P50[direct]:-}
    if [ -n "$v" ] && [ -n "$d" ]; then calc "$v - $d"; fi
}

ADDED_P50_N=$(added nginx P50)
ADDED_P99_N=$(added nginx P99)
ADDED_P50_T=$(added tollgate P50)
ADDED_P99_T=$(added tollgate P99)
RATIO=""
if [ -n "${RPS[tollgate]:-}" ] && [ -n "${RPS[nginx]:-}" ]; then
    RATIO=$(awk -v t="${RPS[tollgate]}" -v n="${RPS[nginx]}" 'BEGIN { if (n > 0) printf "%.2f", t / n }')
fi
# Each repetition runs nginx and then Tollgate back to back: their ratio is less exposed to the
# machine's load drifting between repetitions than the ratio of the medians.
PAIRED=""
for rep in $(seq "$REPS"); do
    n=$RESULTS/closed-nginx-$rep.json
    t=$RESULTS/closed-tollgate-$rep.json
    if [ -f "$n" ] && [ -f "$t" ]; then
        PAIRED="$PAIRED $(awk -v t="$(jnum "$t" rps)" -v n="$(jnum "$n" rps)" 'BEGIN { if (n > 0) printf "%.2f", t / n }')"
    fi
done
PAIRED=${PAIRED# }
mb() { if [ -z "$1" ]; then echo "—"; else awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; fi; }
streams_cell() { if [ -z "${STREAM_DONE[$1]:-}" ]; then echo "—"; else echo "${STREAM_DONE[$1]} / ${STREAM_FAILED[$1]}"; fi; }
stream_ms_cell() { local v=${STREAM_MS[$1]:-}; if [ -z "$v" ] || [ "$v" = "-1.0" ]; then echo "—"; else fmt "$v" 0; fi; }

V_RPS=$(verdict "${RATIO:-0} >= 0.7" "$RATIO")
V_P50=$(verdict "${ADDED_P50_T:-0} <= ${ADDED_P50_N:-0}" "$ADDED_P50_T")
V_P99=$(verdict "${ADDED_P99_T:-0} <= ${ADDED_P99_N:-0}" "$ADDED_P99_T")
V_STREAMS=$(verdict "${STREAM_DONE[tollgate]:-0} == $STREAMS && ${STREAM_FAILED[tollgate]:-1} == 0" "${STREAM_DONE[tollgate]:-}")
V_IDLE=$(verdict "${TOLLGATE_IDLE_KIB:-0} < 30 * 1024" "$TOLLGATE_IDLE_KIB")
MEDIAN_NOTE="median of $REPS"
[ "$REPS" = 1 ] && MEDIAN_NOTE="1 run"

TABLE=$RESULTS/summary.md
{
    echo "Tollgate vs nginx (reverse proxy) on loopback, $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ); ${DURATION}s runs, $MEDIAN_NOTE"
    echo
    echo "| measure | direct | nginx | tollgate | tollgate / nginx | target | result |"
    echo "|---|---:|---:|---:|---:|---|---|"
    echo "| throughput, closed loop, $CONNECTIONS conns (req/s, $MEDIAN_NOTE) | $(fmt "${RPS[direct]:-}" 0) | $(fmt "${RPS[nginx]:-}" 0) | $(fmt "${RPS[tollgate]:-}" 0) | ${RATIO:-—}${RATIO:+x} | >= 0.7x nginx | $V_RPS |"
    echo "| throughput ratio of each repetition (tollgate / nginx, run back to back) | | | | ${PAIRED:-—} | | |"
    echo "| CPU per request of the server process, closed loop (µs, $MEDIAN_NOTE) | $(fmt "${CPU_US[direct]:-}" 1) | $(fmt "${CPU_US[nginx]:-}" 1) | $(fmt "${CPU_US[tollgate]:-}" 1) | | | |"
    echo "| p50 at $RATE req/s (µs) | $(fmt "${P50[direct]:-}" 0) | $(fmt "${P50[nginx]:-}" 0) | $(fmt "${P50[tollgate]:-}" 0) | | | |"
    echo "| p99 at $RATE req/s (µs) | $(fmt "${P99[direct]:-}" 0) | $(fmt "${P99[nginx]:-}" 0) | $(fmt "${P99[tollgate]:-}" 0) | | | |"
    echo "| added p50 over direct (µs) | — | $(fmt "$ADDED_P50_N" 0) | $(fmt "$ADDED_P50_T" 0) | | <= nginx | $V_P50 |"
    echo "| added p99 over direct (µs) | — | $(fmt "$ADDED_P99_N" 0) | $(fmt "$ADDED_P99_T" 0) | | <= nginx | $V_P99 |"
    echo "| p50, one request at a time, all on one core (µs, $MEDIAN_NOTE) | $(fmt "${SERIAL_P50[direct]:-}" 1) | $(fmt "${SERIAL_P50[nginx]:-}" 1) | $(fmt "${SERIAL_P50[tollgate]:-}" 1) | | | |"
    echo "| added p50, one request at a time, all on one core (µs) | — | $(fmt "$(serial_added nginx)" 1) | $(fmt "$(serial_added tollgate)" 1) | | | |"
    echo "| $STREAMS concurrent streams, completed / failed | $(streams_cell direct) | $(streams_cell nginx) | $(streams_cell tollgate) | | all complete | $V_STREAMS |"
    echo "| time until all streams completed (ms) | $(stream_ms_cell direct) | $(stream_ms_cell nginx) | $(stream_ms_cell tollgate) | | | |"
    echo "| errors in throughput and latency runs | ${ERRS[direct]:-—} | ${ERRS[nginx]:-—} | ${ERRS[tollgate]:-—} | | | |"
    echo "| peak RSS (MB) | $(mb "${PEAK_KIB[direct]:-}") | $(mb "${PEAK_KIB[nginx]:-}") | $(mb "${PEAK_KIB[tollgate]:-}") | | | |"
    echo "| idle RSS (MB) | | | $(mb "$TOLLGATE_IDLE_KIB") | | < 30 MB | $V_IDLE |"
    if [ -n "$TOLLGATE_SKIP" ]; then
        echo
        echo "**tollgate not measured: $TOLLGATE_SKIP**"
    fi
} >"$TABLE"
echo
cat "$TABLE"
echo
echo "JSON results: $RESULTS"

if [ -n "$TOLLGATE_SKIP" ]; then
    exit 3
fi
if [ "${BENCH_STRICT:-0}" = 1 ] && grep -q "NOT MET" "$TABLE"; then
    exit 1
fi
exit 0
