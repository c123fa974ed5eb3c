#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian/Ubuntu machine: Bun (pinned), the Debian packages the given command needs,
# and the locked JavaScript dependencies. Prints what it installs; does nothing that is already there.
#   scripts/setup.sh [command]             set up for `./ssl <command>` (no command: everything, as CI needs)
#   scripts/setup.sh --packages [command]  print the Debian packages that command needs, install nothing
set -euo pipefail
cd "$(dirname "$0")/.."

BUN_VERSION="1.4.5"
print_only=false
if [ "${1:-}" = "--packages" ]; then print_only=true; shift; fi
command="${1:-all}"
# libopenblas0: the `blas` backend; gcc: compiles its native element-wise kernels (packages/core/native);
# dataset-fashion-mnist: the embedded real data; chromium: only the tests (the
# report's and the run page's headless-browser tests), never a command: a plot or report is opened by the user.
DEBIAN_PACKAGES=(libopenblas0 gcc dataset-fashion-mnist)
case "$command" in all|test) DEBIAN_PACKAGES+=(chromium) ;; esac
if $print_only; then echo "${DEBIAN_PACKAGES[*]}"; exit 0; fi

if ! command -v bun >/dev/null 2>&1 || [ "$(bun --version)" != "$BUN_VERSION" ]; then
  echo "setup: installing bun $BUN_VERSION (npm)" >&2
  npm install -g "bun@$BUN_VERSION" >&2
fi

if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}" >&2
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}" >&2
  fi
else
  echo "setup: not a Debian system: install OpenBLAS yourself (or set SSL_BACKEND=wasm) and set SSL_DATA_DIR for Fashion-MNIST (or let it download)" >&2
fi

bun install --frozen-lockfile >&2

# The blas backend's native element-wise kernels, compiled for this machine (-O3 -march=native) into
# packages/core/native/build/ (git-ignored; a changed source gets a new file). Without a compiler the backend
# uses its JavaScript kernels and says so.
bun run packages/core/native/build.ts >&2 || echo "setup: the native kernels did not build; the blas backend will use its JavaScript kernels" >&2
