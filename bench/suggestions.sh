#!/usr/bin/env bash
# Directory suggestions over a generated directory of 10,000 companies (issue 12 item 17,
# issue 14's < 20 ms target), on SQLite and PostgreSQL: the first request (which builds this
# instance's index), then 200 requests for different companies, one after the other, as
# curl times them; and, as the baseline in the same run, /healthz timed the same way.
#
#   bench/suggestions.sh [sqlite|postgres] [members]
source "$(dirname "$0")/lib.sh"
backends=${1:-"sqlite postgres"}
members=${2:-10000}
build_release

stats() { python3 -c 'import sys; v=sorted(float(x) for x in sys.stdin); q=lambda p: v[min(len(v)-1, int(len(v)*p))]; print(f"{q(0.5):.1f} {q(0.95):.1f} {v[-1]:.1f}")'; }
printf '%-9s %-28s %7s %7s %7s\n' backend request p50_ms p95_ms max_ms
for backend in $backends; do
    url=$(fresh_db "$backend" suggest)
    "$BIN" generate --database-url "$url" --members "$members" --contacts 0 --events 0 --registrations 0 >/dev/null 2>&1
    "$BIN" create-admin --database-url "$url" --email perf@example.org --password 'suggestions run 2026' >/dev/null 2>&1
    start_service "$url"
    token=$(login perf@example.org 'suggestions run 2026')
    base="http://127.0.0.1:$PORT/api/v1"
    ids=$(python3 - "$base" "$token" <<'PY'
import json, sys, urllib.request
base, token = sys.argv[1:]
ids, cursor = [], ""
while len(ids) < 200:
    req = urllib.request.Request(f"{base}/members?limit=500{cursor}", headers={"authorization": f"Bearer {token}"})
    page = json.load(urllib.request.urlopen(req))
    ids += [m["id"] for m in page["items"]]
    if not page.get("next_cursor"): break
    cursor = "&cursor=" + page["next_cursor"]
print("\n".join(ids[::max(1, len(ids) // 200)][:200]))
PY
)
    first=$(echo "$ids" | head -n 1)
    cold=$(curl -fsS -o /dev/null -w '%{time_total}' "$base/members/$first/suggestions" -H "authorization: Bearer $token")
    printf '%-9s %-28s %7.1f\n' "$backend" "first (builds the index)" "$(python3 -c "print($cold*1000)")"
    for id in $ids; do
        curl -fsS -o /dev/null -w '%{time_total}\n' "$base/members/$id/suggestions" -H "authorization: Bearer $token"
    done | awk '{print $1*1000}' | stats | xargs printf "%-9s %-28s %7s %7s %7s\n" "$backend" "GET /members/{id}/suggestions"
    for _ in $(seq 1 200); do
        curl -fsS -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$PORT/healthz"
    done | awk '{print $1*1000}' | stats | xargs printf "%-9s %-28s %7s %7s %7s\n" "$backend" "GET /healthz (baseline)"
    printf '%-9s %-28s %7s\n' "$backend" "peak RSS MiB" "$(peak_rss_mib)"
    stop_service
done
