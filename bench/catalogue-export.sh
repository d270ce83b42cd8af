#!/usr/bin/env bash
# Streams an event catalogue of 10,000 and of 100,000 contacts as CSV and vCard, on SQLite and
# PostgreSQL, and reports time and the service's peak resident memory. "Flat memory" means the
# peak for 100,000 contacts is about the peak for 10,000 (the ratio is printed).
#
#   bench/catalogue-export.sh            # both backends
#   bench/catalogue-export.sh sqlite     # one backend
source "$(dirname "$0")/lib.sh"
backends=${1:-"sqlite postgres"}
declare -A peaks
build_release

printf '%-9s %-7s %8s %10s %10s %12s %12s\n' backend format contacts bytes seconds peak_rss_MiB rss_before
for backend in $backends; do
    for contacts in 10000 100000; do
        url=$(fresh_db "$backend" "export_$contacts")
        summary=$("$BIN" generate --database-url "$url" --clusters 2 --members 0 --contacts 0 --events 0 \
            --registrations 0 --export-event-contacts "$contacts" 2>/dev/null)
        event=$(echo "$summary" | python3 -c 'import sys,json; print(json.load(sys.stdin)["export_event"])')
        "$BIN" create-admin --database-url "$url" --email perf@example.org --password 'catalogue export run 2026' >/dev/null 2>&1
        for format in csv vcf; do
            start_service "$url"
            token=$(login perf@example.org 'catalogue export run 2026')
            before=$(rss_mib)
            t0=$(date +%s.%N)
            bytes=$(curl -fsS "http://127.0.0.1:$PORT/api/v1/events/$event/catalogue?format=$format" \
                -H "authorization: Bearer $token" -o "$WORK/export.$format" -w '%{size_download}')
            t1=$(date +%s.%N)
            peak=$(peak_rss_mib)
            stop_service
            printf '%-9s %-7s %8d %10d %10.2f %12s %12s\n' "$backend" "$format" "$contacts" "$bytes" \
                "$(echo "$t1 - $t0" | bc)" "$peak" "$before"
            peaks["$backend/$format/$contacts"]=$peak
        done
    done
done
echo
echo "peak RSS for 100,000 contacts ÷ peak RSS for 10,000 (flat memory: about 1.00):"
for backend in $backends; do
    for format in csv vcf; do
        printf '%-9s %-7s %.3f\n' "$backend" "$format" \
            "$(python3 -c "print(${peaks[$backend/$format/100000]} / ${peaks[$backend/$format/10000]})")"
    done
done
