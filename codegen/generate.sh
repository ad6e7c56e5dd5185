#!/usr/bin/env bash
# Regenerate the low-level client from SPEC (default openapi.yaml) into OUT (default
# generated/cloudglue_openapi), with the request constraints and choices (codegen/constraints.py).
# Deterministic: pinned generator and ruff from .venv, a scrubbed environment, isolated ruff config.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/generated/cloudglue_openapi}
spec=${2:-$root/openapi.yaml}
venv_bin=$root/.venv/bin
mkdir -p "$(dirname "$out")"
clean_env=(env -i PATH="$venv_bin:/usr/bin:/bin" HOME="${TMPDIR:-/tmp}" LANG=C.UTF-8 PYTHONHASHSEED=0)
"${clean_env[@]}" "$venv_bin/openapi-python-client" generate \
  --path "$spec" \
  --config "$root/codegen/config.yaml" \
  --custom-template-path "$root/codegen/templates" \
  --meta none \
  --output-path "$out" \
  --overwrite \
  --fail-on-warning
# PYTHONPATH: the generator imports codegen.spec_refs (the $ref reading it shares with tools/).
"${clean_env[@]}" PYTHONPATH="$root" "$venv_bin/python" "$root/codegen/constraints.py" "$spec" "$out"
"${clean_env[@]}" "$venv_bin/ruff" format --quiet --isolated --no-cache --line-length 120 \
  "$out/constraints.py" "$out/choices.py"
touch "$out/py.typed"
