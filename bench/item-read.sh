#!/usr/bin/env bash
# A/B of single-item reads: GET /healthz and GET /api/v1/members/{id} (with a bearer token)
# against a given binary on the SQLite database that bench/run.sh generated, twice each,
# 8 s at 32 connections. For comparing two builds in one sitting:
#
#   cp target/release/cluster2cluster /tmp/before   # … change, rebuild …
#   bench/item-read.sh /tmp/before; bench/item-read.sh target/release/cluster2cluster
source "$(dirname "$0")/lib.sh"
BIN=$(realpath "${1:-$BIN}")
url=$WORK/main.db
[ -f "$url" ] || { echo "run bench/run.sh sqlite first (it generates $url)" >&2; exit 1; }
start_service "$url"
TOKEN=$(login perf@example.org 'catalogue export run 2026')
base="http://127.0.0.1:$PORT"
auth="Authorization: Bearer $TOKEN"
MEMBER=$(curl -fsS "$base/api/v1/members?limit=1" -H "$auth" | python3 -c 'import sys,json; print(json.load(sys.stdin)["items"][0]["id"])')
wrk -t2 -c32 -d4s "$base/healthz" >/dev/null # warm-up
for _ in 1 2; do
    echo "healthz:     $(wrk -t2 -c32 -d8s --latency "$base/healthz" | grep -E 'Requests/sec|99%' | tr -s ' \n' ' ')"
    echo "member item: $(wrk -t2 -c32 -d8s --latency "$base/api/v1/members/$MEMBER" -H "$auth" | grep -E 'Requests/sec|99%' | tr -s ' \n' ' ')"
done
stop_service
