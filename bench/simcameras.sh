#!/usr/bin/env bash
# Simulators and load readers benchmark: how many simulated cameras one core serves, and what the load
# reader itself costs, so other benchmarks know their tools are not the bottleneck.
#
# Part 1 (cameras per core): for each N, one simulator process (`camgate-sim.jar run`) with N cameras of
#   640x360, 25 fps, ~1 Mbit/s (all keyframes, see CAMERA below; one shared encode), each read by one TCP
#   reader (`camgate-sim.jar load --url-file`, N URLs x 1 reader). Around the load reader's measured window
#   the script samples utime+stime (/proc/PID/stat) of both processes: cameras per core = N / cores used.
# Part 2 (load reader ceiling): one such camera read by R readers over TCP and over UDP; the load
#   process's CPU per delivered Mbit/s and per reader.
#
# Usage: bench/simcameras.sh [--cameras "50 100"] [--readers "100 200"] [--duration 20] [--warmup 10]
#                            [--parts "1 2"]
# Needs: simulators/target/camgate-sim.jar (build: mvn -q -B package -DskipTests), java 17+, python3.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SIM_JAR=$ROOT/simulators/target/camgate-sim.jar
CAMERAS="50 100"
READERS="100 200"
DURATION=20
WARMUP=10
PARTS="1 2"
SIM_JVM="-Xmx512m"
LOAD_JVM="-Xmx1g"
# libopenh264 undershoots its rate target on the synthetic scene (640x360 with a keyframe every second gives
# ~0.15 Mbit/s); every frame a keyframe gives ~1.0 Mbit/s, ~150 RTP packets/s: the rate the benchmark asks for.
CAMERA="width: 640, height: 360, fps: 25, bitrateKbps: 1000, gop: 1"

while [ $# -gt 0 ]; do
    case $1 in
        --cameras) CAMERAS=$2; shift 2 ;;
        --readers) READERS=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --parts) PARTS=$2; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
done
if [ ! -f "$SIM_JAR" ]; then
    echo "missing $SIM_JAR; build first: (cd $ROOT && mvn -q -B package -DskipTests)" >&2
    exit 2
fi

WORK=$(mktemp -d /tmp/camgate-simbench.XXXXXX)
CLK_TCK=$(getconf CLK_TCK)
STARTED=()

