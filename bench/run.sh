#!/usr/bin/env bash
# The benchmark of issue 7: realistic generated data (20 clusters, 10,000 member companies,
# 30,000 contacts, 50 events with 2,000 registrations, plus one event whose catalogue has
# 100,000 contacts) on SQLite and PostgreSQL; the release service driven by wrk (and hey for
# the paced login storm, hey). Every scenario is also reported as a ratio to GET /healthz measured
# on the same server in the same run.
#
#   bench/run.sh [sqlite|postgres] [seconds per scenario, default 15]
source "$(dirname "$0")/lib.sh"
backends=${1:-"sqlite postgres"}
secs=${2:-15}
conns=32
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
command -v hey >/dev/null || { echo "hey is missing: apt-get install hey" >&2; exit 1; }
build_release

# wrk NAME URL [extra args] → one table row: rps, p50, p99 in ms.
run_wrk() {
    local name=$1 url=$2; shift 2
    local out
    out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency "$@" "$url")
    local rps p50 p99 non2xx
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1=="50%" {print $2}')
    p99=$(echo "$out" | awk '$1=="99%" {print $2}')
    non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
    echo "$name|$rps|$(to_ms "$p50")|$(to_ms "$p99")|${non2xx:-0}"
}

# wrk prints 812.00us, 1.23ms or 1.02s.
to_ms() {
    python3 -c "
v='$1'
for suffix, f in (('us', 0.001), ('ms', 1.0), ('s', 1000.0)):
    if v.endswith(suffix):
        print(round(float(v[:-len(suffix)]) * f, 2)); break
else: print(v)"
}

for backend in $backends; do
    url=$(fresh_db "$backend" main)
    echo "== $backend: generating data" >&2
    summary=$("$BIN" generate --database-url "$url" --clusters 20 --members 10000 --contacts 30000 \
        --events 50 --registrations 2000 --export-event-contacts 100000 2>/dev/null)
    export_event=$(echo "$summary" | python3 -c 'import sys,json; print(json.load(sys.stdin)["export_event"])')
    "$BIN" create-admin --database-url "$url" --email perf@example.org --password 'catalogue export run 2026' >/dev/null 2>&1
    start_service "$url"
    TOKEN=$(login perf@example.org 'catalogue export run 2026')
    auth="Authorization: Bearer $TOKEN"
    base="http://127.0.0.1:$PORT"
    CLUSTER=$(curl -fsS "$base/api/v1/clusters?limit=1" -H "$auth" | python3 -c 'import sys,json; print(json.load(sys.stdin)["items"][0]["id"])')
    MEMBER=$(curl -fsS "$base/api/v1/members?cluster_id=$CLUSTER&limit=1" -H "$auth" | python3 -c 'import sys,json; print(json.load(sys.stdin)["items"][0]["id"])')
    # Events the chosen cluster takes part in (host or guest): its members may register there.
    EVENTS=$(curl -fsS "$base/api/v1/events?limit=100" -H "$auth" | python3 -c "
import sys, json
print(','.join(e['id'] for e in json.load(sys.stdin)['items']
               if e['id'] != '$export_event' and '$CLUSTER' in [e['host_cluster_id']] + e['guest_cluster_ids']))")
    export TOKEN CLUSTER MEMBER EVENTS

    rows=()
    rows+=("$(run_wrk "healthz (baseline)" "$base/healthz")")
    rows+=("$(run_wrk "GET member by id" "$base/api/v1/members/$MEMBER" -H "$auth")")
    rows+=("$(run_wrk "GET 50 members, cluster filter + q" "$base/api/v1/members?cluster_id=$CLUSTER&q=aero&limit=50" -H "$auth")")
    rows+=("$(run_wrk "GET catalogue page (JSON, 50)" "$base/api/v1/events/$export_event/catalogue?limit=50" -H "$auth")")
    rows+=("$(run_wrk "write mix (member create / PATCH If-Match / contact / registration)" "$base/api/v1/members" -s "$ROOT/bench/write-mix.lua")")
    # Login storm: 20 logins a second (hey: 4 workers paced at 5 a second each) while the item
    # read runs; the storm starts first so that it covers the whole read.
    hey -z "$((secs + 1))s" -c 4 -q 5 -m POST -T application/json \
        -d '{"email":"perf@example.org","password":"catalogue export run 2026"}' \
        "$base/api/v1/auth/login" >"$WORK/storm.txt" 2>&1 &
    storm=$!
    rows+=("$(run_wrk "GET member by id, during login storm" "$base/api/v1/members/$MEMBER" -H "$auth")")
    wait "$storm" || true
    storm_rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/storm.txt")
    storm_ok=$(grep -E '^\s+\[200\]' "$WORK/storm.txt" | awk '{print $2}')
    storm_p99=$(awk '/99% in/ {print $3 * 1000}' "$WORK/storm.txt")

    base_rps=$(echo "${rows[0]}" | cut -d'|' -f2)
    echo
    echo "### $backend — $conns connections, ${secs}s each, $(date -u +%F)"
    echo
    echo "| scenario | req/s | ratio to /healthz | p50 ms | p99 ms | non-2xx |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: |"
    for row in "${rows[@]}"; do
        IFS='|' read -r name rps p50 p99 non2xx <<<"$row"
        ratio=$(python3 -c "print(f'{$rps / $base_rps:.2f}')")
        echo "| $name | $rps | $ratio | $p50 | $p99 | $non2xx |"
    done
    echo
    echo "Login storm: ${storm_rps:-?} logins/s completed by hey, ${storm_ok:-0} answered 200, login p99 ${storm_p99:-?} ms."
    peak=$(peak_rss_mib)
    stop_service

    # The 100,000-contact exports, each on a fresh service so that its peak memory is its own.
    for format in csv vcf; do
        start_service "$url"
        TOKEN=$(login perf@example.org 'catalogue export run 2026')
        t0=$(date +%s.%N)
        bytes=$(curl -fsS "http://127.0.0.1:$PORT/api/v1/events/$export_event/catalogue?format=$format" \
            -H "Authorization: Bearer $TOKEN" -o /dev/null -w '%{size_download}')
        t1=$(date +%s.%N)
        echo "Export of 100,000 contacts as $format: $bytes bytes in $(python3 -c "print(round($t1 - $t0, 2))") s, peak RSS $(peak_rss_mib) MiB."
        stop_service
    done
    echo "Peak RSS of the service over the read, write and login-storm scenarios: $peak MiB."
done
