#!/usr/bin/env bash
# The service's performance targets and the capacity run, measured in one go on this machine:
#  1. GetOrder and ListOrders through gRPC vs pgbench running the same statements at the same
#     concurrency (target: the service reaches at least 60% of pgbench's rate);
#  2. GetProduct on a cache hit vs redis-benchmark -t get -P 1 with the same number of clients
#     (target: at least redis-benchmark's rate);
#  3. capacity: the highest arrival rate of the mixed scenario with p99 < 25 ms and no errors.
# Scratch database and a private redis-server on a spare port; all removed at exit.
#
#   perf/targets.sh | tee /tmp/targets.txt
#   PROFILE_DIR=/tmp/prof perf/targets.sh      # also record the server with JFR and summarise it
set -euo pipefail

JAR=${ORDERS_JAR:-target/orders.jar}
PG_BASE=${PG_BASE:-postgresql://postgres@127.0.0.1:5432}
PORT=${GRPC_PORT:-50971}
REDIS_PORT=${REDIS_PORT:-56391}
ORDERS=${ORDERS:-500000}
USERS=${USERS:-50000}
C=${CONCURRENCY:-16}            # VUs = pgbench clients
REDIS_CLIENTS=${REDIS_CLIENTS:-50}
T=${SECONDS_EACH:-20}
RATES=${RATES:-"250 500 1000 1500 2000 3000"}
CONNECTIONS=${CONNECTIONS:-4}

DB="orders_targets_$(date +%s)_$$"
WORK=$(mktemp -d /tmp/targets.XXXXXX)
SERVER_PID=""
REDIS_PID=""

cleanup() {
  set +e
  [[ -n $SERVER_PID ]] && { kill "$SERVER_PID"; wait "$SERVER_PID"; }
  [[ -n $REDIS_PID ]] && { kill "$REDIS_PID"; wait "$REDIS_PID"; }
  psql "$PG_BASE/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '%s\n' "$*"; }
cp "$JAR" "$WORK/orders.jar"
export ORDERS_PG_URL="$PG_BASE/$DB" ORDERS_GRPC_PORT="$PORT" ORDERS_REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
# the load creates orders for the seeded users and leaves them PENDING: no per-user limit refuses
# them, and no expiry of the seeded PENDING orders runs beside the measured traffic
export ORDERS_MAX_PENDING_PER_USER=1000000 ORDERS_PENDING_TIMEOUT_SECONDS=0

say "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GB, $(uname -r); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
say "postgres: $(psql "$PG_BASE/postgres" -Atc 'SHOW server_version'), redis: $(redis-server --version | awk '{print $3}')"
psql "$PG_BASE/postgres" -qc "CREATE DATABASE $DB" >/dev/null
java -jar "$WORK/orders.jar" seed --orders "$ORDERS" --users "$USERS" --reset >"$WORK/seed.log" 2>&1
say "dataset: $ORDERS orders, $USERS users (seed), $(psql "$ORDERS_PG_URL" -Atc 'SELECT count(*) FROM order_items') order items"

redis-server --port "$REDIS_PORT" --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
JFR=()
if [[ -n ${PROFILE_DIR:-} ]]; then
  mkdir -p "$PROFILE_DIR"
  JFR=("-XX:StartFlightRecording=filename=$PROFILE_DIR/server.jfr,settings=profile")
fi
java "${JFR[@]}" -jar "$WORK/orders.jar" serve >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.2; done
say "server: orders serve, ORDERS_INSTANCES default ($(nproc)), pool ${ORDERS_PG_POOL_SIZE:-16}, cache on its own redis :$REDIS_PORT"

# CPU seconds: the server JVM's from /proc, the client's from bash's `time`, the rest of the
# machine (PostgreSQL, Redis, and whatever else runs on this shared box) from /proc/stat
HZ=$(getconf CLK_TCK)
server_cpu() { awk -v hz="$HZ" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$SERVER_PID/stat"; }
machine_cpu() { awk -v hz="$HZ" '/^cpu / {printf "%.1f", ($2 + $3 + $4 + $7 + $8) / hz}' /proc/stat; }
cpu_split() {   # $1 client cpu file, $2 server before, $3 machine before
  python3 - "$(cat "$1")" "$2" "$(server_cpu)" "$3" "$(machine_cpu)" <<'EOF'
import sys
u, s = map(float, sys.argv[1].split()); client = u + s
server = float(sys.argv[3]) - float(sys.argv[2]); machine = float(sys.argv[5]) - float(sys.argv[4])
print(f"  cpu s: client {client:.1f}, server {server:.1f}, rest (PostgreSQL, Redis, other) {max(0, machine - client - server):.1f}")
EOF
}
timed() {   # $1 cpu file, rest: command; records the command's user+sys CPU seconds
  local TIMEFORMAT='%U %S' rc=0
  { time "${@:2}" ; } 2>"$1.err" || rc=$?
  tail -1 "$1.err" >"$1"
  return $rc
}

load() {   # $1 name, rest: load options; prints the overall rate and latencies
  local s0 m0; s0=$(server_cpu); m0=$(machine_cpu)
  # exit code 99 (a threshold breached) still produced results
  timed "$WORK/$1.cpu" java -jar "$WORK/orders.jar" load --target "127.0.0.1:$PORT" --connections "$CONNECTIONS" \
    --out "json=$WORK/$1.json" "${@:2}" >"$WORK/$1.log" 2>&1 || [[ $? == 99 ]]
  python3 - "$WORK/$1.json" <<'EOF'
import json, sys
o = json.load(open(sys.argv[1]))
a = o["overall"]; lag = o["run"]["schedulerLagP99Ms"]
lag = f"  (lag p99 {lag:.1f} ms)" if o["run"]["model"].startswith("open") else ""
print(f"  {a['rate']:9.0f}/s  p50 {a['p50']:7.2f}  p99 {a['p99']:7.2f} ms  errors {a['errors']}{lag}")
EOF
  if [[ ${CPU_SPLIT:-1} == 1 ]]; then cpu_split "$WORK/$1.cpu" "$s0" "$m0"; fi
}

pgb() {   # $1 script file; prints tps
  local s0 m0; s0=$(server_cpu); m0=$(machine_cpu)
  timed "$WORK/pgb.cpu" pgbench -n -M prepared -c "$C" -j 2 -T "$T" -f "$1" "$ORDERS_PG_URL" >"$WORK/pgb.out"
  awk '/^tps/ {printf "  %9.0f/s  (pgbench: %s)\n", $3, $0}' "$WORK/pgb.out"
  cpu_split "$WORK/pgb.cpu" "$s0" "$m0"
}

# the service's statements (OrderSql.GET, OrderSql.LIST_FIRST) with pgbench's random picks;
# order ids are text, so pgbench reaches them through a numbered side table (one extra PK probe)
psql "$ORDERS_PG_URL" -qc "CREATE TABLE bench_order_ids AS SELECT row_number() OVER () AS n, id FROM orders;
  ALTER TABLE bench_order_ids ADD PRIMARY KEY (n); ANALYZE bench_order_ids"
cat >"$WORK/get.sql" <<EOF
\set n random(1, $ORDERS)
SELECT o.id, o.user_id, o.status, o.total_cents, o.currency, o.created_at, o.updated_at, i.product_id, i.quantity, i.unit_price_cents FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.id = (SELECT id FROM bench_order_ids WHERE n = :n) ORDER BY i.line_no;
EOF
cat >"$WORK/list.sql" <<EOF
\set u random(1, $USERS)
WITH page AS (SELECT id, user_id, status, total_cents, currency, created_at, updated_at FROM orders WHERE user_id = 'usr_' || :u ORDER BY created_at DESC, id DESC LIMIT 11) SELECT o.id, o.user_id, o.status, o.total_cents, o.currency, o.created_at, o.updated_at, i.product_id, i.quantity, i.unit_price_cents FROM page o JOIN order_items i ON i.order_id = o.id ORDER BY o.created_at DESC, o.id DESC, i.line_no;
EOF

# every measured run warms its own JVM (and the server) first with --warmup: a fresh client JVM
# spends the first seconds compiling, which would otherwise land in the recorded percentiles
WARMUP=${WARMUP:-10s}

say ""
say "== GetOrder, $C concurrent, ${T}s each"
say "gRPC GetOrder:";     load get --vus "$C" --warmup "$WARMUP" --duration "${T}s" --scenario bench-get-order
say "pgbench same SQL:";  pgb "$WORK/get.sql"
say "== ListOrders first page (10 + 1 rows), $C concurrent"
say "gRPC ListOrders:";   load list --vus "$C" --warmup "$WARMUP" --duration "${T}s" --scenario bench-list-orders
say "pgbench same SQL:";  pgb "$WORK/list.sql"

say "== GetProduct on cache hits, $REDIS_CLIENTS concurrent"
say "gRPC GetProduct:";   load product --vus "$REDIS_CLIENTS" --warmup "$WARMUP" --duration "${T}s" --scenario bench-get-product
redis-benchmark -p "$REDIS_PORT" -t set -d 300 -r 100 -n 20000 -q >/dev/null
say "redis-benchmark -t get -P 1 -c $REDIS_CLIENTS (300-byte values, 100 keys):"
s0=$(server_cpu); m0=$(machine_cpu)
timed "$WORK/rb.cpu" redis-benchmark -p "$REDIS_PORT" -t get -P 1 -c "$REDIS_CLIENTS" -r 100 -n $(( T * 20000 )) -q >"$WORK/rb.out"
tr '\r' '\n' <"$WORK/rb.out" | awk '/GET:.*requests per second/ {print "  " $0}'
cpu_split "$WORK/rb.cpu" "$s0" "$m0"

say ""
say "== capacity: mixed, open model, ${T}s per step, p99 < 25 ms and no errors"
for r in $RATES; do
  printf 'rate %5s/s:' "$r"
  out=$(CPU_SPLIT=0 load "cap-$r" --rate "$r" --warmup "$WARMUP" --duration "${T}s" --scenario mixed --timeout 2s)
  printf '%s' "$out"
  if python3 -c "import json,sys; o=json.load(open('$WORK/cap-$r.json'))['overall']; sys.exit(0 if o['p99'] < 25 and o['errors'] == 0 else 1)"; then
    echo "  ok"
  else
    echo "  BREACHED"
    break
  fi
done
say "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ -n ${PROFILE_DIR:-} ]]; then
  kill "$SERVER_PID"; wait "$SERVER_PID" || true; SERVER_PID=""
  jfr print --events jdk.ExecutionSample "$PROFILE_DIR/server.jfr" >"$PROFILE_DIR/samples.txt"
  say ""
  say "== server CPU samples by top frame's package (JFR, whole run)"
  python3 - "$PROFILE_DIR/samples.txt" <<'EOF'
import collections, re, sys
tops, pkgs, n, first = collections.Counter(), collections.Counter(), 0, None
for line in open(sys.argv[1]):
    if line.startswith("jdk.ExecutionSample"):
        first = True; n += 1; continue
    m = re.match(r"\s+([\w.$]+)\.([\w$<>]+)\(", line)
    if m and first:
        first = False
        cls = m.group(1); tops[cls + "." + m.group(2)] += 1
        parts = cls.split(".")
        pkgs[".".join(parts[:3]) if parts[0] in ("io", "com", "org") else ".".join(parts[:2])] += 1
print(f"  {n} samples")
for p, c in pkgs.most_common(12): print(f"  {100*c/n:5.1f}%  {p}")
print("  top methods:")
for p, c in tops.most_common(12): print(f"  {100*c/n:5.1f}%  {p}")
EOF
fi
