#!/usr/bin/env bash
# ONVIF benchmark, two modes.
#
# External (--external): the gateway runs alone in its own JVM (`camgate.jar run`, JVM default flags unless
# GATEWAY_JVM says otherwise) with one simulated camera (its own process); the load client (bench/OnvifLoad.java)
# runs in a third JVM: N keep-alive HTTP/1.1 connections sending GetStreamUri (or GetProfiles) to the Media service,
# each request with a fresh WS-Security UsernameToken (PasswordDigest). After the warm-up the gateway process's CPU
# time (utime+stime from /proc/PID/stat) is sampled around the measured window: the report gives req/s, p50/p99 and
# the gateway's CPU milliseconds per request (the client's and camera's CPU are not in it).
#   bench/onvif.sh --external [--clients 8] [--warmup 15] [--duration 15] [--op GetStreamUri|GetProfiles] [--jfr]
#   (--jfr records a JFR profile of the gateway, settings=profile, into the work directory; skews CPU figures)
#
# In-process (default): GetProfiles and GetStreamUri at 1, 8 and 64 clients, and the latency from a gate change on
# the event bus to a waiting PullMessages returning it; gateway, camera and clients share one JVM, so the figures
# include the clients' own CPU.
#   [BENCH_JVM="-Xms512m -Xmx512m -XX:+UseParallelGC"] bench/onvif.sh [SECONDS_PER_RUN]   (default 10)
#
# Environment (external mode): GATEWAY_JVM (default: none, the JVM's defaults), GATEWAY_JAR (another build to compare).
# Needs: gateway/target/camgate.jar, simulators/target/camgate-sim.jar (external mode) and
# gateway/target/test-classes (in-process mode): mvn -B -o -pl gateway -am verify -DskipITs
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)

if [ "${1:-}" != "--external" ]; then
    # shellcheck disable=SC2086
    exec java ${BENCH_JVM:--Xmx512m} -cp "$ROOT/gateway/target/test-classes:$ROOT/gateway/target/camgate.jar" \
      -Dio.netty.leakDetection.level=disabled org.camgate.onvif.OnvifBench "${1:-10}"
fi
shift
CLIENTS=8
WARMUP=15
DURATION=15
OP=GetStreamUri
JFR=0
GATEWAY_JVM=${GATEWAY_JVM:-}
while [ $# -gt 0 ]; do
    case $1 in
        --clients) CLIENTS=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --op) OP=$2; shift 2 ;;
        --jfr) JFR=1; shift ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
done
GATEWAY_JAR=${GATEWAY_JAR:-$ROOT/gateway/target/camgate.jar}
SIM_JAR=$ROOT/simulators/target/camgate-sim.jar
for jar in "$GATEWAY_JAR" "$SIM_JAR"; do
    if [ ! -f "$jar" ]; then
        echo "missing $jar; build first: (cd $ROOT && mvn -q -B -o package -DskipTests)" >&2
        exit 2
    fi
done

