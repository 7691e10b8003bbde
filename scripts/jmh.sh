#!/usr/bin/env bash
# The JMH microbenchmarks of the hot path (simulations/src/test/.../jmh): builds them, then runs JMH with the
# arguments given (none: all of them; e.g. "HotPathBench.fold" for one, "-f 2 -wi 5" for more forks and warm-up).
#   scripts/jmh.sh [JMH ARGS...]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
mvn -B -q -Dstyle.color=never -DskipTests install >&2
mvn -B -q -Dstyle.color=never -pl simulations test-compile >&2
cp=$(mvn -B -q -Dstyle.color=never -pl simulations dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
exec java -cp "simulations/target/test-classes:simulations/target/classes:$cp" org.openjdk.jmh.Main "$@"
