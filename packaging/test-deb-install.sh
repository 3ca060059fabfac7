#!/usr/bin/env bash
# Installs the .deb into a fresh Debian 12 root made with debootstrap, runs the CLI (version, demo
# pack, a demo generation) and the studio (offscreen smoke start), then purges the package and
# checks that none of its files is left. Needs root and the Debian mirror the host uses.
# Usage: packaging/test-deb-install.sh PACKAGE.deb|FOLDER [WORKDIR]
set -euo pipefail
DEB="$(readlink -f "$1")"
if [ -d "$DEB" ]; then DEB="$(ls "$DEB"/*.deb | head -1)"; fi
WORK="${2:-$(mktemp -d)}"
source "$(dirname "${BASH_SOURCE[0]}")/debootstrap-root.sh"
cp "$DEB" "$ROOT/tmp/hyperlora-studio.deb"
run apt-get update -q > /dev/null
run apt-get install -y -q --no-install-recommends /tmp/hyperlora-studio.deb > "$WORK/install.log" 2>&1 ||
  { tail -30 "$WORK/install.log"; exit 1; }
run hyperlora-cli --version
run hyperlora-cli make-demo-pack /tmp/pack > /dev/null
run hyperlora-cli generate --model /tmp/pack --prompt "a smoke test" --width 64 --height 64 --steps 2 \
    --seed 1 --out /tmp/out.png 2> "$WORK/generate.log" || { cat "$WORK/generate.log"; exit 1; }
run test -s /tmp/out.png
# The studio starts and keeps running on the demo pack (killed by timeout = it was up).
set +e
run /usr/bin/timeout 8 /usr/bin/env QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=/tmp hyperlora-studio --models /tmp/pack \
    > "$WORK/studio.log" 2>&1
status=$?
set -e
if [ $status -ne 124 ]; then echo "hyperlora-studio exited with $status:"; cat "$WORK/studio.log"; exit 1; fi
run dpkg -L hyperlora-studio > "$WORK/files.txt"
run apt-get remove --purge -y -q hyperlora-studio > /dev/null
left=0
while read -r f; do
  if [ -f "$ROOT$f" ]; then echo "left behind: $f"; left=1; fi
done < "$WORK/files.txt"
[ $left -eq 0 ] || exit 1
remove_root  # the 1.4 GB root
echo "deb install test passed: installed, ran the CLI and the studio, purged without leftovers"
