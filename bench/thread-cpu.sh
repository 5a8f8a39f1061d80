#!/usr/bin/env bash
# CPU per proxied request of each Tollgate thread under closed-loop load, all on 127.0.0.1:
# the static nginx upstream of bench/upstream.conf.in, `tollgate serve` with a data directory
# (request log and decision ledger written), 64 keep-alive connections of tollgate-loadgen.
# Per thread: the nanoseconds on CPU from /proc/PID/task/TID/schedstat before and after the
# measured run, divided by the requests answered.
#
# Usage: bash bench/thread-cpu.sh <build-dir> [seconds]     (TOLLGATE=/path overrides the binary)
set -euo pipefail

die() {
    echo "thread-cpu: $*" >&2
    exit 1
}
[ $# -ge 1 ] || die "usage: bash bench/thread-cpu.sh <build-dir> [seconds]"
BUILD_DIR=$(cd "$1" && pwd)
DURATION=${2:-8}
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"
LOADGEN=$BUILD_DIR/bench/tollgate-loadgen
TOLLGATE=${TOLLGATE:-$BUILD_DIR/app/tollgate}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
[ -x "$LOADGEN" ] || die "$LOADGEN missing (cmake --build $BUILD_DIR --target tollgate-loadgen)"
[ -x "$TOLLGATE" ] || die "$TOLLGATE missing"
[ -x "$NGINX" ] || die "nginx not found (install nginx-light, or set NGINX=/path/to/nginx)"

pick_port UPORT
pick_port TPORT

WORK=$(mktemp -d /tmp/tollgate-thread-cpu.XXXXXX)
chmod 755 "$WORK" # nginx workers drop root privileges and still need to reach their paths
mkdir -p "$WORK/data"
STARTED_PIDS=()
cleanup() {
    local pid
    for pid in "${STARTED_PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

start_nginx up "$BENCH_DIR/upstream.conf.in" "$UPORT"
write_tollgate_config "$WORK/tollgate.yaml" "$TPORT" "$UPORT"
"$TOLLGATE" serve --config "$WORK/tollgate.yaml" --listen "127.0.0.1:$TPORT" --data-dir "$WORK/data" \
    >"$WORK/tollgate.log" 2>&1 &
TPID=$!
STARTED_PIDS=("$TPID" "${STARTED_PIDS[@]}")
ready=0
for _ in $(seq 100); do
    if "$LOADGEN" --url "http://127.0.0.1:$TPORT/healthz" --probe >/dev/null 2>&1; then
        ready=1
        break
    fi
    sleep 0.1
done
[ "$ready" = 1 ] || die "tollgate did not answer /healthz; log: $(tail -n 5 "$WORK/tollgate.log")"

URL=http://127.0.0.1:$TPORT/v1/chat/completions
"$LOADGEN" --url "$URL" --body "$BENCH_DIR/request-chat.json" --vary VARYWORD --connections 64 --duration 2 >/dev/null
snapshot() {
    local task
    for task in /proc/"$TPID"/task/*; do
        echo "$(basename "$task") $(tr ' ' _ <"$task/comm") $(cut -d' ' -f1 "$task/schedstat")"
    done
}
snapshot >"$WORK/before"
"$LOADGEN" --url "$URL" --body "$BENCH_DIR/request-chat.json" --vary VARYWORD --connections 64 --duration "$DURATION" \
    >"$WORK/load.json"
snapshot >"$WORK/after"

python3 - "$WORK/before" "$WORK/after" "$WORK/load.json" <<'EOF'
import json
import sys

def read(path):
    rows = {}
    for line in open(path):
        tid, comm, ns = line.split()
        rows[tid] = (comm, int(ns))
    return rows

before, after = read(sys.argv[1]), read(sys.argv[2])
load = json.load(open(sys.argv[3]))
requests = load["requests"]
if requests == 0:
    sys.exit("no request was answered")
rows = []
for tid, (comm, ns) in after.items():
    spent = ns - before.get(tid, (comm, 0))[1]
    if spent > 0:
        rows.append((spent, tid, comm))
rows.sort(reverse=True)
total = sum(r[0] for r in rows)
print(f"{requests} requests, {load['rps']:.0f} req/s, {load['errors']} errors; "
      f"whole process {total / requests / 1000:.2f} us/request")
for spent, tid, comm in rows:
    if spent / requests >= 10:  # threads under 0.01 us/request are left out
        print(f"  {comm:18s} {spent / requests / 1000:8.2f} us/request")
EOF
