#!/usr/bin/env bash
# Motion-gating benchmark: cameras whose motion one CPU core analyses (640x360 and 1920x1080 H.264, 25 fps in,
# analysis at 5 fps, and keyframe-only), beside the bare decode of the same streams by the ffmpeg command-line
# tool (-threads 1 -f null, the floor), and memory per gated camera including its pre-roll buffer.
#
# Runs org.camgate.motion.MotionBench (gateway test classes) in one JVM: it encodes a 10 s scripted scene with
# motion once per case with libopenh264, packetizes it into RTP frames and replays them through a real
# MotionDetector on one thread (RTP -> access units -> FFmpeg decode -> luma scale -> analysis), measuring that
# thread's CPU time; it times ffmpeg on the same stream with bash `time` (user+sys). Prints markdown tables.
#
# Then the same CPU measurement on libx264 streams of FFmpeg's moving test pattern (Main profile with B-frames, and
# Baseline), generated with the ffmpeg tool.
#
# Usage: bench/motion.sh [--cpu-seconds 3] [--only cpu|memory] [--quick] [--file clip.h264 ...]
#        (--file: only those raw H.264 files, 25 fps, one slice per picture, instead of everything)
# Needs: a build (mvn -B -ntp -pl gateway -am test-compile), java 17+,
#        the ffmpeg command-line tool (Debian: apt-get install ffmpeg).
# Environment: BENCH_JVM (default -Xms512m -Xmx512m -XX:+AlwaysPreTouch: a fixed, pre-touched heap, so the growth of
#              the process's RSS is native memory only) replaces the JVM options.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
command -v ffmpeg >/dev/null || { echo "motion.sh: needs the ffmpeg command-line tool (apt-get install ffmpeg)" >&2; exit 2; }
[ -d "$ROOT/gateway/target/test-classes/org/camgate/motion" ] || {
    echo "motion.sh: build first: mvn -B -ntp -pl gateway -am test-compile" >&2; exit 2; }

CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
(cd "$ROOT" && mvn -B -o -q -pl gateway dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$CP_FILE" >/dev/null)
# This worktree's own modules first (never camgate jars from ~/.m2, which other checkouts may have replaced).
DEPS=$(tr ':' '\n' < "$CP_FILE" | grep -v '/org/camgate/' | paste -sd: -)
CP="$ROOT/gateway/target/test-classes:$ROOT/gateway/target/classes:$ROOT/protocols/target/classes"
CP="$CP:$ROOT/simulators/target/classes:$DEPS"

echo "# $(date -u +%FT%TZ) $(nproc) cpus, $(lscpu | sed -n 's/^Model name: *//p'), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
bench() {
    java ${BENCH_JVM:--Xms512m -Xmx512m -XX:+AlwaysPreTouch} \
        -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener \
        -cp "$CP" org.camgate.motion.MotionBench "$@" 2> >(grep -v 'OpenH264' >&2)
}
# Streams from a full-featured encoder: libx264 (Main profile, CABAC, 2 B-frames; and Baseline) of FFmpeg's
# moving test pattern with noise, 10 s, keyframe every 25 frames, as cameras with High/Main profiles send.
x264_clips() {
    X264=$(mktemp -d)
    trap 'rm -f "$CP_FILE"; rm -rf "$X264"' EXIT
    for spec in "main 1920x1080 4M" "baseline 1920x1080 4M" "main 640x360 1M"; do
        set -- $spec
        ffmpeg -nostdin -hide_banner -loglevel error -f lavfi -i "testsrc2=size=$2:rate=25" -t 10 \
            -vf noise=alls=8:allf=t -c:v libx264 -profile:v "$1" -b:v "$3" -g 25 "$X264/x264-$1-$2.h264"
    done
}
case " $* " in
    *" --only "*|*" --file "*) bench "$@" ;;
    # Memory: each size in a fresh JVM (Netty's pool keeps freed chunks, which a second run would reuse).
    *) bench --only cpu "$@"
       bench --only memory --memory-case 640x360 "$@"
       bench --only memory --memory-case 1920x1080 "$@"
       x264_clips
       bench --only cpu "$@" --file "$X264/x264-main-1920x1080.h264" --file "$X264/x264-baseline-1920x1080.h264" \
           --file "$X264/x264-main-640x360.h264" ;;
esac
echo "# done $(date -u +%FT%TZ), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
