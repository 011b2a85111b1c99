#!/usr/bin/env bash
# Template throughput: Nuages vs Django 5.2 vs MiniJinja (issue 3, "Speed
# and memory"). Creates a virtualenv under target/bench-venv with
# Django 5.2, builds benches/ in release, renders the same templates and
# contexts with each, and prints renders per CPU-second (each thread's own
# CPU time, so other load on the machine matters less) and Nuages' ratio
# to each.
#
#   scripts/bench_templates_django.sh [SECONDS_PER_CASE]   (default 3)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
secs="${1:-3}"
venv="$root/target/bench-venv"
out="$root/target/bench-templates"
python="${PYTHON:-python3}"

if ! "$venv/bin/python" -c 'import django, sys; sys.exit(django.VERSION[:2] != (5, 2))' 2>/dev/null; then
    "$python" -m venv "$venv"
    "$venv/bin/pip" install --quiet 'django==5.2.*'
fi
(cd "$root/benches" && cargo build --release --quiet --bin throughput)
mkdir -p "$out"
"$root/benches/target/release/throughput" "$secs" --dump "$out" > "$out/nuages.json"
"$venv/bin/python" "$root/scripts/bench_templates_django.py" "$secs" "$out"
