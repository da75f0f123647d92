#!/usr/bin/env bash
# Measures Sapiens-size training smoke runs on this machine's NVIDIA GPU with `oom-gate run`
# and writes the measured peaks next to `oom-gate estimate` to docs/validation/<gpu>.json/.md
# (and to $OUT when set). Needs: an NVIDIA GPU, nvidia-smi, python3 with PyTorch (timm if
# present), node, and dist/ built. No network. One call, under 8 minutes: runs are launched
# most informative first and no new one starts past the deadline (GPU_VALIDATE_DEADLINE_S,
# default 450 s). Pick runs with GPU_VALIDATE_RUNS="s2b-p16-fp32 s2b-p32-fp32" (names:
# `node scripts/gpu-validate/validate.mjs runs`).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
NODE="${NODE:-$(command -v node || echo /usr/local/bin/node)}"
export PYTHON="${PYTHON:-python3}"
DEADLINE_S="${GPU_VALIDATE_DEADLINE_S:-450}"
# A run of the largest model takes well under this; no run starts with less left.
RUN_BUDGET_S="${GPU_VALIDATE_RUN_BUDGET_S:-75}"
VALIDATE="scripts/gpu-validate/validate.mjs"

fail() { echo "gpu-validate: $*" >&2; exit 1; }
[ -x "$NODE" ] || fail "node not found (set NODE, or unpack .device/node.xz to /usr/local/bin/node)"
[ -f dist/cli.js ] || fail "dist/cli.js is missing: build the CLI first (npm run bundle)"
command -v nvidia-smi >/dev/null || fail "nvidia-smi not found: this script needs an NVIDIA GPU"
"$PYTHON" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' \
  || fail "$PYTHON has no CUDA-enabled PyTorch"

GPU_NAME="$(nvidia-smi --query-gpu=name --format=csv,noheader | head -n 1 | sed 's/[[:space:]]*$//')"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/gpu-validate.XXXXXX")"
mkdir -p "$WORK/gate" "$WORK/stats" "$WORK/estimates" "$WORK/configs"
LOG="$WORK/gpu-validate.log"
echo "gpu-validate: $GPU_NAME; torch $("$PYTHON" -c 'import torch; print(torch.__version__)'); work dir $WORK" | tee "$LOG"

START=$(date +%s)
RUNS="${GPU_VALIDATE_RUNS:-$("$NODE" "$VALIDATE" runs)}"
for run in $RUNS; do
  elapsed=$(( $(date +%s) - START ))
  if (( elapsed + RUN_BUDGET_S > DEADLINE_S )); then
    echo "gpu-validate: ${elapsed}s elapsed; skipping $run and the rest to stay under ${DEADLINE_S}s" | tee -a "$LOG"
    break
  fi
  "$NODE" "$VALIDATE" config "$run" "$WORK/stats" > "$WORK/configs/$run.yml"
  # shellcheck disable=SC2046
  "$NODE" dist/cli.js estimate $("$NODE" "$VALIDATE" estimate-args "$run") > "$WORK/estimates/$run.json" || true
  echo "gpu-validate: [$elapsed s] $run" | tee -a "$LOG"
  # Exit 1 (gate failed) is an answer here, not an error: OOM runs are part of the story.
  set +e
  "$NODE" dist/cli.js run --config "$WORK/configs/$run.yml" --out "$WORK/gate/$run" >> "$LOG" 2>&1
  rc=$?
  set -e
  (( rc <= 1 )) || echo "gpu-validate: $run: oom-gate exited $rc (see the log)" | tee -a "$LOG"
done

"$NODE" "$VALIDATE" report "$WORK" "$GPU_NAME" docs/validation "${OUT:-}"
if [ -n "${OUT:-}" ]; then cp "$LOG" "$OUT/gpu-validate.log"; fi
echo "gpu-validate: done in $(( $(date +%s) - START ))s; wrote docs/validation/ ($GPU_NAME)"
