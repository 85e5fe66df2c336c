#!/usr/bin/env bash
# Builds the benchmarks and runs them with a short profile (8 x 1 s warm-up, 5 x 1 s measurement,
# -prof gc; 1 fork, 3 for the hand-offs; start-up: 5 fresh JVMs, single shot), javac with and
# without Herald's processor and avaje-jsonb's, and herald-redis against redis-benchmark on a
# redis-server of its own; then prints one table of Herald's figures, its anchors' figures from the
# same run, and the ratios. About 13 minutes on 2 cores.
#   benchmarks/run.sh                      everything
#   BENCH_INCLUDE='.*sync.*' benchmarks/run.sh   fewer steady-state benchmarks
#   BENCH_STARTUP=false BENCH_PROCESSOR=false BENCH_REDIS=false benchmarks/run.sh
#   BENCH_IGNORE_LOCK=true benchmarks/run.sh     while another JMH run holds /tmp/jmh.lock
# Results: benchmarks/target/{jmh-steady.json,jmh-handoff.json,jmh-startup.json,benchmarks-table.md}.
set -euo pipefail
cd "$(dirname "$0")/.."

# The processor is not a dependency of the benchmarks (it is on annotationProcessorPaths), so it is
# built explicitly; -Pstartup generates the 500 events and 500 listeners of StartupBenchmark.
# The package phase also writes the class path, benchmarks/target/classpath.txt.
mvn -B -q package -DskipTests -Pstartup -pl processor,benchmarks -am

out=benchmarks/target
processor_args=()
if [ "${BENCH_PROCESSOR:-true}" != false ]; then
  echo "== javac with and without Herald's processor (scripts/processor-compile-time.sh 500 3)"
  scripts/processor-compile-time.sh 500 3 | tee "$out/processor-compile-time.txt"
  processor_args=(-Dbench.processor="$out/processor-compile-time.txt")
fi

redis_args=()
if [ "${BENCH_REDIS:-true}" != false ]; then
  if command -v redis-server > /dev/null && command -v redis-benchmark > /dev/null; then
    echo "== herald-redis against redis-benchmark (dev.herald.bench.redis.RedisLoadDriver)"
    java -cp "$out/classes:$(cat benchmarks/target/classpath.txt)" \
      -Dbench.redisOut="$out/redis-load.txt" dev.herald.bench.redis.RedisLoadDriver
    redis_args=(-Dbench.redis="$out/redis-load.txt")
  else
    echo "== skipping Redis: redis-server and redis-benchmark are not installed" >&2
  fi
fi

java_args=(-Dbench.out="$out" -Dbench.startup="${BENCH_STARTUP:-true}" "${processor_args[@]}"
  "${redis_args[@]}")
if [ "${BENCH_IGNORE_LOCK:-false}" = true ]; then
  # Another JMH run on the machine holds /tmp/jmh.lock: run anyway (figures will be noisier).
  java_args+=(-Djmh.ignoreLock=true)
fi
if [ -n "${BENCH_INCLUDE:-}" ]; then
  java_args+=(-Dbench.include="$BENCH_INCLUDE")
fi
java -cp "$out/classes:$(cat benchmarks/target/classpath.txt)" "${java_args[@]}" dev.herald.bench.Report
