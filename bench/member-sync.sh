#!/usr/bin/env bash
# A portal pushes 10,000 companies with 30,000 contact people: first sync, then the same list
# again (nothing changes), on SQLite and PostgreSQL. Prints wall time of each request as
# curl sees it and the service's peak resident memory.
#
#   bench/member-sync.sh [sqlite|postgres] [companies]
source "$(dirname "$0")/lib.sh"
backends=${1:-"sqlite postgres"}
companies=${2:-10000}
build_release

body="$WORK/sync-$companies.json"
python3 - "$companies" >"$body" <<'PY'
import json, random, sys
n = int(sys.argv[1]); random.seed(7)
tags = ["composites", "machining", "avionics", "EMC", "surface treatment", "NDT", "MRO", "space"]
first = ["Marco", "Giulia", "Luca", "Anna", "Jürg", "Chiara", "Urs", "Elena"]
last = ["Rossi", "Bianchi", "Müller", "D’Andrea", "Keller", "Colombo", "Odermatt", "Ferrari"]
members = []
for i in range(n):
    members.append({
        "external_id": f"LAC-{i:06}", "legal_name": f"Portal Company {i} S.r.l.", "country": "IT",
        "city": random.choice(["Milano", "Varese", "Bergamo", "L’Aquila"]), "size_class": "small",
        "core_business": f"{random.choice(tags)} for aerospace", "areas_of_interest": random.sample(tags, 3),
        "partners_sought": random.sample(tags, 2),
        "contacts": [{"name": f"{random.choice(first)} {random.choice(last)} {i}-{k}",
                      "email": f"p{i}-{k}@portal.example", "role": "CEO", "languages": ["it", "en"],
                      "share_consent": k != 2} for k in range(3)],
    })
print(json.dumps({"members": members}, ensure_ascii=False))
PY
echo "body: $(wc -c <"$body") bytes, $companies companies, $((companies * 3)) contacts"
printf '%-9s %-10s %9s %9s %9s %9s %12s\n' backend run seconds created updated unchanged peak_rss_MiB
for backend in $backends; do
    url=$(fresh_db "$backend" sync)
    "$BIN" generate --database-url "$url" --clusters 1 --members 0 --contacts 0 --events 0 --registrations 0 >/dev/null 2>&1
    "$BIN" create-admin --database-url "$url" --email perf@example.org --password 'catalogue export run 2026' >/dev/null 2>&1
    start_service "$url"
    token=$(login perf@example.org 'catalogue export run 2026')
    cluster=$(curl -fsS "http://127.0.0.1:$PORT/api/v1/clusters" -H "authorization: Bearer $token" \
        | python3 -c 'import sys,json; print(json.load(sys.stdin)["items"][0]["id"])')
    for run in first unchanged; do
        out=$(curl -fsS -X PUT "http://127.0.0.1:$PORT/api/v1/clusters/$cluster/members/sync" \
            -H "authorization: Bearer $token" -H 'content-type: application/json' \
            --data-binary "@$body" -w '\n%{time_total}')
        seconds=$(echo "$out" | tail -n 1)
        counts=$(echo "$out" | head -n -1 | python3 -c 'import sys,json; r=json.load(sys.stdin); print(len(r["created"]), len(r["updated"]), len(r["unchanged"]))')
        read -r created updated unchanged <<<"$counts"
        printf '%-9s %-10s %9s %9s %9s %9s %12s\n' "$backend" "$run" "$seconds" "$created" "$updated" "$unchanged" "$(peak_rss_mib)"
    done
    stop_service
done
