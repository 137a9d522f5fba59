#!/usr/bin/env bash
# Seeding 500k orders against a raw COPY-level load of the same rows, alternating in one run:
# per round the raw baseline, then `orders seed --reset` of each jar (OLD, NEW). raw = the five
# seeded tables dumped by COPY ... TO (FORMAT binary) once, loaded by COPY ... FROM into empty
# index-less copies (CREATE TABLE raw_x (LIKE x INCLUDING DEFAULTS)) in one transaction.
# Run under the shared lock: flock /work/wt/bench.lock perf/seed-bench.sh
set -euo pipefail
export PGOPTIONS="-c client_min_messages=warning"
OLD=${OLD:-/work/jars/ffe0a88.jar}; NEW=${NEW:-target/orders.jar}; ROUNDS=${ROUNDS:-2}
PG_BASE=postgresql://postgres@127.0.0.1:5432; DB="seedbench_$$"; U="$PG_BASE/$DB"
WORK=$(mktemp -d /tmp/seedbench.XXXX); chmod 777 "$WORK"   # the server writes the dumps
T="products stock_adjustments orders order_items order_events"
RAW=$(for t in $T; do printf 'raw_%s,' "$t"; done | sed 's/,$//')
cleanup() { psql "$PG_BASE/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1; rm -rf "$WORK"; }
trap cleanup EXIT
load() { cut -d' ' -f1 /proc/loadavg; }
seed() { # $1 label, $2 jar: prints the seed's total seconds; its phase lines stay in $WORK/$1.log
  ORDERS_PG_URL=$U java -jar "$2" seed --reset >"$WORK/$1.log" 2>&1
  sed -n 's/^seed: done in \([0-9.]*\) s.*/\1/p' "$WORK/$1.log"
}
raw() {
  { echo "DROP TABLE IF EXISTS $RAW;"; for t in $T; do echo "CREATE TABLE raw_$t (LIKE $t INCLUDING DEFAULTS);"; done; } \
    | psql "$U" -q
  local s e; s=$(date +%s.%N)
  { echo "BEGIN;"; for t in $T; do echo "COPY raw_$t FROM '$WORK/$t.bin' (FORMAT binary);"; done; echo "COMMIT;"; } \
    | psql "$U" -q
  e=$(date +%s.%N); psql "$U" -qc "DROP TABLE $RAW"; echo "$e - $s" | bc
}
psql "$PG_BASE/postgres" -qc "CREATE DATABASE $DB"
echo "warm-up: new seed $(seed warmup "$NEW") s"
for t in $T; do psql "$U" -qc "COPY $t TO '$WORK/$t.bin' (FORMAT binary)"; done
echo "round | load avg | raw COPY s | old seed s | old/raw | new seed s | new/raw"
for i in $(seq 1 "$ROUNDS"); do
  l=$(load); r=$(raw); o=$(seed "old-$i" "$OLD"); n=$(seed "new-$i" "$NEW")
  printf '%s | %s-%s | %.1f | %.1f | %.1fx | %.1f | %.1fx\n' "$i" "$l" "$(load)" "$r" "$o" "$(echo "$o / $r" | bc -l)" \
    "$n" "$(echo "$n / $r" | bc -l)"
done
for f in "$WORK"/new-"$ROUNDS".log "$WORK"/old-"$ROUNDS".log; do echo "== $(basename "$f")"; grep '^seed:' "$f"; done
