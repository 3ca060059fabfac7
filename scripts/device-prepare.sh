#!/usr/bin/env bash
# Gets a checkout ready for the one GPU run of scripts/device-check.sh on a lent machine.
# Only the repository travels there: the reference set beside it (../shared/golden) does not,
# and without it every parity case would be skipped. This copies what the check reads into
# .device-carry/ (ignored by git), for the run to carry:
#   .device-carry/golden/            the reference set (HYPERLORA_GOLDEN_DIR, else ../shared/golden)
#   .device-carry/diffusers.tar.gz   src/diffusers of a diffusers git tree, when one is given
# Usage: scripts/device-prepare.sh [DIFFUSERS_GIT [REF]]
#   DIFFUSERS_GIT: a diffusers git repository, bare or not (never committed); REF defaults to HEAD.
# Then run on the device machine, in the repository root, carrying .device-carry:
#   bash scripts/device-check.sh
# device-check.sh finds both there by itself. Prints the size of what travels (64 MiB at most).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CARRY="$ROOT/.device-carry"
GOLDEN="${HYPERLORA_GOLDEN_DIR:-$ROOT/../shared/golden}"
LIMIT_MIB=64

[ -f "$GOLDEN/manifest.json" ] || { echo "device-prepare: no reference set at $GOLDEN (set HYPERLORA_GOLDEN_DIR)" >&2; exit 1; }
rm -rf "$CARRY"
mkdir -p "$CARRY"
cp -rL "$GOLDEN" "$CARRY/golden"
chmod -R u+w "$CARRY/golden"
echo "reference set: $GOLDEN -> .device-carry/golden ($(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["cases"]))' "$CARRY/golden/manifest.json" 2>/dev/null || echo '?') cases)"

if [ $# -ge 1 ]; then
  REF="${2:-HEAD}"
  git -C "$1" archive --format=tar "$REF" src/diffusers | gzip -6 >"$CARRY/diffusers.tar.gz"
  version="$(git -C "$1" show "$REF:src/diffusers/__init__.py" | sed -n 's/^__version__ = "\(.*\)"/\1/p')"
  echo "diffusers: ${version:-?} at $(git -C "$1" rev-parse --short "$REF") -> .device-carry/diffusers.tar.gz"
fi

# What travels: tracked and untracked-not-ignored files, and the carried folder.
tree_bytes=$(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | xargs -0 -r stat -c %s 2>/dev/null |
  awk '{s += $1} END {print s + 0}')
carry_bytes=$(du -sb "$CARRY" | cut -f1)
total_mib=$(((tree_bytes + carry_bytes) / 1048576))
echo "travels: working tree $((tree_bytes / 1048576)) MiB + .device-carry $((carry_bytes / 1048576)) MiB = $total_mib MiB (limit $LIMIT_MIB)"
if [ "$total_mib" -ge "$LIMIT_MIB" ]; then
  echo "device-prepare: over the limit; leave diffusers out or make the tree smaller" >&2
  exit 1
fi
echo "device run: command 'bash scripts/device-check.sh', carry [\".device-carry\"], timeout_s 600"
