#!/usr/bin/env bash
# The read path against its floor: the two directory reads of a signed-in user without roles,
# GET /api/v1/members?limit=50 and GET /api/v1/members/{id}, on the service over SQLite and
# over PostgreSQL (10,000 generated member companies each), and the same two requests on a
# bare actix-web server (examples/bare_server.rs) that answers with the exact bytes and
# headers captured from the SQLite service with curl. One interleaved run: every round runs
# wrk on bare, then SQLite, then PostgreSQL, for each request; the table gives the median of
# the rounds, the share of the bare row (median of the per-round ratios), the service's peak
# resident memory during the rounds, and how much CPU the rest of the machine took meanwhile.
#
#   bench/read-path.sh [--binary PATH] [--bare PATH] [--rounds N] [--seconds S] [--perf S]
#
#   --binary   the service (default target/release/cluster2cluster)
#   --bare     the baseline (default target/release/examples/bare_server); build both with
#              cargo build --release --bin cluster2cluster --example bare_server
#   --rounds   interleaved rounds (default 3); --seconds: wrk duration per run (default 10)
#   --perf S   afterwards, perf record -g for S seconds on the SQLite service under the by-id
#              load, and print the top 15 symbols (inclusive and self)
#   --call-graph MODES  perf's call-graph modes for --perf, comma-separated, one recording each
#              (default fp, i.e. perf record -g; dwarf unwinds Rust frames without frame pointers)
#
# Environment: C2C_BENCH_POSTGRES_URL (admin URL, default postgres://postgres@127.0.0.1:5432/
# postgres), C2C_BENCH_READ_PORT (first of three ports, default 18281), C2C_BENCH_READ_DB
# (PostgreSQL database created and dropped, default c2c_bench_read), C2C_BENCH_POOL (16).
# Scratch files: target/bench/read-path/. Every process the script starts is stopped by PID
# on exit, and the PostgreSQL database is dropped.
source "$(dirname "$0")/lib.sh"
invocation="bench/read-path.sh${*:+ $*}"

BARE="$ROOT/target/release/examples/bare_server"
rounds=3
secs=10
perf_secs=0
call_graph=fp
while [ $# -gt 0 ]; do
    case $1 in
        --binary) BIN=$2; shift 2 ;;
        --bare) BARE=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --seconds) secs=$2; shift 2 ;;
        --perf) perf_secs=$2; shift 2 ;;
        --call-graph) call_graph=$2; shift 2 ;;
        -h | --help) sed -n '2,/^source/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
BIN=$(realpath "$BIN")
BARE=$(realpath "$BARE")
for b in "$BIN" "$BARE"; do
    [ -x "$b" ] || { echo "$b is missing: cargo build --release --bin cluster2cluster --example bare_server" >&2; exit 1; }
done
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

conns=32
threads=2
OUT="$WORK/read-path"
rm -rf "$OUT"
mkdir -p "$OUT/capture"
P_BARE=${C2C_BENCH_READ_PORT:-18281}
P_SQLITE=$((P_BARE + 1))
P_PG=$((P_BARE + 2))
PG_DB=${C2C_BENCH_READ_DB:-c2c_bench_read}
PG_URL="${PG_ADMIN_URL%/*}/$PG_DB"
SQLITE_URL="$OUT/read.db"
NCPU=$(nproc)
TICKS=$(getconf CLK_TCK)
for p in $P_BARE $P_SQLITE $P_PG; do
    if ss -Hltn "sport = :$p" | grep -q .; then echo "port $p is in use (set C2C_BENCH_READ_PORT)" >&2; exit 1; fi
done

# Every process started here, stopped by PID on exit; then the database goes.
PIDS=()
pg_created=0
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [ "$pg_created" = 1 ]; then
        psql "$PG_ADMIN_URL" -qAt -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 ||
            echo "warning: could not drop database $PG_DB" >&2
    fi
}
trap cleanup EXIT

log() { echo "== $*" >&2; }