WORK=$(mktemp -d /tmp/camgate-onvif-bench.XXXXXX)
CLK_TCK=$(getconf CLK_TCK)
STARTED=()
cleanup() {
    local pid
    for pid in "${STARTED[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${STARTED[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
wait_for() {  # FILE PATTERN SECONDS PID
    local deadline=$((SECONDS + $3))
    until grep -qF -- "$2" "$1" 2>/dev/null; do
        if [ $SECONDS -ge $deadline ] || ! kill -0 "$4" 2>/dev/null; then
            echo "timed out waiting for '$2' in $1:" >&2; tail -20 "$1" >&2; return 1
        fi
        sleep 0.05
    done
}
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

echo "camgate ONVIF benchmark (external client); work directory: $WORK"
echo "machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p'), load average $(cut -d' ' -f1-3 /proc/loadavg)"

CAMERA_PORT=$(free_port)
printf 'listen: 127.0.0.1:%s\ncameras:\n  - { path: cam, width: 320, height: 240, fps: 10 }\n' "$CAMERA_PORT" > "$WORK/camera.yaml"
java -Xmx256m -jar "$SIM_JAR" run --scenario "$WORK/camera.yaml" > "$WORK/camera.log" 2>&1 &
CAMERA_PID=$!
STARTED+=("$CAMERA_PID")
wait_for "$WORK/camera.log" "Running;" 120 "$CAMERA_PID"

ONVIF_PORT=$(free_port)
cat > "$WORK/camgate.yaml" <<YAML
site: bench
rtsp:
  listen: 127.0.0.1:$(free_port)
  udp: { enabled: false }
onvif:
  listen: 127.0.0.1:$ONVIF_PORT
  # every request carries a new token, remembered 5 minutes against replay: ~10k/s needs room for millions
  maxRememberedTokens: 5000000
users:
  - name: bench
    password: bench-secret
    cameras: ["*"]
audit:
  file: $WORK/audit.log
mqtt:
  broker: embedded
  embedded: { listen: "127.0.0.1:0" }
cameras:
  - id: cam
    purpose: ONVIF benchmark
    source: rtsp://127.0.0.1:$CAMERA_PORT/cam
YAML
jfr=""
[ "$JFR" = 1 ] && jfr="-XX:StartFlightRecording=filename=$WORK/gateway.jfr,settings=profile"
# shellcheck disable=SC2086
(cd "$WORK" && exec java $GATEWAY_JVM $jfr -jar "$GATEWAY_JAR" run --config camgate.yaml) > "$WORK/gateway.log" 2>&1 &
GATEWAY_PID=$!
STARTED+=("$GATEWAY_PID")
wait_for "$WORK/gateway.log" "camgate running" 60 "$GATEWAY_PID"

echo "gateway JVM: java ${GATEWAY_JVM:-(default flags)}$([ "$JFR" = 1 ] && echo ' + JFR'); $OP, $CLIENTS clients," \
     "${DURATION} s measured after ${WARMUP} s warm-up"
java -Xmx256m "$ROOT/bench/OnvifLoad.java" 127.0.0.1 "$ONVIF_PORT" bench bench-secret cam "$CLIENTS" "$WARMUP" \
    "$DURATION" "$OP" > "$WORK/load.log" 2>&1 &
LOAD_PID=$!
STARTED+=("$LOAD_PID")
wait_for "$WORK/load.log" "MEASURE START" $((WARMUP + 60)) "$LOAD_PID"
cpu0=$(cpu_ticks "$GATEWAY_PID")
wait_for "$WORK/load.log" "MEASURE END" $((DURATION + 30)) "$LOAD_PID"
cpu1=$(cpu_ticks "$GATEWAY_PID")
wait "$LOAD_PID" || true
threads=$(awk '/^Threads:/ { print $2 }' "/proc/$GATEWAY_PID/status")
rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$GATEWAY_PID/status")
result=$(grep '^RESULT' "$WORK/load.log" || { cat "$WORK/load.log" >&2; exit 1; })
echo "$result"
requests=$(sed -n 's/.* requests=\([0-9]*\).*/\1/p' <<< "$result")
python3 - "$result" "$((cpu1 - cpu0))" "$CLK_TCK" "$requests" "$threads" "$rss" <<'PY'
import sys
result, ticks, tck, requests, threads, rss = sys.argv[1:]
f = dict(kv.split("=") for kv in result.split()[1:])
cpu_ms = int(ticks) * 1000 / int(tck)
print("| operation | clients | req/s | p50 ms | p99 ms | gateway CPU ms/request | errors | gateway threads | RSS MB |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
print("| %s | %s | %s | %s | %s | %.3f | %s | %s | %.0f |" % (f["operation"], f["clients"], f["rps"], f["p50_ms"],
      f["p99_ms"], cpu_ms / max(1, int(requests)), f["errors"], threads, int(rss) / 1024))
PY
if [ "$JFR" = 1 ]; then
    kill -TERM "$GATEWAY_PID"; wait "$GATEWAY_PID" 2>/dev/null || true
    echo "JFR recording: $WORK/gateway.jfr"
fi
