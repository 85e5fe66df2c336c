#!/usr/bin/env bash
# Builds herald-runtime-jcstress (profile jcstress) and runs the jcstress tests of the runtime's
# lock-free parts in a budget fit for CI on 2 cores: mode sanity, 20 ms per iteration, about 3
# minutes here with the build. Exits non-zero if any test saw a FORBIDDEN outcome, failed to run, or
# if no test ran.
#   scripts/jcstress.sh                      every test, mode sanity (28 JVM configurations each)
#   JCSTRESS_MODE=quick scripts/jcstress.sh  thousands of times the samples, 2 minutes per test
#   scripts/jcstress.sh -t OrderedLanes      extra arguments go to jcstress (here: a test selector)
# Maven reads MAVEN_OPTS as usual (e.g. -Dmaven.repo.local=...).
# Report: runtime-jcstress/target/jcstress-results/index.html, log: runtime-jcstress/target/jcstress.log
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -ntp -q -Pjcstress -pl runtime-jcstress -am package -DskipTests
echo # Maven's quiet mode may end without a newline

target=runtime-jcstress/target
log=$target/jcstress.log
rm -rf "$target/jcstress-run" "$target/jcstress-results"
mkdir -p "$target/jcstress-run"
mode=${JCSTRESS_MODE:-sanity}
mode_args=(-m "$mode")
if [ "$mode" = sanity ]; then
  # Sanity's own iterations are a handful of samples; 20 ms brings a few hundred per test for
  # about half a second, where the time goes to starting 28 JVMs per test.
  mode_args+=(-time 20)
fi
status=0
# From its own directory: jcstress drops its binary result file in the working directory.
(cd "$target/jcstress-run" &&
  java -jar ../jcstress.jar "${mode_args[@]}" -c 2 -r ../jcstress-results "$@") \
  > "$log" 2>&1 || status=$?

# jcstress's summary: "  Failed tests: 2 matching test results." or "  Failed tests: No matches."
count() {
  local line
  line=$(grep -E "^  $1 tests: " "$log" | tail -n 1)
  if [[ $line =~ ([0-9]+)\ matching ]]; then echo "${BASH_REMATCH[1]}"; else echo 0; fi
}
sed -n '/^RUN RESULTS:/,$p' "$log"
passed=$(($(count Interesting) + $(count "All remaining")))
failed=$(($(count Failed) + $(count Error)))
echo "jcstress: $passed passed, $failed failed"
if ! grep -q '^RUN RESULTS:' "$log"; then
  tail -n 40 "$log"
  echo "jcstress did not finish its run (exit $status); see $log" >&2
  exit 1
fi
if ((failed > 0 || passed == 0 || status != 0)); then
  echo "jcstress: FORBIDDEN outcomes, errors or no test run (exit $status); see $log" >&2
  exit 1
fi
