#!/usr/bin/env bash
# Regenerate the low-level client from openapi.yaml into OUT (default generated/cloudglue_openapi).
# Deterministic: pinned generator and ruff from .venv, a scrubbed environment, isolated ruff config.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/generated/cloudglue_openapi}
venv_bin=$root/.venv/bin
mkdir -p "$(dirname "$out")"
env -i PATH="$venv_bin:/usr/bin:/bin" HOME="${TMPDIR:-/tmp}" LANG=C.UTF-8 PYTHONHASHSEED=0 \
  "$venv_bin/openapi-python-client" generate \
  --path "$root/openapi.yaml" \
  --config "$root/codegen/config.yaml" \
  --custom-template-path "$root/codegen/templates" \
  --meta none \
  --output-path "$out" \
  --overwrite \
  --fail-on-warning
touch "$out/py.typed"
