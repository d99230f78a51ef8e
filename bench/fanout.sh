#!/usr/bin/env bash
# Fan-out benchmark: one ~4 Mbit/s simulated camera relayed to N TCP-interleaved readers on
# loopback, by camgate and by GStreamer's RTSP server (bench/gst_relay.py) in both of its
# configurations, in the same run.
#
# For each N and each server: start the server (fresh process, free port, 127.0.0.1 only), start
# the load reader (simulators: `camgate-sim.jar load`, a process of its own) with N readers, let it
# warm up (the gateway's JIT compiles the packet path then), and around its measured window sample
# the server process's CPU time (utime+stime, /proc/PID/stat) and, at the end of the window, its
# resident memory (VmRSS, /proc/PID/status). Prints one table, then per N the ratio of each gateway
# row to the stronger (cheaper per GB) GStreamer configuration.
#
# Servers: gateway         camgate with the JVM's default flags (the headline figure)
#          gateway-tuned   camgate with GATEWAY_TUNED_JVM
#          gst-passthrough GStreamer, rtspsrc ! identity (camera packets pushed one by one)
#          gst-repay       GStreamer, rtspsrc ! rtph264depay ! rtph264pay (buffer lists; its cheaper mode)
# Usage: bench/fanout.sh [--readers "100 200"] [--duration 30] [--warmup 30]
#                        [--servers "gateway gateway-tuned gst-passthrough gst-repay"]
#                        [--relay-mode passthrough|repay]  (only that GStreamer configuration)
#                        [--jfr]   (record a JFR profile of the gateway at each N; skews its CPU figures)
# Environment: GATEWAY_JVM (default: none, the JVM's defaults) and GATEWAY_TUNED_JVM (default below)
#              are the two gateway rows' JVM options; GATEWAY_JAR (default gateway/target/camgate.jar)
#              runs another build of the gateway (to compare before and after a change).
# Needs: gateway/target/camgate.jar and simulators/target/camgate-sim.jar
#        (build: mvn -q -B package -DskipTests), java 17+, Debian's /usr/bin/python3 with python3-gi,
#        gir1.2-gst-rtsp-server-1.0, gstreamer1.0-rtsp, gstreamer1.0-plugins-{good,bad}.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
GATEWAY_JAR=${GATEWAY_JAR:-$ROOT/gateway/target/camgate.jar}
SIM_JAR=$ROOT/simulators/target/camgate-sim.jar
PY=/usr/bin/python3
READERS="100 200"
DURATION=30
WARMUP=30
JFR=0
SERVERS="gateway gateway-tuned gst-passthrough gst-repay"
# The headline gateway row runs with the JVM's default flags (G1, heap sized from the machine's memory).
GATEWAY_JVM=${GATEWAY_JVM:-}
# The tuned row: a small fixed pre-touched heap with the serial collector (no concurrent GC threads),
# so RSS and CPU show what the packet path costs rather than how the default collector sizes itself.
GATEWAY_TUNED_JVM=${GATEWAY_TUNED_JVM:--Xms64m -Xmx64m -XX:+AlwaysPreTouch -XX:+UseSerialGC}
# The load reader's JVM; it runs 2 event-loop threads.
LOAD_JVM="-Xmx1g"
# The simulated camera: 1920x1160, 25 fps, keyframe every 2nd frame. libopenh264 undershoots its
# target on the synthetic scene, so size and GOP are what set the rate: this gives ~4.0 Mbit/s.
CAMERA_SIZE="width: 1920, height: 1160, fps: 25, bitrateKbps: 4000, gop: 2"

while [ $# -gt 0 ]; do
    case $1 in
        --readers) READERS=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --relay-mode) SERVERS="gateway gateway-tuned gst-$2"; shift 2 ;;
        --servers) SERVERS=$2; shift 2 ;;
        --jfr) JFR=1; shift ;;
        -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
done

for jar in "$GATEWAY_JAR" "$SIM_JAR"; do
    if [ ! -f "$jar" ]; then
        echo "missing $jar; build first: (cd $ROOT && mvn -q -B package -DskipTests)" >&2
        exit 2
    fi
done
if ! $PY -c 'import gi; gi.require_version("GstRtspServer", "1.0")' 2>/dev/null; then
    echo "GStreamer RTSP server bindings missing: apt-get install -y python3-gi gir1.2-gst-rtsp-server-1.0" \
         "gstreamer1.0-rtsp gstreamer1.0-plugins-good gstreamer1.0-plugins-bad" >&2
    exit 2
fi

