#!/usr/bin/env bash
# A/B benchmark of two builds of the service, plus a ceiling server, on this machine, in one run.
# Builds nothing. Each build gets its own freshly seeded scratch database (seeded by that build's
# own `seed`, so each has its own schema) and its own private redis-server; both servers run side
# by side, and the ceiling server (`orders ceiling`: constant products, no auth, no database) is
# the third target of the product reads. After a warm-up of every target, it runs ROUNDS rounds of
# every benchmark, alternating the order of the targets (A B C, then C B A, ...) so that drift of
# this shared box's load cancels out, and prints per benchmark the medians and the median of the
# per-round ratios B/A and B/ceiling, then the hot-path targets as a markdown table.
#
#   perf/ab-bench.sh [A.jar [B.jar]]     # A default /work/wt/orders-session-start.jar, B target/orders.jar
#   ROUNDS=5 SECONDS_EACH=20 perf/ab-bench.sh old.jar target/orders.jar | tee /tmp/ab.txt
#
# Every run is driven by the SAME generator, B's `load` (LOAD_JAR), in the closed model. A build
# whose `orders --help` lists no `token` command has no auth: it gets no secret and no tokens.
# The cache hit ratio comes from B's /metrics (admin port): the share of product reads (GetProduct
# and BatchGetProducts ids, during the create-order runs) answered without PostgreSQL, i.e. by the
# near-cache (orders_cache_l1_hits) or by Redis (orders_cache_hits, negative_hits) rather than
# loaded (orders_cache_misses, which include the reads that fell back because Redis did not answer
# in time). A build without a metrics endpoint is reported as such. Before any benchmark every
# build's catalog is read once (CATALOG_WARM), as in a service that has been up for a while: the
# 20% of checkout's product reads outside the hot set would otherwise meet 10,000 cold products.
#
# Knobs (defaults): ROUNDS (3), SECONDS_EACH (10, per measured run), RUN_WARMUP (3s, unrecorded,
# in each run's JVM), WARMUP_EACH (5s, per target and benchmark, before round 1), ORDERS (200000
# seeded orders), BENCHES ("get-product batch-100 create-order get-order list-orders"),
# PRODUCT_VUS (50), BATCH_VUS (16), CREATE_VUS (64), READ_VUS (16), CONNECTIONS (4),
# LOAD_JAR and CEILING_JAR (B), PG_BASE (postgresql://postgres@127.0.0.1:5432), ports
# PORT_A/PORT_B/PORT_C (50981/50982/50983), ADMIN_PORT_B (50984), REDIS_PORT_A/B (56381/56382),
# H2LOAD_ROUNDS (2; 0 for none) and H2_SECONDS (5) for h2load (nghttp2-client) on the product reads,
# B_AUTH=disabled (run B with ORDERS_AUTH=disabled, to see what auth costs), CATALOG_WARM=0 (leave
# the caches cold; by default every build's catalog is read once before the warm-up, by h2load),
# KEEP_DIR (copy the raw results there). Needs psql, python3, redis-server, curl.
set -euo pipefail
cd "$(dirname "$0")/.."