cleanup() {
    local pid
    for pid in "${STARTED[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${STARTED[@]}"; do
        for _ in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_for() {  # FILE PATTERN SECONDS PID: until FILE contains PATTERN; fails on timeout or when PID exits
    local file=$1 pattern=$2 seconds=$3 pid=$4
    local deadline=$((SECONDS + seconds))
    until grep -qF -- "$pattern" "$file" 2>/dev/null; do
        if [ $SECONDS -ge $deadline ] || ! kill -0 "$pid" 2>/dev/null; then
            echo "timed out waiting for '$pattern' in $file:" >&2
            tail -20 "$file" >&2
            return 1
        fi
        sleep 0.02
    done
}

stop_process() {
    local pid=$1
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
}

cpu_ticks() {  # utime+stime of PID in clock ticks (fields 14 and 15, counted after the ")" of comm)
    sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

rss_kb() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

result_field() {  # KEY from the load reader's RESULT line in FILE
    sed -n "s/^RESULT .*\b$2=\([^ ]*\).*/\1/p" "$1"
}

# start_sim DIR N: N cameras; sets SIM_PID and SIM_PORT, writes DIR/urls.txt
start_sim() {
    local dir=$1 n=$2 i
    mkdir -p "$dir"
    SIM_PORT=$(free_port)
    {
        echo "listen: 127.0.0.1:$SIM_PORT"
        echo "cameras:"
        for i in $(seq 1 "$n"); do
            echo "  - { path: cam$i, $CAMERA }"
        done
    } > "$dir/scenario.yaml"
    : > "$dir/urls.txt"
    for i in $(seq 1 "$n"); do
        echo "rtsp://127.0.0.1:$SIM_PORT/cam$i" >> "$dir/urls.txt"
    done
    java $SIM_JVM -jar "$SIM_JAR" run --scenario "$dir/scenario.yaml" > "$dir/sim.log" 2>&1 &
    SIM_PID=$!
    STARTED+=("$SIM_PID")
    wait_for "$dir/sim.log" "Running;" 120 "$SIM_PID"
}

# measure DIR ARGS...: runs the load reader with ARGS against the simulator SIM_PID; prints one TSV row
#   readers playing seconds bytes lost sim_ticks load_ticks sim_rss_kb
measure() {
    local dir=$1
    shift
    java $LOAD_JVM -jar "$SIM_JAR" load "$@" --duration "${DURATION}s" --warmup "${WARMUP}s" \
        > "$dir/load.log" 2>&1 &
    local load_pid=$!
    STARTED+=("$load_pid")
    wait_for "$dir/load.log" "MEASURE START" 120 "$load_pid"
    local sim0 load0 sim1 load1 rss
    sim0=$(cpu_ticks "$SIM_PID")
    load0=$(cpu_ticks "$load_pid")
    wait_for "$dir/load.log" "MEASURE END" $((DURATION + 30)) "$load_pid"
    sim1=$(cpu_ticks "$SIM_PID")
    load1=$(cpu_ticks "$load_pid")
    rss=$(rss_kb "$SIM_PID")
    wait "$load_pid" || true
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(result_field "$dir/load.log" readers)" \
        "$(result_field "$dir/load.log" playing)" "$(result_field "$dir/load.log" seconds)" \
        "$(result_field "$dir/load.log" bytes)" "$(result_field "$dir/load.log" lost)" \
        "$((sim1 - sim0))" "$((load1 - load0))" "$rss"
}

echo "camgate simulators benchmark; work directory: $WORK"
echo "machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p'); load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "camera: $CAMERA; window ${DURATION} s after ${WARMUP} s warm-up; sim java $SIM_JVM, load java $LOAD_JVM (2 threads)"

if [[ " $PARTS " == *" 1 "* ]]; then
    : > "$WORK/part1.tsv"
    for n in $CAMERAS; do
        dir=$WORK/cameras-$n
        start_sim "$dir" "$n"
        echo -e "$n\t$(measure "$dir" --url-file "$dir/urls.txt" --readers 1)" >> "$WORK/part1.tsv"
        stop_process "$SIM_PID"
        echo "  $n cameras: done"
    done
fi
if [[ " $PARTS " == *" 2 "* ]]; then
    : > "$WORK/part2.tsv"
    dir=$WORK/reader
    start_sim "$dir" 1
    for r in $READERS; do
        for transport in tcp udp; do
            echo -e "$transport\t$(measure "$dir" --url "rtsp://127.0.0.1:$SIM_PORT/cam1" --readers "$r" \
                --transport "$transport")" >> "$WORK/part2.tsv"
            cp "$dir/load.log" "$dir/load-$transport-$r.log"
            echo "  $r readers over $transport: done"
        done
    done
    stop_process "$SIM_PID"
fi

python3 - "$WORK" "$CLK_TCK" <<'EOF'
import os, sys
work, tck = sys.argv[1], int(sys.argv[2])

def rows(name):
    path = os.path.join(work, name)
    return [l.rstrip("\n").split("\t") for l in open(path)] if os.path.exists(path) else []

part1 = rows("part1.tsv")
if part1:
    print()
    print("Part 1: N cameras, one TCP reader each")
    print()
    print("| cameras | playing | Mbit/s per camera | packets lost | simulator CPU (cores) | cameras per core | simulator RSS MB | load reader CPU (cores) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, readers, playing, secs, nbytes, lost, sim, load, rss in part1:
        secs = float(secs)
        sim_cores = int(sim) / tck / secs
        print("| %s | %s | %.3f | %s | %.3f | %.0f | %.0f | %.3f |" % (
            n, playing, int(nbytes) * 8 / secs / 1e6 / int(n), lost, sim_cores,
            int(n) / sim_cores if sim_cores else float("inf"), int(rss) / 1024, int(load) / tck / secs))
part2 = rows("part2.tsv")
if part2:
    print()
    print("Part 2: one camera, R readers: the load reader's own cost")
    print()
    print("| transport | readers | playing | total Mbit/s | packets lost | load CPU (cores) | CPU ms per Mbit | CPU % per reader | Mbit/s per load core | simulator CPU (cores) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for transport, readers, playing, secs, nbytes, lost, sim, load, rss in part2:
        secs = float(secs)
        mbps = int(nbytes) * 8 / secs / 1e6
        load_cores = int(load) / tck / secs
        print("| %s | %s | %s | %.1f | %s | %.3f | %.2f | %.3f | %.0f | %.3f |" % (
            transport, readers, playing, mbps, lost, load_cores,
            1000 * load_cores / mbps if mbps else float("nan"), 100 * load_cores / int(readers),
            mbps / load_cores if load_cores else float("inf"), int(sim) / tck / secs))
EOF
echo
echo "logs and scenarios: $WORK"
