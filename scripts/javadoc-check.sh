#!/usr/bin/env bash
# Javadoc of the published API: fails on any doclint error or warning (html, syntax, references,
# accessibility), and on any public or protected type or member without a comment. "no @return" and
# "no @param" are not required: the house style's summary sentence says what a method returns.
set -euo pipefail
cd "$(dirname "$0")/.."

modules=annotations,runtime,jdbc,micrometer,test,redis,kafka,web,spring-boot-autoconfigure
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# "compile" first, in the same run: Maven then resolves each module's Herald dependencies to the
# reactor's target/classes, not to whatever SNAPSHOT the local repository holds (none on a fresh
# machine, a stale one on a developer's). The processor, which modules with contracts run, comes
# from the local repository: install it (and the annotations) first.
mvn -B -ntp -q install -DskipTests -pl processor -am
# 1. The strict run the build configures (doclint all but "missing", warnings fail).
mvn -B -ntp -q compile javadoc:javadoc -pl "$modules"

# 2. The full doclint, to find what has no comment at all.
mvn -B -ntp compile javadoc:javadoc -pl "$modules" -Dherald.doclint=all -Dherald.javadoc.strict=false \
  | sed 's/\x1b\[[0-9;]*m//g' >"$log"
if grep -E 'warning: no comment' "$log"; then
  echo "javadoc-check: the public API above has no comment; document it" >&2
  exit 1
fi
echo "javadoc-check: the public API of $modules is documented, without doclint warnings"
