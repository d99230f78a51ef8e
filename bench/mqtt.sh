#!/usr/bin/env bash
# MQTT benchmark: events published on the gateway's bus at a fixed rate, through the durable outbox, to a local
# Mosquitto at QoS 1; prints the sustained rate acknowledged by the broker, latency from publication on the bus to
# the broker's PUBACK (p50/p99/p99.9/max) and delivery at a real Paho subscriber. Source: gateway's test class
# org.camgate.mqtt.MqttBench.
#
# Usage: bench/mqtt.sh [--rate 10000] [--duration 20] [--warmup 5] [--fsync 100ms] [--inflight 20]
# Environment: BENCH_JVM (default -Xmx512m) replaces the JVM options.
# Needs: Debian's mosquitto (/usr/sbin/mosquitto), a JDK 17, Maven; builds the gateway's test classes.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
mvn -q -B -o -pl gateway -am test-compile -DskipTests >/dev/null 2>&1 || mvn -q -B -ntp -pl gateway -am test-compile -DskipTests
CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
mvn -q -B -o -pl gateway dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
exec java ${BENCH_JVM:--Xmx512m} -cp "gateway/target/test-classes:gateway/target/classes:$(cat "$CP_FILE")" \
  org.camgate.mqtt.MqttBench "$@"
