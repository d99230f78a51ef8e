#!/usr/bin/env bash
# Start-up time: launches `java -jar gateway/target/camgate.jar run` on conf/gateway/example-minimal.yaml N times and
# prints, per run, the gateway's own line "camgate ready in N ms (rtsp …, onvif …, status …, mqtt …)" (N: from the
# JVM's launch to every listener serving) beside the wall time this script saw from exec to that line and the CPU
# time the process had used by then (utime+stime, /proc/PID/stat: unlike wall time, hardly moved by other load on
# the machine); then the median of each.
#
# The configuration is example-minimal with only what a benchmark on a shared machine needs changed: every
# listener on 127.0.0.1 port 0 (RTSP, its UDP ports, ONVIF, the embedded MQTT broker, and status, so all four
# are timed), the audit log and outbox in a scratch directory, and the camera's source on loopback (nothing is
# pulled at start-up either way: its gate is `always`).
#
# With --cds, first one training run writes an application class-data archive (JDK 17 AppCDS:
# -XX:ArchiveClassesAtExit, stopped once ready), then every measured run uses it (-XX:SharedArchiveFile): the
# classes the gateway loads at start come pre-parsed and pre-verified from one mapped file.
#
# Usage: bench/startup.sh [--runs 5] [--cds]
# Environment: GATEWAY_JVM (default: none, the JVM's defaults) adds JVM options; JAR (default
# gateway/target/camgate.jar) another build to compare.
# Needs: the jar built (mvn -q -o package -DskipTests), a JDK 17.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
RUNS=5
CDS=
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --cds) CDS=1; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
JAR=${JAR:-gateway/target/camgate.jar}
[ -f "$JAR" ] || { echo "build first: mvn -q -o package -DskipTests" >&2; exit 2; }
WORK=$(mktemp -d /tmp/camgate-startup.XXXXXX)
PID=
cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then kill "$PID"; wait "$PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

sed -e 's#source: rtsp://.*#source: rtsp://viewer:secret@127.0.0.1:1/stream1#' conf/gateway/example-minimal.yaml \
  > "$WORK/gateway.yaml"
cat >> "$WORK/gateway.yaml" <<YAML
rtsp:
  listen: 127.0.0.1:0
  udp: { rtpPort: 0, rtcpPort: 0 }
onvif:
  listen: 127.0.0.1:0
mqtt:
  embedded: { listen: 127.0.0.1:0 }
  outbox: { dir: $WORK/outbox }
audit:
  file: $WORK/audit.log
status:
  listen: 127.0.0.1:0
YAML
export NVR_PASSWORD=bench-password

java -version 2>&1 | head -1
JVM_OPTS=${GATEWAY_JVM:-}
if [ -n "$CDS" ]; then
  echo "training run: writing $WORK/camgate.jsa"
  : >"$WORK/train.log"
  # shellcheck disable=SC2086
  java $JVM_OPTS -XX:ArchiveClassesAtExit="$WORK/camgate.jsa" -jar "$JAR" run --config "$WORK/gateway.yaml" \
    >"$WORK/train.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 6000); do
    grep -q 'camgate .* serving .* camera' "$WORK/train.log" && break
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.01
  done
  sleep 1
  kill "$PID"
  wait "$PID" 2>/dev/null || true # the archive is written as the JVM exits
  PID=
  [ -f "$WORK/camgate.jsa" ] || { echo "no archive written; log: $WORK/train.log" >&2; exit 1; }
  JVM_OPTS="$JVM_OPTS -XX:SharedArchiveFile=$WORK/camgate.jsa"
  echo "JVM options: $JVM_OPTS"
fi
TICKS=$(getconf CLK_TCK)
printf '%-4s %9s %9s %8s  %s\n' run "ready ms" "wall ms" "CPU ms" "camgate's line"
READY=()
WALL=()
CPU=()
for i in $(seq 1 "$RUNS"); do
  LOG="$WORK/run-$i.log"
  : >"$LOG"
  rm -rf "$WORK/outbox" "$WORK/audit.log"
  START=$(date +%s%N)
  # shellcheck disable=SC2086
  java $JVM_OPTS -jar "$JAR" run --config "$WORK/gateway.yaml" >"$LOG" 2>&1 &
  PID=$!
  LINE=
  for _ in $(seq 1 3000); do
    # Builds before the ready line log "serving N camera(s)" last: then only wall and CPU time are known.
    LINE=$(grep -o -m1 'camgate .* serving .* camera.*' "$LOG" || true)
    [ -n "$LINE" ] && break
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.01
  done
  END=$(date +%s%N)
  C=$(awk -v t="$TICKS" '{print int(($14 + $15) * 1000 / t)}' "/proc/$PID/stat" 2>/dev/null || echo 0)
  for _ in $(seq 1 50); do
    READY_LINE=$(grep -o -m1 'camgate ready in .*' "$LOG" || true)
    [ -n "$READY_LINE" ] && { LINE=$READY_LINE; break; }
    sleep 0.01
  done
  cleanup
  PID=
  if [ -z "$LINE" ]; then
    echo "run $i: no 'camgate ready' line; log: $LOG" >&2
    tail -20 "$LOG" >&2
    exit 1
  fi
  R=$(sed -E -e 's/camgate ready in ([0-9]+) ms.*/\1/' -e 's/camgate .* serving .*/-/' <<<"$LINE")
  W=$(( (END - START) / 1000000 ))
  READY+=("$R")
  WALL+=("$W")
  CPU+=("$C")
  printf '%-4s %9s %9s %8s  %s\n' "$i" "$R" "$W" "$C" "$LINE"
done
median() { printf '%s\n' "$@" | grep -E '^[0-9]+$' | sort -n | awk '{a[NR]=$1} END {if (NR == 0) {print "-"; exit} print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
echo "median of $RUNS: ready $(median "${READY[@]}") ms, wall $(median "${WALL[@]}") ms, CPU $(median "${CPU[@]}") ms;" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (logs in $WORK)"