WORK=$(mktemp -d /tmp/camgate-bench.XXXXXX)
RESULTS=$WORK/results.tsv
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
    $PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Waits until FILE contains PATTERN (a fixed string); fails after SECONDS, or when PID has exited.
wait_for() {
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

cpu_ticks() {  # "utime stime" of PID, in clock ticks (fields 14 and 15, counted after the ")" of comm)
    sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12, $13 }'
}

rss_kb() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

result_field() {  # KEY from the load reader's RESULT line in FILE
    sed -n "s/^RESULT .*\b$2=\([^ ]*\).*/\1/p" "$1"
}

echo "camgate fan-out benchmark; work directory (configs, logs): $WORK"
echo "machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/ { print $2 }') GB RAM"

# --- the camera ---------------------------------------------------------------------------------
CAMERA_PORT=$(free_port)
cat > "$WORK/camera.yaml" <<EOF
listen: 127.0.0.1:$CAMERA_PORT
cameras:
  - { path: cam, $CAMERA_SIZE }
EOF
java -Xmx512m -jar "$SIM_JAR" run --scenario "$WORK/camera.yaml" > "$WORK/camera.log" 2>&1 &
CAMERA_PID=$!
STARTED+=("$CAMERA_PID")
wait_for "$WORK/camera.log" "Running;" 120 "$CAMERA_PID"
CAMERA_URL=rtsp://127.0.0.1:$CAMERA_PORT/cam
java $LOAD_JVM -jar "$SIM_JAR" load --url "$CAMERA_URL" --readers 1 --duration 5s --warmup 1s \
    > "$WORK/camera-direct.log" 2>&1 || true
echo "camera: $CAMERA_URL ($CAMERA_SIZE) measured directly with 1 reader:" \
     "$(result_field "$WORK/camera-direct.log" mbps_per_reader) Mbit/s," \
     "$(result_field "$WORK/camera-direct.log" packets) RTP packets in 5 s," \
     "$(result_field "$WORK/camera-direct.log" lost) lost"

# --- servers ------------------------------------------------------------------------------------
# Each start_* sets SERVER_PID and SERVER_URL.
start_gateway() {
    start_camgate "$1" gateway "$GATEWAY_JVM"
}

start_gateway-tuned() {
    start_camgate "$1" gateway-tuned "$GATEWAY_TUNED_JVM"
}

