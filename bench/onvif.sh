#!/usr/bin/env bash
# ONVIF benchmark: GetProfiles and GetStreamUri with WS-Security (a fresh UsernameToken per request)
# at 1, 8 and 64 concurrent keep-alive clients, and the latency from a gate change on the event bus
# to a waiting PullMessages returning it. Gateway, simulated camera and clients share one JVM on
# loopback, so the figures include the clients' own CPU.
# Usage: [BENCH_JVM="-Xms512m -Xmx512m -XX:+UseParallelGC"] bench/onvif.sh [SECONDS_PER_RUN]   (default 10)
# Needs: gateway/target/camgate.jar and gateway/target/test-classes (mvn -B -o -pl gateway -am verify -DskipITs).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck disable=SC2086
exec java ${BENCH_JVM:--Xmx512m} -cp "$ROOT/gateway/target/test-classes:$ROOT/gateway/target/camgate.jar" \
  -Dio.netty.leakDetection.level=disabled org.camgate.onvif.OnvifBench "${1:-10}"
