#!/usr/bin/env bash
# Scale benchmark (not a test): GetOrder and ListOrders latency through the real gRPC server
# at 1k, 500k and 5M orders, on this machine, in one run. For each size it seeds a scratch
# database, starts `orders serve` on a spare port against it, measures p50/p99 one call at a
# time (dev.orders.perf.scale.ScaleBench), stops the server and drops the database; then it
# prints one table with the ratio of every row to the 1k row. Goal: p99 at 500k and 5M within
# 1.25x of 1k. Takes ~10 minutes, most of it seeding the 5M dataset.
#
#   perf/scale-bench.sh                   # sizes 1000 500000 5000000
#   SIZES="1000 50000" perf/scale-bench.sh
#
# Environment: PG_HOST, PG_PORT, PG_USER (default 127.0.0.1, 5432, postgres; a password via
# PGPASSWORD), GRPC_PORT (default 50951), JAR (default target/orders.jar). Needs psql for the drops and a built target/orders.jar
# (built with `mvn -o -q package -DskipTests` if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-postgres}
GRPC_PORT=${GRPC_PORT:-50951}
SIZES=${SIZES:-"1000 500000 5000000"}
JAR=${JAR:-target/orders.jar}
WORK=$(mktemp -d /tmp/scale-bench.XXXXXX)
RESULTS=$WORK/results.tsv
SERVER_PID=""
DATABASE=""

[ -f "$JAR" ] || mvn -o -q package -DskipTests

psql_admin() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -qAtX -c "$1"; }

stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}

drop_database() {
  if [ -n "$DATABASE" ]; then
    psql_admin "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" || true
    DATABASE=""
  fi
}

cleanup() { stop_server; drop_database; }
trap cleanup EXIT

if (exec 3<>"/dev/tcp/127.0.0.1/$GRPC_PORT") 2>/dev/null; then
  echo "scale-bench: port $GRPC_PORT is taken; set GRPC_PORT" >&2
  exit 1
fi

label() {
  if [ "$1" -ge 1000000 ]; then echo "$(($1 / 1000000))M"; elif [ "$1" -ge 1000 ]; then echo "$(($1 / 1000))k"; else echo "$1"; fi
}

for n in $SIZES; do
  DATABASE="orders_scale_$(label "$n" | tr '[:upper:]' '[:lower:]')_$$"
  url="postgresql://$PG_USER@$PG_HOST:$PG_PORT/$DATABASE"
  echo "scale-bench: === $(label "$n") orders: seeding $DATABASE"
  ORDERS_PG_URL=$url java -jar "$JAR" seed --orders "$n"

  # no expiry sweep of the seeded PENDING orders beside the measured reads; no auth (ScaleBench
  # sends no token, and what is measured is how the reads scale with the data, not the JWT check)
  ORDERS_PG_URL=$url ORDERS_GRPC_PORT=$GRPC_PORT ORDERS_PENDING_TIMEOUT_SECONDS=0 ORDERS_AUTH=disabled java -jar "$JAR" serve >"$WORK/server-$n.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$GRPC_PORT") 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server-$n.log" >&2; exit 1; }
    sleep 0.2
  done

  java -cp "$JAR" dev.orders.perf.scale.ScaleBench measure "$(label "$n")" "127.0.0.1:$GRPC_PORT" "$url" "$RESULTS"
  stop_server
  drop_database
done

echo
echo "scale-bench: $(nproc) cores, $(date -u +%FT%TZ); one call at a time through gRPC, heaviest user for ListOrders"
java -cp "$JAR" dev.orders.perf.scale.ScaleBench table "$RESULTS"