start_camgate() {
    local n=$1 name=$2 jvm=$3 dir=$WORK/$2-$1
    mkdir -p "$dir"
    cat > "$dir/camgate.yaml" <<EOF
site: bench
rtsp:
  listen: 127.0.0.1:$(free_port)
  udp:
    enabled: false
  maxConnections: 1000
  maxUnauthenticatedPerAddress: 1000
  maxSessions: 1000
  maxSessionsPerAddress: 1000
onvif:
  listen: 127.0.0.1:$(free_port)
mqtt:
  broker: embedded
  embedded: { listen: "127.0.0.1:$(free_port)" }
users:
  - name: bench
    password: bench-secret
    cameras: ["*"]
audit:
  file: $dir/audit.log
cameras:
  - id: cam
    purpose: Fan-out benchmark
    source: $CAMERA_URL
EOF
    local jfr=""
    [ "$JFR" = 1 ] && jfr="-XX:StartFlightRecording=filename=$dir/gateway.jfr,settings=profile"
    (cd "$dir" && exec java $jvm $jfr -jar "$GATEWAY_JAR" run --config camgate.yaml) > "$dir/gateway.log" 2>&1 &
    SERVER_PID=$!
    STARTED+=("$SERVER_PID")
    wait_for "$dir/gateway.log" "camgate running" 180 "$SERVER_PID"
    local port
    port=$(sed -n 's/.*RTSP on rtsp:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$dir/gateway.log")
    SERVER_URL=rtsp://bench:bench-secret@127.0.0.1:$port/cam
}

start_gst-passthrough() {
    start_gstreamer "$1" passthrough
}

start_gst-repay() {
    start_gstreamer "$1" repay
}

start_gstreamer() {
    local n=$1 mode=$2 dir=$WORK/gst-$2-$1
    mkdir -p "$dir"
    $PY "$ROOT/bench/gst_relay.py" --camera "$CAMERA_URL" --port "$(free_port)" --mode "$mode" \
        > "$dir/relay.log" 2>&1 &
    SERVER_PID=$!
    STARTED+=("$SERVER_PID")
    wait_for "$dir/relay.log" "ready rtsp://" 30 "$SERVER_PID"
    SERVER_URL=$(sed -n 's/^ready \(rtsp:[^ ]*\).*/\1/p' "$dir/relay.log")
}

# measure SERVER N: one row in $RESULTS
measure() {
    local server=$1 n=$2 dir
    "start_$server" "$n"
    dir=$WORK/$server-$n
    java $LOAD_JVM -jar "$SIM_JAR" load --url "$SERVER_URL" --readers "$n" --duration "${DURATION}s" \
        --warmup "${WARMUP}s" > "$dir/load.log" 2>&1 &
    local load_pid=$!
    STARTED+=("$load_pid")
    wait_for "$dir/load.log" "MEASURE START" 120 "$load_pid"
    local cpu0 cpu1 rss
    read -r -a cpu0 <<< "$(cpu_ticks "$SERVER_PID")"
    wait_for "$dir/load.log" "MEASURE END" $((DURATION + 30)) "$load_pid"
    read -r -a cpu1 <<< "$(cpu_ticks "$SERVER_PID")"
    rss=$(rss_kb "$SERVER_PID")
    wait "$load_pid" || true
    stop_process "$SERVER_PID"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$server" "$n" \
        "$(result_field "$dir/load.log" mbps_per_reader)" "$(result_field "$dir/load.log" bytes)" \
        "$((cpu1[0] - cpu0[0]))" "$((cpu1[1] - cpu0[1]))" "$(result_field "$dir/load.log" lost)" "$rss" \
        "$(result_field "$dir/load.log" playing)" >> "$RESULTS"
    echo "  $server, $n readers: done ($(grep -c . "$dir/load.log") lines in $dir/load.log)"
}

echo "gateway JVM: java ${GATEWAY_JVM:-(defaults)}$([ "$JFR" = 1 ] && echo ' + JFR');" \
     "gateway-tuned JVM: java $GATEWAY_TUNED_JVM; window: ${DURATION} s after ${WARMUP} s warm-up"
echo "java: $(java -version 2>&1 | head -1); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for n in $READERS; do
    for server in $SERVERS; do
        measure "$server" "$n"
    done
done

# --- report -------------------------------------------------------------------------------------
$PY - "$RESULTS" "$CLK_TCK" <<'EOF'
import sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
tck = int(sys.argv[2])
print()
print("| server | readers | playing | Mbit/s per reader | GB forwarded | CPU s (user+sys) | CPU s per GB | packets lost | RSS MB |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
rss = {}
per_gb = {}
for server, n, mbps, nbytes, user, system, lost, rss_kb, playing in rows:
    gb = int(nbytes) / 1e9
    cpu = (int(user) + int(system)) / tck
    rss.setdefault(server, []).append((int(n), int(rss_kb)))
    per_gb[(server, int(n))] = (cpu / gb if gb else float("nan"), int(rss_kb) / 1024, lost)
    print("| %s | %s | %s | %.3f | %.3f | %.2f (%.2f+%.2f) | %.3f | %s | %.1f |"
          % (server, n, playing, float(mbps), gb, cpu, int(user) / tck, int(system) / tck,
             cpu / gb if gb else float("nan"), lost, int(rss_kb) / 1024))
print()
for n in sorted({n for _, n in per_gb}):
    peers = [(v[0], s) for (s, m), v in per_gb.items() if m == n and s.startswith("gst-")]
    if not peers:
        continue
    best, peer = min(peers)
    for server in ("gateway", "gateway-tuned"):
        if (server, n) in per_gb:
            cost, mb, lost = per_gb[(server, n)]
            print("%d readers: %s %.3f CPU-s/GB, RSS %.0f MB, lost %s; stronger peer %s %.3f CPU-s/GB,"
                  " RSS %.0f MB: ratio %.2fx" % (n, server, cost, mb, lost, peer, best, per_gb[(peer, n)][1],
                                                 cost / best))
print()
for server, points in rss.items():
    points.sort()
    if len(points) >= 2 and points[-1][0] > points[0][0]:
        (n0, r0), (n1, r1) = points[0], points[-1]
        print("%s: memory per extra reader (RSS@%d - RSS@%d) / %d = %.1f KB"
              % (server, n1, n0, n1 - n0, (r1 - r0) / (n1 - n0)))
EOF
echo
for log in "$WORK"/gateway*/gateway.log; do
    echo "$log: $(grep -cE ' (WARN|ERROR) ' "$log" || true) WARN/ERROR lines;" \
         "$(grep -o 'network transport: .*' "$log" || true)"
done
echo "logs and configs: $WORK"