# serve NAME URL PORT → starts the service, sets SERVED_PID, waits for /readyz.
serve() {
    local name=$1 url=$2 port=$3
    C2C_JWT_SECRET=bench-secret-bench-secret-bench-secret-00 RUST_LOG=${C2C_BENCH_LOG:-warn} \
        "$BIN" serve --database-url "$url" --bind "127.0.0.1:$port" --pool-size "${C2C_BENCH_POOL:-16}" \
        >"$OUT/$name.log" 2>&1 &
    SERVED_PID=$!
    PIDS+=("$SERVED_PID")
    for _ in $(seq 1 200); do
        curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && return 0
        kill -0 "$SERVED_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "the $name service did not become ready" >&2
    cat "$OUT/$name.log" >&2
    return 1
}

# login_at PORT EMAIL PASSWORD → an access token.
login_at() {
    curl -fsS "http://127.0.0.1:$1/api/v1/auth/login" -H 'content-type: application/json' \
        -d "{\"email\":\"$2\",\"password\":\"$3\"}" | python3 -c 'import sys,json; print(json.load(sys.stdin)["access_token"])'
}

# reader_token PORT → creates a user without roles (as the admin) and prints its token.
reader_token() {
    local port=$1 admin
    admin=$(login_at "$port" perf@example.org 'read path run 2026')
    curl -fsS "http://127.0.0.1:$port/api/v1/users" -H "authorization: Bearer $admin" -H 'content-type: application/json' \
        -d '{"email":"reader@example.org","password":"reading along 2026","display_name":"Reader"}' >/dev/null
    login_at "$port" reader@example.org 'reading along 2026'
}

# Data: the same generator, seed and sizes on both backends.
gen_args=(--clusters 20 --members 10000 --contacts 30000 --events 50 --registrations 2000)
rm -f "$SQLITE_URL" "$SQLITE_URL-wal" "$SQLITE_URL-shm"
psql "$PG_ADMIN_URL" -qAt -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" -c "CREATE DATABASE $PG_DB" >/dev/null
pg_created=1
for url in "$SQLITE_URL" "$PG_URL"; do
    log "generating ${gen_args[*]} into $url"
    t0=$(date +%s.%N)
    "$BIN" generate --database-url "$url" "${gen_args[@]}" >"$OUT/generate.json" 2>"$OUT/generate.log"
    "$BIN" create-admin --database-url "$url" --email perf@example.org --password 'read path run 2026' >/dev/null 2>&1
    log "  done in $(python3 -c "print(round($(date +%s.%N) - $t0, 1))") s"
done

serve sqlite "$SQLITE_URL" "$P_SQLITE"; SQLITE_PID=$SERVED_PID
serve postgres "$PG_URL" "$P_PG"; PG_PID=$SERVED_PID
TOKEN_SQLITE=$(reader_token "$P_SQLITE")
TOKEN_PG=$(reader_token "$P_PG")
roles=$(curl -fsS "http://127.0.0.1:$P_SQLITE/api/v1/me" -H "authorization: Bearer $TOKEN_SQLITE" |
    python3 -c 'import sys,json; print(json.load(sys.stdin).get("roles"))')

first_member() {
    curl -fsS "http://127.0.0.1:$1/api/v1/members?limit=1" -H "authorization: Bearer $2" |
        python3 -c 'import sys,json; print(json.load(sys.stdin)["items"][0]["id"])'
}
MEMBER_SQLITE=$(first_member "$P_SQLITE" "$TOKEN_SQLITE")
MEMBER_PG=$(first_member "$P_PG" "$TOKEN_PG")

