#!/usr/bin/env bash
# The scheduler's quality against the exact optimum (HiGHS through highspy, in the test
# virtualenv): runs the test that compares them on small instances and prints its summary line
# ("… of the exact optimum"). The test fails below 97%; this script prints the figure that
# docs/performance.md quotes.
#
#   bench/scheduler-quality.sh
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/py
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/python-requirements.txt
fi
export C2C_PYTHON="$PWD/$venv/bin/python" C2C_REQUIRE_PYTHON=1
cargo test --quiet --test api -- --exact \
    schedule::scheduler_reaches_97_percent_of_the_exact_optimum --nocapture 2>&1 \
    | grep -iE "^scheduler:|test result"
