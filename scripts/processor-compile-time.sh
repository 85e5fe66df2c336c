#!/usr/bin/env bash
# Times javac on a generated project of N events and N listeners, with and without Herald's
# processor, in fresh JVMs. Usage: scripts/processor-compile-time.sh [N=500] [runs=5]
# PROC_ONLY=true also times -proc:only (the processor's rounds without compiling anything).
# GENERATED=true also times javac without the processor on the hand-written sources together with
# the sources Herald generated for them: what compiling the generated code costs by itself.
# AVAJE=false skips the anchor: the same N records annotated @Json for avaje-jsonb (no listeners),
# compiled with and without avaje-jsonb's generator in the same runs; Herald's added time is
# quoted against avaje's.
# KEEP_WORK=<dir> keeps the sources, the generated ones included, in <dir>.
# Needs a build first: mvn -q install -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-500}
runs=${2:-5}
if [ -n "${KEEP_WORK:-}" ]; then
  work=$KEEP_WORK && rm -rf "$work" && mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi

m2=${M2_REPO:-$HOME/.m2/repository}
version=0.2.0-SNAPSHOT
jackson=2.22.4
cp="annotations/target/classes:runtime/target/classes"
cp="$cp:$m2/com/fasterxml/jackson/core/jackson-core/$jackson/jackson-core-$jackson.jar"
cp="$cp:$m2/com/fasterxml/jackson/core/jackson-databind/$jackson/jackson-databind-$jackson.jar"
cp="$cp:$m2/com/fasterxml/jackson/core/jackson-annotations/$jackson/jackson-annotations-$jackson.jar"
processorpath="processor/target/classes:annotations/target/classes"
processorpath="$processorpath:$(ls "$m2"/com/palantir/javapoet/javapoet/*/javapoet-*.jar | grep -v sources | tail -n 1)"

avaje=3.11
avaje_cp="$m2/io/avaje/avaje-jsonb/$avaje/avaje-jsonb-$avaje.jar"
avaje_cp="$avaje_cp:$m2/io/avaje/avaje-json-core/$avaje/avaje-json-core-$avaje.jar"
avaje_processorpath="$m2/io/avaje/avaje-jsonb-generator/$avaje/avaje-jsonb-generator-$avaje.jar"
if [ "${AVAJE:-true}" = true ] && [ ! -f "$avaje_processorpath" ]; then
  echo "avaje-jsonb $avaje is not in $m2: build the benchmarks module once (mvn -q install -DskipTests)" >&2
  exit 1
fi

src=$work/src
avaje_src=$work/avaje-src
mkdir -p "$src/com/acme/bench/events" "$src/com/acme/bench/listeners" \
  "$avaje_src/com/acme/bench/avaje"
for ((i = 0; i < n; i++)); do
  cat > "$src/com/acme/bench/events/Event$i.java" <<JAVA
package com.acme.bench.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Benchmark event number $i. */
@Event("bench:group$((i % 20)):event$i")
public record Event$i(@OrderingKey String id, String guestId, Instant at, int count, double score,
    List<String> tags, Map<String, String> attributes, Detail$i detail) {

  /** A nested record, so that nested codecs are generated too. */
  public record Detail$i(String note, long amount) {}
}
JAVA
  cat > "$src/com/acme/bench/listeners/Listener$i.java" <<JAVA
package com.acme.bench.listeners;

import com.acme.bench.events.Event$i;
import dev.herald.annotations.Delivery;
import dev.herald.annotations.Subscribe;
import dev.herald.runtime.Envelope;

public class Listener$i {
  int seen;

  @Subscribe
  void on(Event$i event) {
    seen += event.count();
  }

  @Subscribe(priority = 5, delivery = Delivery.ASYNC)
  void withEnvelope(Envelope<Event$i> envelope) {
    seen++;
  }
}
JAVA
  cat > "$avaje_src/com/acme/bench/avaje/Event$i.java" <<JAVA
package com.acme.bench.avaje;

import io.avaje.jsonb.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Benchmark record number $i, the same components as Herald's. */
@Json
public record Event$i(String id, String guestId, Instant at, int count, double score,
    List<String> tags, Map<String, String> attributes, Detail$i detail) {

  /** A nested record, so that nested adapters are generated too. */
  @Json
  public record Detail$i(String note, long amount) {}
}
JAVA
done
find "$src" -name '*.java' > "$work/sources.txt"
find "$avaje_src" -name '*.java' > "$work/avaje-sources.txt"

