#!/usr/bin/env bash
# Builds the benchmarks and runs only WebFanoutBenchmark (herald-web's bridge against a bare Jetty
# WebSocket server, 1/100/1,000 loopback clients; 1 fork, 2 x 1 s warm-up, 3 x 2 s measurement),
# then prints the events/s and p99 latency of each with their ratios. About 3 minutes on 2 cores.
#   benchmarks/run-web.sh
#   BENCH_IGNORE_LOCK=true benchmarks/run-web.sh   while another JMH run holds /tmp/jmh.lock
# Results: benchmarks/target/{jmh-web.json,web-table.md}.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q package -DskipTests -pl processor,benchmarks -am

out=benchmarks/target
java_args=(-Dbench.out="$out")
if [ "${BENCH_IGNORE_LOCK:-false}" = true ]; then
  java_args+=(-Djmh.ignoreLock=true)
fi
java -cp "$out/classes:$(cat benchmarks/target/classpath.txt)" "${java_args[@]}" \
  dev.herald.bench.web.WebReport
