#!/usr/bin/env bash
# Memory and responsiveness of the member sync under a body at the 64 MiB limit (issue 12,
# item 1), on SQLite and PostgreSQL:
#   1. a role-less user sends 60 MB of `{"members":[0,0,…]}`: refused before the body is read;
#   2. the cluster's manager sends the same: refused while reading, without a JSON tree;
#   3. the manager sends a real list just under 64 MiB (50,000 companies, 100,000 people).
# Meanwhile one client asks /healthz back to back; its p99 is printed for each step, with the
# service's resident memory before and at its peak (VmHWM), and the peak over the body size.
#
#   bench/sync-memory.sh [sqlite|postgres]
source "$(dirname "$0")/lib.sh"
backends=${1:-"sqlite postgres"}
build_release

zeros="$WORK/sync-zeros.json"
python3 - >"$zeros" <<'PY'
import sys
n = 30_000_000 - 8
sys.stdout.write('{"members":[' + "0," * n + '0]}')
PY
real="$WORK/sync-64mib.json"
python3 - >"$real" <<'PY'
import json, random, sys
random.seed(12)
limit = 64 * 1024 * 1024
tags = ["composites", "machining", "avionics", "EMC", "surface treatment", "NDT", "MRO", "space"]
words = ("precision machining of aerostructures titanium aluminium composite parts for regional "
         "aircraft helicopters business jets satellites ground equipment testing certification "
         "EN9100 NADCAP supply chain engineering services design manufacturing assembly").split()
first = ["Marco", "Giulia", "Luca", "Anna", "Jürg", "Chiara", "Urs", "Elena"]
last = ["Rossi", "Bianchi", "Müller", "D’Andrea", "Keller", "Colombo", "Odermatt", "Ferrari"]
def text(n): return " ".join(random.choice(words) for _ in range(n))
members = []
for i in range(50_000):
    members.append({
        "external_id": f"LAC-{i:06}", "legal_name": f"Portal Company {i} S.r.l.", "country": "IT",
        "city": random.choice(["Milano", "Varese", "Bergamo", "L’Aquila"]), "size_class": "small",
        "core_business": text(60), "areas_of_interest": random.sample(tags, 3),
        "partners_sought": random.sample(tags, 2), "ongoing_projects": text(40),
        "contacts": [{"name": f"{random.choice(first)} {random.choice(last)} {i}-{k}",
                      "email": f"p{i}-{k}@portal.example", "role": "CEO", "languages": ["it", "en"],
                      "share_consent": k == 0} for k in range(2)],
    })
parts, size = [], len('{"members": []}')
for m in members:
    text = json.dumps(m, ensure_ascii=False)
    cost = len(text.encode()) + 2
    if size + cost > limit:
        break
    parts.append(text)
    size += cost
sys.stdout.write('{"members": [' + ", ".join(parts) + "]}")
PY

# probe URL OUT: GETs URL back to back on one connection until killed; writes one latency
# (ms) per line to OUT.
probe() {
    python3 - "$1" "$2" <<'PY' &
import http.client, sys, time, urllib.parse, signal
u = urllib.parse.urlparse(sys.argv[1]); out = open(sys.argv[2], "w", buffering=1)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
while True:
    t = time.perf_counter()
    conn.request("GET", u.path); r = conn.getresponse(); r.read()
    out.write(f"{(time.perf_counter() - t) * 1000:.3f}\n")
PY
    PROBE_PID=$!
}
p99() { python3 -c 'import sys; v=sorted(float(x) for x in open(sys.argv[1]) if x.strip()); print(f"{v[min(len(v)-1, int(len(v)*0.99))]:.1f} (n={len(v)})" if v else "-")' "$1"; }

echo "bodies: zeros $(wc -c <"$zeros") bytes; real list $(wc -c <"$real") bytes ($(python3 -c "import json;print(len(json.load(open('$real'))['members']))") companies)"
printf '%-9s %-34s %6s %9s %11s %12s %10s %14s\n' backend step status seconds rss_before peak_rss_MiB peak/body healthz_p99_ms
for backend in $backends; do
    url=$(fresh_db "$backend" syncmem)
    "$BIN" generate --database-url "$url" --clusters 1 --members 0 --contacts 0 --events 0 --registrations 0 >/dev/null 2>&1
    "$BIN" create-admin --database-url "$url" --email perf@example.org --password 'sync memory run 2026' >/dev/null 2>&1
    start_service "$url"
    admin=$(login perf@example.org 'sync memory run 2026')
    base="http://127.0.0.1:$PORT/api/v1"
    cluster=$(curl -fsS "$base/clusters" -H "authorization: Bearer $admin" | python3 -c 'import sys,json; print(json.load(sys.stdin)["items"][0]["id"])')
    # A role-less user and a manager of the cluster.
    curl -fsS "$base/users" -H "authorization: Bearer $admin" -H 'content-type: application/json' \
        -d '{"email":"reader@example.org","password":"reading along 2026","display_name":"Reader"}' >/dev/null
    reader=$(login reader@example.org 'reading along 2026')
    for step in "no-role user, 60 MB of zeros|$reader|$zeros" "manager, 60 MB of zeros|$admin|$zeros" "manager, real list near 64 MiB|$admin|$real"; do
        IFS='|' read -r name token body <<<"$step"
        before=$(rss_mib)
        probe "http://127.0.0.1:$PORT/healthz" "$WORK/probe.txt"
        sleep 0.5
        out=$(curl -sS -o /dev/null -w '%{http_code} %{time_total}' -X PUT "$base/clusters/$cluster/members/sync" \
            -H "authorization: Bearer $token" -H 'content-type: application/json' --data-binary "@$body")
        sleep 0.5
        kill "$PROBE_PID"; wait "$PROBE_PID" 2>/dev/null || true
        read -r status seconds <<<"$out"
        peak=$(peak_rss_mib)
        ratio=$(python3 -c "print(f'{$peak * 1048576 / $(wc -c <"$body"):.2f}')")
        printf '%-9s %-34s %6s %9s %11s %12s %10s %14s\n' "$backend" "$name" "$status" "$seconds" "$before" "$peak" "$ratio" "$(p99 "$WORK/probe.txt")"
    done
    stop_service
done
