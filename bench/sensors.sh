#!/usr/bin/env bash
# Sensor throughput per core: LiDAR points/s through parse + reassembly + occupancy detection, and thermal
# 160x120 frames/s through parse + reassembly + fire/presence detection. Single-threaded, so figures are per core.
# Usage: bench/sensors.sh [seconds-per-measurement]   (default 5; the same again is spent warming up)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -o -q test-compile -pl gateway -am
mvn -B -o -q dependency:build-classpath -pl gateway -Dmdep.outputFile=target/sensor-bench.cp -Dmdep.includeScope=test >/dev/null
# This worktree's modules first (the local repository may hold other builds of them).
CP="gateway/target/test-classes:gateway/target/classes:simulators/target/classes:protocols/target/classes:$(cat gateway/target/sensor-bench.cp)"
exec java -Xms256m -Xmx256m -XX:+UseParallelGC -cp "$CP" org.camgate.sensor.SensorBench "${1:-5}"
