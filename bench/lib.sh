# Shell pieces shared by bench/run.sh, bench/thread-cpu.sh and bench/ui/run.sh; sourced, not run.
# The caller defines die(); start_nginx also needs WORK (a directory) and the array STARTED_PIDS.

# pick_port NAME: sets the variable NAME to a port on 127.0.0.1 that nobody listens on and that no
# earlier pick_port of this script took (below the ephemeral range the load itself uses).
BENCH_PICKED_PORTS=" "
pick_port() {
    local port
    for _ in $(seq 200); do
        port=$((20000 + RANDOM % 12000))
        case $BENCH_PICKED_PORTS in *" $port "*) continue ;; esac
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            BENCH_PICKED_PORTS="$BENCH_PICKED_PORTS$port "
            printf -v "$1" '%s' "$port"
            return 0
        fi
    done
    die "no free port found"
}

# start_nginx NAME TEMPLATE PORT [UPSTREAM_PORT]: starts nginx from TEMPLATE in $WORK/NAME in this
# shell (so that `wait` works on it), adds it to STARTED_PIDS and sets LAST_PID to the master's PID.
start_nginx() {
    local name=$1 template=$2 port=$3 upstream_port=${4:-0} dir
    dir=$WORK/$name
    mkdir -p "$dir/tmp"
    sed -e "s|@PREFIX@|$dir|g" -e "s|@PORT@|$port|g" -e "s|@UPSTREAM_PORT@|$upstream_port|g" \
        "$template" >"$dir/nginx.conf"
    "$NGINX" -p "$dir/" -c "$dir/nginx.conf" -g 'daemon off;' >"$dir/stdout.log" 2>&1 &
    LAST_PID=$!
    STARTED_PIDS+=("$LAST_PID")
}

# write_tollgate_config FILE TOLLGATE_PORT UPSTREAM_PORT: the config the benches serve: provider
# `upstream` (the static upstream's /v1) and `upstream-stream` (its /stream/v1), routes `bench`
# and `bench-stream`.
write_tollgate_config() {
    {
        printf 'server:\n  listen: 127.0.0.1:%s\nproviders:\n' "$2"
        bench_provider upstream "$3" /v1
        bench_provider upstream-stream "$3" /stream/v1
        cat <<EOF
routes:
  - alias: bench
    targets: [upstream/bench-model]
  - alias: bench-stream
    targets: [upstream-stream/bench-model]
EOF
    } >"$1"
}

# bench_provider NAME UPSTREAM_PORT PATH: one provider entry of that config.
bench_provider() {
    cat <<EOF
  - name: $1
    kind: openai-compatible
    base_url: http://127.0.0.1:$2$3
    region: local
    models:
      - name: bench-model
        input_per_million: 0.15
        output_per_million: 0.60
        currency: USD
EOF
}
