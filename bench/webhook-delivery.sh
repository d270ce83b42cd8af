#!/usr/bin/env bash
# Webhook delivery rate with one and with three instances on one PostgreSQL database (issue
# 13): a member sync creates N companies in one transaction, which queues N deliveries to a
# local receiver that answers 200 (Python's threading HTTP server); the time from the sync's
# answer to the receiver's N-th request gives deliveries per second. The receiver also counts
# duplicates (the same X-C2C-Delivery twice).
#
#   bench/webhook-delivery.sh [deliveries]
source "$(dirname "$0")/lib.sh"
n=${1:-2000}
build_release

receiver_port=$((PORT + 50))
python3 - "$receiver_port" "$WORK/received.txt" <<'PY' &
import http.server, socket, sys, threading
port, out = int(sys.argv[1]), sys.argv[2]
lock = threading.Lock()
f = open(out, "w", buffering=1)
class H(http.server.BaseHTTPRequestHandler):
    # Keep-alive, and no Nagle delay on the small answers: the receiver must not be what
    # is measured.
    protocol_version = "HTTP/1.1"
    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", 0)))
        with lock:
            f.write(self.headers.get("x-c2c-delivery", "") + "\n")
        self.send_response(200); self.send_header("content-length", "0"); self.end_headers()
    def log_message(self, *a): pass
http.server.ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
PY
RECEIVER_PID=$!
trap 'kill $RECEIVER_PID 2>/dev/null || true' EXIT

body="$WORK/webhook-sync-$n.json"
python3 - "$n" >"$body" <<'PY'
import json, sys
n = int(sys.argv[1])
print(json.dumps({"members": [{"external_id": f"WH-{i:06}", "legal_name": f"Hook Company {i}", "country": "CH",
    "city": "Stans", "size_class": "small", "core_business": "Parts"} for i in range(n)]}))
PY

printf '%-10s %12s %10s %16s %11s\n' instances deliveries seconds deliveries_per_s duplicates
for count in 1 3; do
    url=$(fresh_db postgres webhooks)
    "$BIN" migrate --database-url "$url" >/dev/null 2>&1
    "$BIN" create-admin --database-url "$url" --email perf@example.org --password 'webhook delivery run 2026' >/dev/null 2>&1
    pids=()
    for i in $(seq 0 $((count - 1))); do
        C2C_JWT_SECRET=bench-secret-bench-secret-bench-secret-00 RUST_LOG=error "$BIN" serve --database-url "$url" \
            --bind "127.0.0.1:$((PORT + i))" --pool-size 8 --webhooks-allow-private --webhook-interval-ms 100 \
            >"$WORK/instance-$i.log" 2>&1 &
        pids+=($!)
    done
    for i in $(seq 0 $((count - 1))); do
        for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$((PORT + i))/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
    done
    token=$(login perf@example.org 'webhook delivery run 2026')
    base="http://127.0.0.1:$PORT/api/v1"
    cluster=$(curl -fsS "$base/clusters" -H "authorization: Bearer $token" -H 'content-type: application/json' \
        -d '{"name":"Hook Cluster","slug":"hook-cluster","country":"CH","sector":"aerospace"}' | python3 -c 'import sys,json; print(json.load(sys.stdin)["id"])')
    curl -fsS "$base/webhooks" -H "authorization: Bearer $token" -H 'content-type: application/json' \
        -d "{\"cluster_id\":\"$cluster\",\"url\":\"http://127.0.0.1:$receiver_port/hook\",\"event_types\":[\"member.created\"],\"secret\":\"a long shared secret for the signatures\"}" >/dev/null
    : >"$WORK/received.txt"
    curl -fsS -o /dev/null -X PUT "$base/clusters/$cluster/members/sync" -H "authorization: Bearer $token" \
        -H 'content-type: application/json' --data-binary "@$body"
    start=$(date +%s.%N)
    while [ "$(wc -l <"$WORK/received.txt")" -lt "$n" ]; do
        sleep 0.05
        if [ "$(python3 -c "print(int($(date +%s.%N) - $start))")" -gt 300 ]; then echo "timed out" >&2; break; fi
    done
    end=$(date +%s.%N)
    sleep 1
    got=$(wc -l <"$WORK/received.txt")
    dups=$(sort "$WORK/received.txt" | uniq -d | wc -l)
    python3 -c "s=$end-$start; print(f'{$count:<10} {$got:>12} {s:>10.2f} {$got/s:>16.0f} {$dups:>11}')"
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
done