# Capture the exact answers of the SQLite service; the bare server sends them again.
cap="$OUT/capture"
capture() { # PORT TOKEN PATH FILE-STEM → status code
    curl -sS -D "$4.headers" -o "$4.body" -w '%{http_code}' "http://127.0.0.1:$1$3" -H "authorization: Bearer $2"
}
[ "$(capture "$P_SQLITE" "$TOKEN_SQLITE" "/api/v1/members?limit=50" "$cap/list")" = 200 ] || { echo "list capture failed" >&2; exit 1; }
[ "$(capture "$P_SQLITE" "$TOKEN_SQLITE" "/api/v1/members/$MEMBER_SQLITE" "$cap/item")" = 200 ] || { echo "item capture failed" >&2; exit 1; }
capture "$P_PG" "$TOKEN_PG" "/api/v1/members?limit=50" "$cap/pg-list" >/dev/null
capture "$P_PG" "$TOKEN_PG" "/api/v1/members/$MEMBER_PG" "$cap/pg-item" >/dev/null
"$BARE" --bind "127.0.0.1:$P_BARE" --dir "$cap" >"$OUT/bare.log" 2>&1 &
BARE_PID=$!
PIDS+=("$BARE_PID")
for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$P_BARE/api/v1/members?limit=50" 2>/dev/null && break
    sleep 0.1
done
curl -sS -D "$cap/bare-item.headers" -o "$cap/bare-item.body" "http://127.0.0.1:$P_BARE/api/v1/members/x"
cmp -s "$cap/item.body" "$cap/bare-item.body" || { echo "the bare server does not send the captured bytes" >&2; exit 1; }

# target → port, token, item path, PID
declare -A PORT_OF=([bare]=$P_BARE [sqlite]=$P_SQLITE [postgres]=$P_PG)
declare -A TOKEN_OF=([bare]=$TOKEN_SQLITE [sqlite]=$TOKEN_SQLITE [postgres]=$TOKEN_PG)
declare -A MEMBER_OF=([bare]=$MEMBER_SQLITE [sqlite]=$MEMBER_SQLITE [postgres]=$MEMBER_PG)
declare -A PID_OF=([bare]=$BARE_PID [sqlite]=$SQLITE_PID [postgres]=$PG_PID)
path_of() { # REQUEST TARGET
    if [ "$1" = list ]; then echo "/api/v1/members?limit=50"; else echo "/api/v1/members/${MEMBER_OF[$2]}"; fi
}

# CPU accounting, in clock ticks: the whole machine (busy = all but idle and iowait), and the
# processes that serve the target (for PostgreSQL also the server backends on its database).
machine_busy() { awk '$1=="cpu" {print $2+$3+$4+$7+$8+$9}' /proc/stat; }
proc_ticks() {
    local t=0 p v
    for p in "$@"; do
        v=$(awk '{sub(/.*\) /, ""); split($0, f, " "); print f[12] + f[13]}' "/proc/$p/stat" 2>/dev/null || true)
        t=$((t + ${v:-0}))
    done
    echo "$t"
}
pg_backends() { psql "$PG_ADMIN_URL" -qAt -c "SELECT pid FROM pg_stat_activity WHERE datname = '$PG_DB'" 2>/dev/null | tr '\n' ' '; }

# run_wrk ROUND REQUEST TARGET SECONDS → appends a row to $OUT/rows.tsv
run_wrk() {
    local round=$1 req=$2 target=$3 d=$4 pids out load busy0 busy1 own0 own1 t0 t1 times
    pids=${PID_OF[$target]}
    [ "$target" = postgres ] && pids="$pids $(pg_backends)"
    out="$OUT/wrk-r$round-$req-$target.txt"
    load=$(cut -d' ' -f1 /proc/loadavg)
    busy0=$(machine_busy); own0=$(proc_ticks $pids); t0=$(date +%s.%N)
    # shellcheck disable=SC2086
    times=$({ TIMEFORMAT='%U %S'; time wrk -t"$threads" -c"$conns" -d"${d}s" --latency \
        -H "Authorization: Bearer ${TOKEN_OF[$target]}" "http://127.0.0.1:${PORT_OF[$target]}$(path_of "$req" "$target")" >"$out"; } 2>&1)
    t1=$(date +%s.%N); busy1=$(machine_busy); own1=$(proc_ticks $pids)
    [ "$round" = 0 ] && return 0 # warm-up
    python3 - "$out" "$round" "$req" "$target" "$load" "$((busy1 - busy0))" "$((own1 - own0))" "$times" "$t0" "$t1" "$TICKS" "$NCPU" >>"$OUT/rows.tsv" <<'PY'
import re, sys
out, rnd, req, target, load, busy, own, times, t0, t1, ticks, ncpu = sys.argv[1:]
text = open(out).read()
def ms(v):
    for suffix, f in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if v.endswith(suffix):
            return float(v[: -len(suffix)]) * f
    raise ValueError(v)
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = ms(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1))
p99 = ms(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1))
m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
non2xx = int(m.group(1)) if m else 0
m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
errors = sum(map(int, m.groups())) if m else 0
wall = float(t1) - float(t0)
cap = wall * int(ncpu)
wrk_cpu = sum(map(float, times.split()))
own_cpu = int(own) / int(ticks)
other = int(busy) / int(ticks) - own_cpu - wrk_cpu
print("\t".join(map(str, [rnd, req, target, rps, p50, p99, non2xx, errors, load,
                          round(100 * own_cpu / cap, 1), round(100 * wrk_cpu / cap, 1), round(100 * max(other, 0) / cap, 1)])))
