#!/usr/bin/env bash
# Makes a Python environment in which scripts/diffusers-bench.py can run diffusers on this
# machine's Debian packages, for A/B timing against hyperlora-bench. Nothing of it is part of
# the project: diffusers and huggingface_hub come from git clones you point it at.
#
#   scripts/diffusers-env.sh DIFFUSERS_GIT HF_HUB_GIT [WORKDIR]
#
# DIFFUSERS_GIT / HF_HUB_GIT: git repositories (bare or not) of diffusers and huggingface_hub.
# DIFFUSERS_REF (default v0.30.3) and HF_HUB_REF (default v0.24.7) pick the versions; both work
# with Debian 12's PyTorch 1.13. WORKDIR defaults to build/diffusers-env. Prints the line to
# pass to diffusers-bench.py as --src, and the PYTHONPATH it needs.
set -euo pipefail
DIFFUSERS_GIT=${1:?usage: diffusers-env.sh DIFFUSERS_GIT HF_HUB_GIT [WORKDIR]}
HF_HUB_GIT=${2:?usage: diffusers-env.sh DIFFUSERS_GIT HF_HUB_GIT [WORKDIR]}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${3:-$ROOT/build/diffusers-env}
DIFFUSERS_REF=${DIFFUSERS_REF:-v0.30.3}
HF_HUB_REF=${HF_HUB_REF:-v0.24.7}

SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
# PyTorch and what diffusers and huggingface_hub import, all from Debian's archive.
$SUDO apt-get install -y --no-install-recommends python3-torch python3-numpy python3-pil \
  python3-regex python3-filelock python3-requests python3-importlib-metadata python3-fsspec \
  python3-packaging python3-yaml python3-tqdm python3-typing-extensions >/dev/null

rm -rf "$WORK"
mkdir -p "$WORK/site"
git -C "$DIFFUSERS_GIT" archive --format=tar "$DIFFUSERS_REF" src/diffusers | tar -x -C "$WORK"
git -C "$HF_HUB_GIT" archive --format=tar "$HF_HUB_REF" src/huggingface_hub | tar -x -C "$WORK"
mv "$WORK/src/diffusers" "$WORK/src/huggingface_hub" "$WORK/site/"

# safetensors is a compiled package Debian 12 lacks. The benchmark builds its models from
# configs and never reads a file, so a stand-in that satisfies the imports and refuses any use
# is enough; a real load would fail loudly instead of silently.
mkdir -p "$WORK/site/safetensors"
cat >"$WORK/site/safetensors/__init__.py" <<'EOF'
"""Stand-in for the safetensors package (diffusers-env.sh): imports work, any use fails."""
__version__ = "0.4.0"


class SafetensorError(Exception):
    pass


def safe_open(*args, **kwargs):
    raise SafetensorError("safetensors stand-in: reading files is not supported here")
EOF
cat >"$WORK/site/safetensors/torch.py" <<'EOF'
"""Stand-in for safetensors.torch (diffusers-env.sh)."""
from . import SafetensorError


def _refuse(*args, **kwargs):
    raise SafetensorError("safetensors stand-in: reading or writing files is not supported here")


load_file = save_file = load = save = safe_open = _refuse
EOF
# diffusers asks importlib.metadata for the versions of what it imports.
for pkg in "huggingface_hub:${HF_HUB_REF#v}" "safetensors:0.4.0" "diffusers:${DIFFUSERS_REF#v}"; do
  name=${pkg%%:*}
  ver=${pkg#*:}
  mkdir -p "$WORK/site/$name-$ver.dist-info"
  printf 'Metadata-Version: 2.1\nName: %s\nVersion: %s\n' "$name" "$ver" \
    >"$WORK/site/$name-$ver.dist-info/METADATA"
done

# Debian's own interpreter: the one its python3-torch is built for (a pyenv shim may shadow it).
PY=/usr/bin/python3
PYTHONPATH="$WORK/site" $PY -c 'import torch, diffusers; from diffusers import UNet2DConditionModel; print("diffusers", diffusers.__version__, "on torch", torch.__version__)'
echo "$PY $ROOT/scripts/diffusers-bench.py --src $WORK/site ..."