A_JAR=${1:-${A_JAR:-/work/wt/orders-session-start.jar}}
B_JAR=${2:-${B_JAR:-target/orders.jar}}
ROUNDS=${ROUNDS:-3}
T=${SECONDS_EACH:-10}
RUN_WARMUP=${RUN_WARMUP:-3s}
WARMUP_EACH=${WARMUP_EACH:-5s}
ORDERS=${ORDERS:-200000}
BENCHES=${BENCHES:-"get-product batch-100 create-order get-order list-orders"}
CONNECTIONS=${CONNECTIONS:-4}
PG_BASE=${PG_BASE:-postgresql://postgres@127.0.0.1:5432}
PORT_A=${PORT_A:-50981}
PORT_B=${PORT_B:-50982}
PORT_C=${PORT_C:-50983}
ADMIN_PORT_B=${ADMIN_PORT_B:-50984}
REDIS_PORT_A=${REDIS_PORT_A:-56381}
REDIS_PORT_B=${REDIS_PORT_B:-56382}

WORK=$(mktemp -d /tmp/ab-bench.XXXXXX)
DB_A="orders_ab_a_$$"
DB_B="orders_ab_b_$$"
PIDS=()
SECRET=$(head -c 32 /dev/urandom | base64 | tr -d '/+=')

cleanup() {
  set +e
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  for db in "$DB_A" "$DB_B"; do psql "$PG_BASE/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1; done
  if [[ -n ${KEEP_DIR:-} ]]; then mkdir -p "$KEEP_DIR" && cp "$WORK"/*.tsv "$WORK"/*.json "$KEEP_DIR"/ 2>/dev/null; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '%s\n' "$*"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
has_command() { java -jar "$1" --help 2>/dev/null | grep -qw "$2"; }
wait_port() {   # $1 port, $2 pid, $3 log
  for _ in $(seq 1 150); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || { cat "$3" >&2; exit 1; }
    sleep 0.2
  done
  say "no server on :$1 after 30 s" >&2; exit 1
}

# copies, so a rebuild during the run cannot change what is measured
cp "$A_JAR" "$WORK/a.jar"
cp "$B_JAR" "$WORK/b.jar"
cp "${LOAD_JAR:-$B_JAR}" "$WORK/load.jar"
cp "${CEILING_JAR:-$B_JAR}" "$WORK/ceiling.jar"

say "ab-bench: $(date -u +%FT%TZ), $(nproc) cores, load average at start $(loadavg)"
say "A: $A_JAR ($(stat -c %y "$A_JAR" | cut -d. -f1)), B: $B_JAR ($(stat -c %y "$B_JAR" | cut -d. -f1)), generator: B's load"
say "rounds $ROUNDS, ${T}s per run after ${RUN_WARMUP} unrecorded, targets warmed ${WARMUP_EACH} per benchmark first"

# $1 side (a|b), $2 jar, $3 db, $4 grpc port, $5 redis port; auth and metrics only where the build has them
start_side() {
  local side=$1 jar=$2 url="$PG_BASE/$3" env=()
  psql "$PG_BASE/postgres" -qc "CREATE DATABASE $3" >/dev/null
  redis-server --port "$5" --save '' --appendonly no >"$WORK/redis-$side.log" 2>&1 &
  PIDS+=($!)
  env=(ORDERS_PG_URL="$url" ORDERS_GRPC_PORT="$4" ORDERS_REDIS_URL="redis://127.0.0.1:$5"
    ORDERS_MAX_PENDING_PER_USER=1000000 ORDERS_PENDING_TIMEOUT_SECONDS=0)
  if [[ $side == b && ${B_AUTH:-jwt} == disabled ]]; then
    env+=(ORDERS_AUTH=disabled)   # to tell auth's share of B's time from the rest
  elif has_command "$jar" token; then
    env+=(ORDERS_AUTH_HS256_SECRET="$SECRET")
    printf '%s' "$SECRET" >"$WORK/auth-$side"
  fi
  [[ $side == b ]] && env+=(ORDERS_ADMIN_PORT="$ADMIN_PORT_B")
  local t0=$SECONDS
  env "${env[@]}" java -jar "$jar" seed --orders "$ORDERS" >"$WORK/seed-$side.log" 2>&1
  say "$side: seeded $ORDERS orders into $3 with its own jar in $((SECONDS - t0)) s; auth $([[ -f $WORK/auth-$side ]] && echo on || echo 'off (absent in this build, or B_AUTH=disabled)')"
  env "${env[@]}" java -jar "$jar" serve >"$WORK/server-$side.log" 2>&1 &
  PIDS+=($!)
  wait_port "$4" "$!" "$WORK/server-$side.log"
  java -jar "$WORK/load.jar" load --export-dataset "$WORK/dataset-$side.json" --pg-url "$url" >/dev/null
}

start_side a "$WORK/a.jar" "$DB_A" "$PORT_A" "$REDIS_PORT_A"
start_side b "$WORK/b.jar" "$DB_B" "$PORT_B" "$REDIS_PORT_B"
SIDES="a b"
if has_command "$WORK/ceiling.jar" ceiling; then
  java -jar "$WORK/ceiling.jar" ceiling --port "$PORT_C" >"$WORK/server-c.log" 2>&1 &
  PIDS+=($!)
  wait_port "$PORT_C" "$!" "$WORK/server-c.log"
  SIDES="a b c"
else
  say "c: $CEILING_JAR has no ceiling command: no ceiling this run"
fi
METRICS=""
if curl -sf "http://127.0.0.1:$ADMIN_PORT_B/metrics" >/dev/null; then METRICS="http://127.0.0.1:$ADMIN_PORT_B/metrics"; fi

# benchmark -> scenario, VUs, the RPC whose rate is measured, whether the ceiling serves it
scenario() {
  case $1 in
    get-product) echo "bench-get-product ${PRODUCT_VUS:-50} GetProduct c" ;;
    batch-100) echo "perf/scenarios/bench-batch-100.properties ${BATCH_VUS:-16} BatchGetProducts c" ;;
    create-order) echo "checkout ${CREATE_VUS:-64} CreateOrder -" ;;
    get-order) echo "bench-get-order ${READ_VUS:-16} GetOrder -" ;;
    list-orders) echo "bench-list-orders ${READ_VUS:-16} ListOrders -" ;;
    *) say "unknown benchmark $1" >&2; exit 2 ;;
  esac
}

cache_counters() {   # product reads B answered without PostgreSQL, and those it loaded, from its /metrics
  curl -sf "$METRICS" | awk '/^orders_cache_(l1_hits|hits|negative_hits)_total/ {h += $2}
    /^orders_cache_misses_total/ {m += $2} END {printf "%d %d", h, m}'
}

# $1 side, $2 benchmark, $3 round (0 = warm-up), $4 warm-up duration, $5 measured duration
run() {
  local side=$1 port dataset auth=() scen vus rpc _c
  read -r scen vus rpc _c <<<"$(scenario "$2")"
  case $side in a) port=$PORT_A ;; b) port=$PORT_B ;; c) port=$PORT_C ;; esac
  dataset="$WORK/dataset-${side/c/b}.json"
  [[ -f $WORK/auth-$side ]] && auth=(--auth-secret "$(cat "$WORK/auth-$side")")
  local before="" la; la=$(loadavg)
  [[ $side == b && $2 == create-order && -n $METRICS ]] && before=$(cache_counters)
  java -jar "$WORK/load.jar" load --target "127.0.0.1:$port" --dataset "$dataset" --scenario "$scen" \
    --vus "$vus" --connections "$CONNECTIONS" --warmup "$4" --duration "$5" --timeout 5s "${auth[@]}" \
    --out "json=$WORK/$side-$2-$3.json" >"$WORK/$side-$2-$3.log" 2>&1 || { cat "$WORK/$side-$2-$3.log" >&2; exit 1; }
  [[ $3 == 0 ]] && return 0
  local hits="" ; [[ -n $before ]] && hits="$before $(cache_counters)"
  python3 - "$WORK/$side-$2-$3.json" "$side" "$2" "$3" "$rpc" "$la" "$hits" >>"$WORK/results.tsv" <<'EOF'
import json, sys
o = json.load(open(sys.argv[1])); side, bench, rnd, rpc, la, hits = sys.argv[2:8]
r = next(x for x in o["rpcs"] if x["name"] == rpc)
ratio = ""
if hits:
    h0, m0, h1, m1 = map(int, hits.split()); n = (h1 - h0) + (m1 - m0)
    ratio = f"{(h1 - h0) / n:.4f}" if n else ""
print("\t".join([bench, side, rnd, f"{r['rate']:.1f}", f"{r['p50']:.3f}", f"{r['p99']:.3f}",
                 str(o["overall"]["errors"]), la.split()[0], ratio]))
EOF
  tail -1 "$WORK/results.tsv" | awk -F'\t' '{printf "  %-12s %s round %s: %9.0f/s p50 %7.2f p99 %7.2f ms errors %s load %s%s\n", $1, $2, $3, $4, $5, $6, $7, $8, ($9 == "" ? "" : " cache hits " $9)}'
}

targets_for() {   # the sides that run a benchmark, in this round's order
  local list="a b" c; c=$(scenario "$1" | cut -d' ' -f4)
  [[ $c == c && $SIDES == *c* ]] && list="a b c"
  if (($2 % 2 == 0)); then echo "$list" | awk '{for (i = NF; i > 0; i--) printf "%s ", $i}'; else echo "$list"; fi
}

# Every product of the side's dataset read once, 100 ids per BatchGetProducts, by h2load (4 calls
# at a time); without h2load the caches stay cold (said so).
warm_catalog() {   # $1 side
  local port=$PORT_A auth=() t0=$SECONDS
  [[ $1 == b ]] && port=$PORT_B
  if ! command -v h2load >/dev/null; then
    say "$1: catalog NOT warmed (no h2load: apt-get install nghttp2-client); the hit ratio is a cold start's"
    return
  fi
  python3 - "$WORK/dataset-$1.json" "$WORK/warm-$1" <<'PY'
import json, os, sys
ids = json.load(open(sys.argv[1]))["productIds"]
os.makedirs(sys.argv[2], exist_ok=True)
for n in range(0, len(ids), 100):
    msg = b"".join(bytes([0x0a, len(i)]) + i.encode() for i in ids[n:n + 100])   # field 1, repeated ids
    open(f"{sys.argv[2]}/{n // 100:06d}.bin", "wb").write(b"\0" + len(msg).to_bytes(4, "big") + msg)
PY
  [[ -f $WORK/auth-$1 ]] && auth=(-H "authorization: Bearer $(ORDERS_AUTH_HS256_SECRET="$(cat "$WORK/auth-$1")" java -jar "$WORK/b.jar" token --sub usr_1)")
  find "$WORK/warm-$1" -name '*.bin' -print0 | xargs -0 -P 4 -I{} h2load -n 1 -c 1 -d {} -H 'content-type: application/grpc' \
    -H 'te: trailers' "${auth[@]}" "http://127.0.0.1:$port/orders.v1.ProductService/BatchGetProducts" >/dev/null
  say "$1: read its $(find "$WORK/warm-$1" -name '*.bin' | wc -l) batches of 100 products once in $((SECONDS - t0)) s"
}
if [[ ${CATALOG_WARM:-1} != 0 ]]; then
  say "== catalog: every product read once per build, not recorded"
  for side in a b; do warm_catalog "$side"; done
fi
say ""
say "== warm-up: every target, every benchmark, ${WARMUP_EACH} each (not recorded)"
for bench in $BENCHES; do
  for side in $(targets_for "$bench" 1); do run "$side" "$bench" 0 1s "$WARMUP_EACH"; done
done
printf 'bench\tside\tround\trate\tp50\tp99\terrors\tload1\tcache_hit_ratio\n' >"$WORK/results.tsv"
for round in $(seq 1 "$ROUNDS"); do
  say "== round $round/$ROUNDS (load average $(loadavg))"
  for bench in $BENCHES; do
    for side in $(targets_for "$bench" "$round"); do run "$side" "$bench" "$round" "$RUN_WARMUP" "${T}s"; done
  done
done

# The independent generator: h2load (Debian nghttp2-client), 16 connections x 16 streams, the same
# pre-framed gRPC request over and over (hot ids). h2load counts a failed gRPC call (trailers-only,
# no body) as HTTP 200, so the data bytes per call are checked against the smallest real answer.
h2_body() {   # $1 benchmark, $2 dataset -> the framed request file, its path and the minimum reply size
  python3 - "$1" "$2" "$WORK/h2-$1.bin" <<'PY'
import json, sys
bench, dataset, out = sys.argv[1:4]
ids = json.load(open(dataset))["productIds"][:100 if bench == "batch-100" else 1]
msg = b"".join(bytes([0x0a, len(i)]) + i.encode() for i in ids)   # field 1 (id / repeated ids)
open(out, "wb").write(b"\0" + len(msg).to_bytes(4, "big") + msg)
rpc = "BatchGetProducts" if bench == "batch-100" else "GetProduct"
print(out, f"/orders.v1.ProductService/{rpc}", 40 * len(ids))   # a seeded product is ~60 bytes
PY
}
h2_run() {   # $1 side, $2 benchmark, $3 round
  local port file path min auth=() la out
  case $1 in a) port=$PORT_A ;; b) port=$PORT_B ;; c) port=$PORT_C ;; esac
  read -r file path min <<<"$(h2_body "$2" "$WORK/dataset-${1/c/b}.json")"
  [[ -f $WORK/auth-$1 ]] && auth=(-H "authorization: Bearer $(ORDERS_AUTH_HS256_SECRET="$(cat "$WORK/auth-$1")" java -jar "$WORK/b.jar" token --sub usr_1)")
  la=$(loadavg)
  out=$(h2load -c 16 -m 16 -t 1 -D "$H2_SECONDS" --warm-up-time=1 -d "$file" -H 'content-type: application/grpc' \
    -H 'te: trailers' "${auth[@]}" "http://127.0.0.1:$port$path" 2>&1)
  awk -v b="$2" -v s="$1" -v r="$3" -v min="$min" -v la="${la%% *}" '
    /^finished in/ {rate = $4 + 0}
    /^requests:/ {ok = $8 + 0; failed = $10 + 0}
    /^traffic:/ {for (i = 1; i <= NF; i++) if ($i == "data") {d = $(i - 1); gsub(/[()]/, "", d)}}
    END {per = ok ? d / ok : 0; bad = (per < min) ? "FAILED CALLS (short replies)" : "ok";
         printf "%s\th2-%s\t%s\t%s\t%.1f\t%d\t%s\n", b, s, r, rate, per, failed, la;
         printf "  %-12s %s round %s (h2load): %9.0f/s, %.0f reply bytes/call (%s), %d failed, load %s\n", b, s, r, rate, per, bad, failed, la >"/dev/stderr"}' \
    <<<"$out" >>"$WORK/h2load.tsv"
}
H2_SECONDS=${H2_SECONDS:-5}
if [[ ${H2LOAD_ROUNDS:-2} -gt 0 ]] && command -v h2load >/dev/null; then
  say "== h2load: 16 connections x 16 streams, ${H2_SECONDS}s per run, ${H2LOAD_ROUNDS:-2} rounds"
  for round in $(seq 1 "${H2LOAD_ROUNDS:-2}"); do
    for bench in get-product batch-100; do
      [[ $BENCHES == *$bench* ]] || continue
      for side in $(targets_for "$bench" "$round"); do h2_run "$side" "$bench" "$round" 2>&1; done
    done
  done
elif [[ ${H2LOAD_ROUNDS:-2} -gt 0 ]]; then
  say "h2load not installed (apt-get install nghttp2-client): no independent-generator runs"
fi
say "load average at end: $(loadavg)"
[[ -z $METRICS ]] && say "note: B has no metrics endpoint on :$ADMIN_PORT_B: no cache hit ratio"
say "note: the cache hit ratio is read from B's /metrics only; A's is not measured (builds without the admin port have no metrics endpoint)"

python3 - "$WORK/results.tsv" <<'EOF'
import csv, statistics as st, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
def get(bench, side, key):
    return {int(r["round"]): float(r[key]) for r in rows if r["bench"] == bench and r["side"] == side and r[key]}
def med_ratio(bench, num, den, key="rate"):
    n, d = get(bench, num, key), get(bench, den, key)
    common = sorted(set(n) & set(d))
    return st.median(n[k] / d[k] for k in common) if common else None
def med(bench, side, key="rate"):
    v = list(get(bench, side, key).values())
    return st.median(v) if v else None
fmt = lambda v, f="{:,.0f}/s": "—" if v is None else f.format(v)
print("\n== per benchmark: medians over rounds; ratios are the median of the per-round ratios")
print(f"{'benchmark':14} {'A/s':>9} {'B/s':>9} {'ceil/s':>9} {'B/A':>6} {'B/ceil':>7} {'p99 A':>8} {'p99 B':>8} {'p99 B/A':>8}  errors")
benches = list(dict.fromkeys(r["bench"] for r in rows))
for b in benches:
    errs = sum(int(r["errors"]) for r in rows if r["bench"] == b)
    print(f"{b:14} {fmt(med(b,'a'),'{:9.0f}'):>9} {fmt(med(b,'b'),'{:9.0f}'):>9} {fmt(med(b,'c'),'{:9.0f}'):>9} "
          f"{fmt(med_ratio(b,'b','a'),'{:.2f}'):>6} {fmt(med_ratio(b,'b','c'),'{:.2f}'):>7} "
          f"{fmt(med(b,'a','p99'),'{:.2f}'):>8} {fmt(med(b,'b','p99'),'{:.2f}'):>8} {fmt(med_ratio(b,'b','a','p99'),'{:.2f}'):>8}  {errs}")
hit = [float(r["cache_hit_ratio"]) for r in rows if r["cache_hit_ratio"]]
goals = [  # benchmark, what, ratio, goal, passes
    ("get-product", "GetProduct hot: B ≥ 50% of the ceiling", med_ratio("get-product", "b", "c"), "≥ 0.50", lambda v: v >= 0.5),
    ("batch-100", "BatchGetProducts(100) hot: B ≥ 3× A", med_ratio("batch-100", "b", "a"), "≥ 3.00", lambda v: v >= 3),
    ("create-order", "CreateOrder at saturation (checkout, 64 VUs): B ≥ 1.5× A", med_ratio("create-order", "b", "a"), "≥ 1.50", lambda v: v >= 1.5),
    ("get-order", "GetOrder: no regression (B/A ≥ 0.95)", med_ratio("get-order", "b", "a"), "≥ 0.95", lambda v: v >= 0.95),
    ("list-orders", "ListOrders: no regression (B/A ≥ 0.95)", med_ratio("list-orders", "b", "a"), "≥ 0.95", lambda v: v >= 0.95),
]
import os
h2 = os.path.join(os.path.dirname(sys.argv[1]), "h2load.tsv")
if os.path.exists(h2):
    hr = [l.rstrip("\n").split("\t") for l in open(h2)]
    print("\n== h2load (independent generator): median calls/s; ratios median of per-round ratios")
    for b in dict.fromkeys(r[0] for r in hr):
        by = lambda s: {r[2]: float(r[3]) for r in hr if r[0] == b and r[1] == "h2-" + s}
        a, bb, c = by("a"), by("b"), by("c")
        rat = lambda n, d: st.median(n[k] / d[k] for k in n if k in d and d[k]) if any(k in d for k in n) else None
        m = lambda x: st.median(x.values()) if x else None
        print(f"{b:14} A {fmt(m(a))}  B {fmt(m(bb))}  ceiling {fmt(m(c))}  B/A {fmt(rat(bb, a), '{:.2f}')}  B/ceil {fmt(rat(bb, c), '{:.2f}')}")
print("\n| target | A | B | ceiling | ratio | goal | verdict |\n|---|---|---|---|---|---|---|")
for b, what, ratio, goal, ok in goals:
    if b not in benches:
        continue
    verdict = "not measured" if ratio is None else ("**met**" if ok(ratio) else "**missed**")
    print(f"| {what} | {fmt(med(b,'a'))} | {fmt(med(b,'b'))} | {fmt(med(b,'c'))} | {fmt(ratio,'{:.2f}')} | {goal} | {verdict} |")
if "create-order" in benches:
    h = st.median(hit) if hit else None
    verdict = "not measured (no metrics)" if h is None else ("**met**" if h >= 0.95 else "**missed**")
    print(f"| Cache hit ratio of product reads under checkout (B's counters: read without PostgreSQL / all reads) | no metrics | {fmt(h, '{:.1%}')} | — | — | ≥ 95% | {verdict} |")
EOF