PY
    log "round $round $req $target: $(tail -n 1 "$OUT/rows.tsv" | cut -f4,6 | awk '{printf "%.0f req/s, p99 %.2f ms", $1, $2}')"
}

targets=(bare sqlite postgres)
requests=(list item)
log "warm-up: 3 s per request and target"
for req in "${requests[@]}"; do for target in "${targets[@]}"; do run_wrk 0 "$req" "$target" 3; done; done

# Peak resident memory from here on: reset VmHWM (clear_refs 5) after the set-up, whose
# log-ins hash passwords (argon2, 19 MiB each), so that the peak is the read load's own.
declare -A HWM_SETUP
hwm_reset=yes
for target in "${targets[@]}"; do
    pid=${PID_OF[$target]}
    HWM_SETUP[$target]=$(awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/$pid/status")
    echo 5 >"/proc/$pid/clear_refs" 2>/dev/null || hwm_reset=no
done

: >"$OUT/rows.tsv"
loads_before=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 1 "$rounds"); do
    for req in "${requests[@]}"; do
        for target in "${targets[@]}"; do run_wrk "$round" "$req" "$target" "$secs"; done
    done
done
loads_after=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A HWM RSS
for target in "${targets[@]}"; do
    HWM[$target]=$(awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/${PID_OF[$target]}/status")
    RSS[$target]=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/${PID_OF[$target]}/status")
done

bytes() { wc -c <"$1" | tr -d ' '; }
{
    echo "## Read path against a bare actix-web server — $(date -u '+%F %H:%M UTC')"
    echo
    echo "Command: \`$invocation\` at commit \`$(git -C "$ROOT" rev-parse --short HEAD)\`$(git -C "$ROOT" diff --quiet HEAD -- src Cargo.toml Cargo.lock migrations 2>/dev/null || echo ' (with uncommitted changes under src/, Cargo.* or migrations/)')"
    echo "(service \`$BIN\`, bare \`$BARE\`)."
    echo "Per run: \`wrk -t$threads -c$conns -d${secs}s --latency -H 'Authorization: Bearer <reader>' <url>\`;"
    echo "$rounds interleaved rounds (bare → SQLite → PostgreSQL, list then item), median of the rounds;"
    echo "a 3 s warm-up per request and target first. Reader: a user without roles (\`/me\` roles: $roles)."
    echo "Data: \`cluster2cluster generate ${gen_args[*]}\` on each backend; service pool ${C2C_BENCH_POOL:-16}, workers = CPUs ($NCPU)."
    echo "Bodies: list $(bytes "$cap/list.body") bytes (PostgreSQL $(bytes "$cap/pg-list.body")), item $(bytes "$cap/item.body") bytes (PostgreSQL $(bytes "$cap/pg-item.body")); the bare server sends SQLite's bytes and headers."
    echo "Machine: $NCPU CPUs ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), load average $loads_before before the rounds, $loads_after after."
    echo
} >"$OUT/report.md"

python3 - "$OUT/rows.tsv" "${HWM[bare]}" "${HWM[sqlite]}" "${HWM[postgres]}" "$hwm_reset" \
    "${HWM_SETUP[sqlite]}" "${HWM_SETUP[postgres]}" "${RSS[sqlite]}" "${RSS[postgres]}" >>"$OUT/report.md" <<'PY'
import statistics as st, sys
rows_path, hwm_bare, hwm_sqlite, hwm_pg, reset, setup_sqlite, setup_pg, rss_sqlite, rss_pg = sys.argv[1:]
rows = [l.rstrip("\n").split("\t") for l in open(rows_path) if l.strip()]
R = {}
for r in rows:
    rnd, req, target = int(r[0]), r[1], r[2]
    R[(rnd, req, target)] = dict(rps=float(r[3]), p50=float(r[4]), p99=float(r[5]), non2xx=int(r[6]),
                                 errors=int(r[7]), load=float(r[8]), own=float(r[9]), wrk=float(r[10]), other=float(r[11]))
rounds = sorted({k[0] for k in R})
med = lambda xs: st.median(xs)
def m(req, target, key): return med([R[(n, req, target)][key] for n in rounds])
def ratio(req, target, base="bare"): return med([R[(n, req, target)]["rps"] / R[(n, req, base)]["rps"] for n in rounds])
names = {"list": "GET /api/v1/members?limit=50", "item": "GET /api/v1/members/{id}"}
print("| request | bare actix | SQLite | PostgreSQL |")
print("| --- | --- | --- | --- |")
for req in ("list", "item"):
    cells = [f"{m(req, 'bare', 'rps'):,.0f} req/s, p99 {m(req, 'bare', 'p99'):.2f} ms"]
    for t in ("sqlite", "postgres"):
        cells.append(f"{m(req, t, 'rps'):,.0f} req/s ({100 * ratio(req, t):.1f}% of bare), p99 {m(req, t, 'p99'):.2f} ms")
    print(f"| {names[req]} | " + " | ".join(cells) + " |")
print()
print(f"Peak RSS during the rounds (VmHWM{' after resetting it once the set-up was done' if reset == 'yes' else ', since start: the reset failed'}): "
      f"SQLite service {hwm_sqlite} MiB, PostgreSQL service {hwm_pg} MiB, bare server {hwm_bare} MiB. "
      f"Since start, including the set-up's log-ins: {setup_sqlite} / {setup_pg} MiB before the rounds. RSS after the rounds: {rss_sqlite} / {rss_pg} MiB.")
print()
bad = [(k, v) for k, v in R.items() if v["non2xx"] or v["errors"]]
print("Non-2xx answers or socket errors: " + ("none." if not bad else ", ".join(f"round {k[0]} {k[1]} {k[2]}: {v['non2xx']} non-2xx, {v['errors']} errors" for k, v in bad)))
print()
def yes(ok): return "yes" if ok else "**no**"
print("| target | measured | met? |")
print("| --- | --- | --- |")
r = ratio("item", "sqlite"); print(f"| member by id ≥ 20% of bare (SQLite) | {100 * r:.1f}% | {yes(r >= 0.20)} |")
r = ratio("list", "sqlite"); print(f"| list of 50 ≥ 10% of bare (SQLite) | {100 * r:.1f}% | {yes(r >= 0.10)} |")
for req in ("item", "list"):
    x = med([R[(n, req, 'sqlite')]['rps'] / R[(n, req, 'postgres')]['rps'] for n in rounds])
    print(f"| PostgreSQL within 1.5× of SQLite, {names[req]} | SQLite ÷ PostgreSQL req/s = {x:.2f}× | {yes(x <= 1.5)} |")
for t, limit, label in (("sqlite", 10, "SQLite"), ("postgres", 15, "PostgreSQL")):
    for req in ("item", "list"):
        p = m(req, t, "p99"); print(f"| p99 < {limit} ms {label}, {names[req]} | {p:.2f} ms | {yes(p < limit)} |")
for label, v in (("SQLite", hwm_sqlite), ("PostgreSQL", hwm_pg)):
    print(f"| RSS < 64 MiB under load, {label} | {v} MiB | {yes(float(v) < 64)} |")
print()
print("Every run (load = 1-min load average at its start; CPU columns = share of all cores during the run: "
      "the target's processes (for PostgreSQL with its server backends on the benchmark database), wrk, and everything else on the machine):")
print()
print("| round | request | target | req/s | p50 ms | p99 ms | load | target CPU % | wrk CPU % | other CPU % |")
print("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for n in rounds:
    for req in ("list", "item"):
        for t in ("bare", "sqlite", "postgres"):
            v = R[(n, req, t)]
            print(f"| {n} | {req} | {t} | {v['rps']:,.0f} | {v['p50']:.2f} | {v['p99']:.2f} | {v['load']:.2f} | {v['own']} | {v['wrk']} | {v['other']} |")
PY

# profile MODE → perf record (call graph MODE: fp is perf's -g) on the SQLite service under the
# by-id load, and the top 15 symbols, inclusive and self, as markdown.
profile() {
    local mode=$1 data="$OUT/perf-$1.data" token cg wrk_pid
    log "perf ($mode): $perf_secs s on the SQLite service (pid $SQLITE_PID) under the by-id load"
    token=$(login_at "$P_SQLITE" reader@example.org 'reading along 2026')
    case $mode in fp) cg=(-g) ;; *) cg=(--call-graph "$mode") ;; esac
    wrk -t"$threads" -c"$conns" -d"$((perf_secs + 4))s" --latency -H "Authorization: Bearer $token" \
        "http://127.0.0.1:$P_SQLITE/api/v1/members/$MEMBER_SQLITE" >"$OUT/wrk-perf-$mode.txt" &
    wrk_pid=$!
    PIDS+=("$wrk_pid")
    sleep 2
    echo
    echo "### Profile ($mode call graphs): the SQLite service under GET /api/v1/members/{id}"
    echo
    if ! perf record -F 999 "${cg[@]}" -p "$SQLITE_PID" -o "$data" -- sleep "$perf_secs" >"$OUT/perf-record-$mode.log" 2>&1; then
        wait "$wrk_pid" || true
        echo "perf record failed: $(tail -n 3 "$OUT/perf-record-$mode.log" | tr '\n' ' ')"
        return 0
    fi
    wait "$wrk_pid" || true
    echo "Command: \`perf record -F 999 ${cg[*]} -p <pid> -- sleep $perf_secs\` while \`wrk -t$threads -c$conns\` reads one member"
    echo "($(awk '/Requests\/sec/ {printf "%.0f", $2}' "$OUT/wrk-perf-$mode.txt") req/s over the wrk run, which also covers 2 s before and after the recording;"
    echo "$(awk -F'[()]' '/samples/ {print $2; exit}' "$OUT/perf-record-$mode.log")); \`perf report --children|--no-children --sort symbol -g none\`."
    for view in children no-children; do
        perf report -i "$data" --"$view" --sort symbol -g none --stdio --percent-limit 0.3 >"$OUT/perf-report-$mode-$view.txt" 2>/dev/null || true
        echo
        if [ "$view" = children ]; then echo "Top 15, inclusive (children):"; else echo "Top 15, self:"; fi
        echo
        echo "| inclusive % | self % | symbol |"
        echo "| ---: | ---: | --- |"
        awk -v view="$view" '
            /^ +[0-9.]+%/ {
                if (++n > 15) exit
                sub(/[ \t]+-[ \t]+-[ \t]*$/, "")
                if (view == "children") { c = $1; s = $2; $1 = $2 = "" } else { c = ""; s = $1; $1 = "" }
                sub(/^ +/, "")
                if (length($0) > 140) $0 = substr($0, 1, 140) "…"
                print "| " c " | " s " | `" $0 "` |"
            }' "$OUT/perf-report-$mode-$view.txt"
    done
}

if [ "$perf_secs" != 0 ]; then
    for mode in ${call_graph//,/ }; do profile "$mode" >>"$OUT/report.md"; done
fi

cat "$OUT/report.md"
