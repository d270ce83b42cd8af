# Shared helpers for the benchmark scripts: build, fresh databases, a running service, login.
# Sourced, not run. Everything lands under target/bench/.

set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN="$ROOT/target/release/cluster2cluster"
WORK="$ROOT/target/bench"
PG_ADMIN_URL=${C2C_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
PORT=${C2C_BENCH_PORT:-18181}
mkdir -p "$WORK"

# C2C_BENCH_SKIP_BUILD=1 reuses the release binary that is there (to rerun a scenario quickly).
build_release() {
    if [ "${C2C_BENCH_SKIP_BUILD:-0}" = 1 ] && [ -x "$BIN" ]; then
        return 0
    fi
    (cd "$ROOT" && cargo build --release --locked --quiet)
}

# fresh_db sqlite|postgres NAME → prints a DATABASE_URL for an empty database.
fresh_db() {
    local backend=$1 name=$2
    if [ "$backend" = sqlite ]; then
        rm -f "$WORK/$name.db" "$WORK/$name.db-wal" "$WORK/$name.db-shm"
        echo "$WORK/$name.db"
    else
        psql "$PG_ADMIN_URL" -qAt -c "DROP DATABASE IF EXISTS bench_$name" -c "CREATE DATABASE bench_$name" >/dev/null
        echo "${PG_ADMIN_URL%/*}/bench_$name"
    fi
}

# start_service URL → starts the release binary in the background, waits for /readyz.
start_service() {
    local url=$1
    C2C_JWT_SECRET=bench-secret-bench-secret-bench-secret-00 RUST_LOG=${C2C_BENCH_LOG:-warn} \
        "$BIN" serve --database-url "$url" --bind "127.0.0.1:$PORT" --pool-size "${C2C_BENCH_POOL:-16}" \
        >"$WORK/service.log" 2>&1 &
    SERVICE_PID=$!
    for _ in $(seq 1 100); do
        curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "service did not become ready" >&2
    cat "$WORK/service.log" >&2
    return 1
}

stop_service() {
    kill "$SERVICE_PID" 2>/dev/null || true
    wait "$SERVICE_PID" 2>/dev/null || true
}

# Peak and current resident memory of the service, in MiB.
peak_rss_mib() { awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/$SERVICE_PID/status"; }
rss_mib() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$SERVICE_PID/status"; }

# login EMAIL PASSWORD → prints an access token.
login() {
    curl -fsS "http://127.0.0.1:$PORT/api/v1/auth/login" -H 'content-type: application/json' \
        -d "{\"email\":\"$1\",\"password\":\"$2\"}" | python3 -c 'import sys,json; print(json.load(sys.stdin)["access_token"])'
}
