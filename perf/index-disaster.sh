#!/usr/bin/env bash
# The story, reproduced: the service is fast on 1,000 orders, collapses on 500,000 orders
# without its secondary indexes, and is fast again once they are back. Three runs of the
# read-heavy scenario (open model, so a slow server shows its queue as latency and errors
# instead of politely receiving fewer calls), then one table side by side.
#
# Works in a scratch database it creates and drops, on a spare gRPC port, with its own copy
# of the jar; stops its server and drops everything it made on exit, also on failure or ^C.
# About 3 minutes on a 2-core box.
#
#   perf/index-disaster.sh                      # defaults below
#   RATE=300 DURATION=30s perf/index-disaster.sh
set -euo pipefail

JAR=${ORDERS_JAR:-target/orders.jar}
PG_BASE=${PG_BASE:-postgresql://postgres@127.0.0.1:5432}   # no trailing slash, no database
PORT=${GRPC_PORT:-50961}
RATE=${RATE:-200}              # arrivals per second
DURATION=${DURATION:-20s}
TIMEOUT=${TIMEOUT:-2s}         # per-call deadline: a collapsed server answers DEADLINE_EXCEEDED, not never
SMALL=${SMALL_ORDERS:-1000}
BIG=${BIG_ORDERS:-500000}
CONNECTIONS=${CONNECTIONS:-4}
WARMUP=${WARMUP:-5s}           # unrecorded load first, so each row measures a warm JVM, not the JIT
# The idempotency key UNIQUE (user_id, request_id) is an index that leads with user_id, so it
# alone serves ListOrders' user look-ups (a Bitmap Index Scan; ~40 ms for the heaviest user at
# 500k) and the story's collapse does not happen. The story's database had no index on
# user_id at all, so by default phase 2 drops that constraint too (the read scenario writes
# nothing). KEEP_USER_KEY=1 drops only the secondary indexes.
KEEP_USER_KEY=${KEEP_USER_KEY:-0}

DB="orders_disaster_$(date +%s)_$$"
WORK=$(mktemp -d /tmp/index-disaster.XXXXXX)
SERVER_PID=""

log() { printf '\n== %s\n' "$*" >&2; }
psql_db() { psql "$PG_BASE/$DB" -v ON_ERROR_STOP=1 -qAt "$@"; }

cleanup() {
  set +e
  stop_server
  psql "$PG_BASE/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
  redis-cli --scan --pattern "$DB:*" 2>/dev/null | xargs -r redis-cli DEL >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[[ -f $JAR ]] || { echo "missing $JAR: build with mvn -o -q package -DskipTests" >&2; exit 2; }
# copies: a rebuild of target/ while this runs must not pull classes from under a live JVM
cp "$JAR" "$WORK/orders.jar"
export ORDERS_PG_URL="$PG_BASE/$DB" ORDERS_GRPC_PORT="$PORT" ORDERS_CACHE_KEY_PREFIX="$DB:"

start_server() {
  java -jar "$WORK/orders.jar" serve >"$WORK/server-$1.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server-$1.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "server did not listen on $PORT" >&2
  exit 1
}

stop_server() {
  [[ -n $SERVER_PID ]] || return 0
  kill "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 1 75); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

seed() {
  java -jar "$WORK/orders.jar" seed --orders "$1" --users $(( $1 / 10 > 10 ? $1 / 10 : 10 )) --reset >&2
}

run_load() {   # $1: phase name
  start_server "$1"
  java -jar "$WORK/orders.jar" load --target "127.0.0.1:$PORT" --scenario read-heavy --rate "$RATE" \
    --duration "$WARMUP" --timeout "$TIMEOUT" --connections "$CONNECTIONS" >/dev/null 2>&1 || true
  # exit code 99 (a threshold breached) is the point of the story, not a script failure
  java -jar "$WORK/orders.jar" load --target "127.0.0.1:$PORT" --scenario read-heavy \
    --rate "$RATE" --duration "$DURATION" --timeout "$TIMEOUT" --connections "$CONNECTIONS" \
    --threshold 'p99<100ms' --threshold 'errors<1%' \
    --out "json=$WORK/$1.json" --report "${REPORT_DIR:-$WORK}/index-disaster-$1.html" >&2 || [[ $? == 99 ]]
  stop_server
}

psql "$PG_BASE/postgres" -qc "CREATE DATABASE $DB" >/dev/null

log "1/3: $SMALL orders, all indexes"
seed "$SMALL"
run_load small

log "2/3: $BIG orders, secondary indexes dropped$([[ $KEEP_USER_KEY == 1 ]] || echo ', and the (user_id, request_id) key')"
seed "$BIG"
# secondary = every index on orders/order_items that backs no primary key or unique constraint;
# their definitions are kept to put them back exactly as they were
psql_db -c "SELECT indexname || '|' || indexdef FROM pg_indexes i
            WHERE schemaname = current_schema() AND tablename IN ('orders', 'order_items')
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                              WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
            ORDER BY indexname" >"$WORK/indexes.txt"
[[ -s $WORK/indexes.txt ]] || { echo "found no secondary indexes to drop" >&2; exit 1; }
echo "dropping: $(cut -d'|' -f1 "$WORK/indexes.txt" | paste -sd' ')" >&2
while IFS='|' read -r name _; do psql_db -c "DROP INDEX $name"; done <"$WORK/indexes.txt"
: >"$WORK/constraints.txt"
if [[ $KEEP_USER_KEY != 1 ]]; then
  psql_db -c "SELECT conrelid::regclass || '|' || conname || '|' || pg_get_constraintdef(oid) FROM pg_constraint
              WHERE contype = 'u' AND conrelid IN ('orders'::regclass, 'order_items'::regclass)" >"$WORK/constraints.txt"
  echo "dropping unique constraints (their indexes serve user_id look-ups): $(cut -d'|' -f2 "$WORK/constraints.txt" | paste -sd' ')" >&2
  while IFS='|' read -r table name _; do psql_db -c "ALTER TABLE $table DROP CONSTRAINT $name"; done <"$WORK/constraints.txt"
fi
psql_db -c "ANALYZE"
run_load big-no-indexes

log "3/3: $BIG orders, indexes restored"
while IFS='|' read -r _ def; do psql_db -c "$def"; done <"$WORK/indexes.txt"
while IFS='|' read -r table name def; do psql_db -c "ALTER TABLE $table ADD CONSTRAINT $name $def"; done <"$WORK/constraints.txt"
psql_db -c "ANALYZE"
run_load big-indexed

log "read-heavy, open model at $RATE/s for $DURATION, per-call deadline $TIMEOUT"
python3 - "$WORK" "$SMALL" "$BIG" "$KEEP_USER_KEY" <<'EOF'
import json, sys
work, small, big, keep = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1"
rows = [("small", f"{small:,} orders, indexed"),
        ("big-no-indexes", f"{big:,} orders, no secondary indexes" + ("" if keep else " nor user key")),
        ("big-indexed", f"{big:,} orders, indexes restored")]
# ok/s: answered without error; the open model asks for the same rate in every row
print(f"{'':46} {'ok/s':>9} {'p50 ms':>9} {'p99 ms':>10} {'errors':>8}")
for key, label in rows:
    o = json.load(open(f"{work}/{key}.json"))["overall"]
    print(f"{label:46} {o['rate'] * (1 - o['errorRatio']):9.1f} {o['p50']:9.2f} {o['p99']:10.2f} {100 * o['errorRatio']:7.2f}%")
EOF