compile() { # $1 = with|without|only|generated|avaje-with|avaje-without
  rm -rf "$work/out" && mkdir -p "$work/out"
  if [ "$1" = avaje-with ]; then
    rm -rf "$work/avaje-generated" && mkdir -p "$work/avaje-generated"
    javac --release 17 -d "$work/out" -s "$work/avaje-generated" -cp "$avaje_cp" \
      -processorpath "$avaje_processorpath" @"$work/avaje-sources.txt"
  elif [ "$1" = avaje-without ]; then
    javac --release 17 -d "$work/out" -cp "$avaje_cp" -proc:none @"$work/avaje-sources.txt"
  elif [ "$1" = with ]; then
    rm -rf "$work/generated" && mkdir -p "$work/generated"
    javac --release 17 -d "$work/out" -s "$work/generated" -cp "$cp" \
      -processorpath "$processorpath" @"$work/sources.txt"
  elif [ "$1" = generated ]; then
    javac --release 17 -d "$work/out" -cp "$cp" -proc:none @"$work/sources.txt" \
      @"$work/generated-sources.txt"
  elif [ "$1" = only ]; then
    javac --release 17 -d "$work/out" -cp "$cp" -processorpath "$processorpath" -proc:only \
      @"$work/sources.txt"
  else
    javac --release 17 -d "$work/out" -cp "$cp" -proc:none @"$work/sources.txt"
  fi
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
elapsed() { # $1 = with|without; prints wall-clock milliseconds, appends CPU seconds to $1-cpu.txt
  local start end TIMEFORMAT='%3U %3S'
  start=$(date +%s%N)
  { time compile "$1"; } 2> "$work/time.txt"
  end=$(date +%s%N)
  # javac's own CPU time (user + system, all its threads): steadier than wall-clock time when
  # other work shares the machine.
  tail -n 1 "$work/time.txt" | awk '{ print $1 + $2 }' >> "$work/$1-cpu.txt"
  echo $(((end - start) / 1000000))
}

# Warm the file cache, then alternate the two builds so that load from elsewhere on a shared
# machine hits both alike.
compile without; compile with
find "$work/generated" -name '*.java' > "$work/generated-sources.txt"
: > "$work/without.txt"; : > "$work/with.txt"; : > "$work/without-cpu.txt"; : > "$work/with-cpu.txt"
: > "$work/only.txt"; : > "$work/only-cpu.txt"; : > "$work/generated.txt"
: > "$work/generated-cpu.txt"
: > "$work/avaje-with.txt"; : > "$work/avaje-without.txt"
: > "$work/avaje-with-cpu.txt"; : > "$work/avaje-without-cpu.txt"
if [ "${AVAJE:-true}" = true ]; then
  compile avaje-without; compile avaje-with
fi
for ((r = 0; r < runs; r++)); do
  elapsed without >> "$work/without.txt"
  if [ "${PROC_ONLY:-false}" = true ]; then
    elapsed only >> "$work/only.txt"
  fi
  if [ "${GENERATED:-false}" = true ]; then
    elapsed generated >> "$work/generated.txt"
  fi
  elapsed with >> "$work/with.txt"
  if [ "${AVAJE:-true}" = true ]; then
    elapsed avaje-without >> "$work/avaje-without.txt"
    elapsed avaje-with >> "$work/avaje-with.txt"
  fi
done
without=$(median < "$work/without.txt")
with=$(median < "$work/with.txt")
generated=$(find "$work/out" -name '*.class' | wc -l)
echo "javac, $n events + $n listeners, median of $runs runs ($(javac -version 2>&1 | tail -n 1)):"
echo "  without processor: ${without} ms"
echo "  with Herald:       ${with} ms ($generated class files)"
awk -v a="$with" -v b="$without" 'BEGIN { printf "  overhead:          %.0f%%\n", (a / b - 1) * 100 }'
# What javac compiled on top of the hand-written sources (the last build was with Herald).
handwritten=$(cat $(cat "$work/sources.txt") | wc -l)
echo "  hand-written:      $(wc -l < "$work/sources.txt") files, $handwritten lines"
for kind in '*JsonCodec.java' '*_HeraldDispatcher.java' 'EventType.java' 'EventMap.java' '*Catalog.java'; do
  files=$(find "$work/generated" -name "$kind")
  [ -n "$files" ] || continue
  printf '  generated %-24s %5d files, %7d lines\n' "$kind" "$(echo "$files" | wc -l)" \
    "$(cat $files | wc -l)"
done
without_cpu=$(median < "$work/without-cpu.txt")
with_cpu=$(median < "$work/with-cpu.txt")
awk -v a="$with_cpu" -v b="$without_cpu" 'BEGIN { printf "  CPU time (user + system): %.1f s without, %.1f s with Herald, overhead %.0f%%\n", b, a, (a / b - 1) * 100 }'
if [ "${PROC_ONLY:-false}" = true ]; then
  echo "  -proc:only (rounds, no compilation): $(median < "$work/only.txt") ms," \
    "CPU $(median < "$work/only-cpu.txt") s"
fi
if [ "${GENERATED:-false}" = true ]; then
  generated_ms=$(median < "$work/generated.txt")
  awk -v g="$generated_ms" -v b="$without" -v c="$(median < "$work/generated-cpu.txt")" \
    'BEGIN { printf "  without processor, generated sources included: %d ms (%+.0f%%), CPU %.1f s\n", g, (g / b - 1) * 100, c }'
fi
if [ "${AVAJE:-true}" = true ]; then
  avaje_without=$(median < "$work/avaje-without.txt")
  avaje_with=$(median < "$work/avaje-with.txt")
  echo "anchor: avaje-jsonb $avaje on the same $n records (codecs only, no listeners):"
  echo "  without its generator: ${avaje_without} ms"
  echo "  with its generator:    ${avaje_with} ms ($(find "$work/avaje-generated" -name '*.java' \
    | wc -l) files, $(cat $(find "$work/avaje-generated" -name '*.java') | wc -l) lines)"
  awk -v a="$avaje_with" -v b="$avaje_without" -v h="$with" -v w="$without" 'BEGIN {
    printf "  overhead:              %.0f%%\n", (a / b - 1) * 100
    printf "  Herald adds %.1f s, avaje-jsonb %.1f s: Herald/avaje = %.2f\n", (h - w) / 1000,
      (a - b) / 1000, (h - w) / (a - b) }'
  # The same in CPU time, steadier than wall-clock time on a shared machine.
  avaje_with_cpu=$(median < "$work/avaje-with-cpu.txt")
  avaje_without_cpu=$(median < "$work/avaje-without-cpu.txt")
  awk -v a="$avaje_with_cpu" -v b="$avaje_without_cpu" -v h="$with_cpu" -v w="$without_cpu" 'BEGIN {
    printf "  CPU time: avaje-jsonb %.1f s without, %.1f s with its generator\n", b, a
    printf "  Herald adds %.1f s CPU, avaje-jsonb %.1f s: Herald/avaje = %.2f\n", h - w, a - b,
      (h - w) / (a - b) }'
fi
