#!/usr/bin/env bash
# Product-cache read paths in one run on this machine: BatchGetProducts(100)
# all-hit vs all-miss vs the seed's one-SET-per-product fill, and GetProduct hit vs miss.
# Needs PostgreSQL on 127.0.0.1:5432 (TEST_PG_* to override) and redis-server on PATH; creates
# and drops its own database and runs its own Redis on a spare port.
# Knobs: -Dbench.inflight=16 -Dbench.seconds=5 (pass as BENCH_OPTS). Logs at WARN (test-classes/logback-test.xml).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o test-compile 2>/dev/null || mvn -B -q test-compile
CP="target/test-classes:target/classes:$(mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout 2>/dev/null || mvn -B -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
read -r -a bench_opts <<<"${BENCH_OPTS:-}"   # several -D options, split on spaces
exec java "${bench_opts[@]}" -cp "$CP" dev.orders.cache.CacheBench
