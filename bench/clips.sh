#!/usr/bin/env bash
# Alarm clips benchmark: CPU of the gateway relaying one 1080p ~4 Mbit/s camera to one reader with its gate held
# open, without clips and with clips (always recording, cut every 10 s, encrypted), and the export speed of a 1080p
# clip (re-encoded with openh264, one mask) with the JVM pinned to one core (taskset).
#
# Usage: bench/clips.sh [seconds]   (default 30 per case)
# Needs: ffmpeg, taskset; build first: mvn -B -ntp -pl gateway -am test-compile
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
command -v ffmpeg >/dev/null || { echo "clips.sh: needs ffmpeg" >&2; exit 2; }
[ -f "$ROOT/gateway/target/test-classes/org/camgate/clip/ClipsBench.class" ] || {
    echo "clips.sh: build first: mvn -B -ntp -pl gateway -am test-compile" >&2; exit 2; }
CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
(cd "$ROOT" && mvn -B -o -q -pl gateway dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$CP_FILE" >/dev/null)
# common, protocols and simulators: their target/classes when built here, else the installed jars (mvn install).
CP="$ROOT/gateway/target/test-classes:$ROOT/gateway/target/classes"
for m in common protocols simulators; do [ -d "$ROOT/$m/target/classes" ] && CP="$CP:$ROOT/$m/target/classes"; done
CP="$CP:$(cat "$CP_FILE")"

echo "# $(date -u +%FT%TZ) $(nproc) cpus, $(lscpu | sed -n 's/^Model name: *//p'), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# export on one core: taskset -c 0"
taskset -c 0 java -Xmx1g -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener \
    -cp "$CP" org.camgate.clip.ClipsBench "${1:-30}" 2> >(grep -v 'OpenH264' >&2)
echo "# done $(date -u +%FT%TZ), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
