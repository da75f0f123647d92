#!/bin/sh
# python3 of the torch 2.x Debian trixie root (docs: /work/shared/torch2.md), usable as
# OOM_GATE_PYTHON: same working directory, same paths. Everything it mounts (/proc, /tmp, the
# repository, the working directory, OOM_GATE_TORCH2_BINDS) lives in a private mount namespace,
# so nothing leaks to the host and nothing is left mounted when it exits. Needs root (or sudo -n).
# The root: OOM_GATE_TORCH2_ROOT, default /var/cache/oom-gate/torch2-root (npm test's pretest
# builds it with debootstrap when missing, scripts/torch2Root.ts).
set -e
ROOT="${OOM_GATE_TORCH2_ROOT:-/var/cache/oom-gate/torch2-root}"
if [ ! -x "$ROOT/usr/bin/python3" ]; then
  echo "torch2-python: no torch 2 root at $ROOT; build it with: npm run pretest (debootstrap, about 70 s)" >&2
  exit 127
fi
if [ -z "$OOM_GATE_TORCH2_NAMESPACE" ]; then
  SELF="$(readlink -f "$0")"
  if [ "$(id -u)" = 0 ]; then
    exec env OOM_GATE_TORCH2_NAMESPACE=1 unshare --mount --propagation private "$SELF" "$@"
  fi
  exec sudo -n --preserve-env env OOM_GATE_TORCH2_NAMESPACE=1 unshare --mount --propagation private "$SELF" "$@"
fi
REPO="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
mount -t proc proc "$ROOT/proc"
for dir in /tmp "${TMPDIR:-/tmp}" "$REPO" "$PWD" $(echo "${OOM_GATE_TORCH2_BINDS:-}" | tr ':' ' '); do
  # Never the host's root over the chroot's, nor a path the root already has as its own.
  case "$dir" in /|/usr|/usr/*|/proc|/proc/*|/dev|/dev/*) continue ;; esac
  [ -d "$dir" ] || continue
  mkdir -p "$ROOT$dir"
  mount --bind "$dir" "$ROOT$dir"
done
exec chroot "$ROOT" /bin/sh -c 'cd "$0" && exec python3 "$@"' "$PWD" "$@"
