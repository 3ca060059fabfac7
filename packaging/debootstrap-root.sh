# Sourced by the package tests and the Debian 13/unstable checks: a fresh Debian minbase root
# under $WORK/root (SUITE, default bookworm = Debian 12; COMPONENTS, default main) made with
# debootstrap from the mirror this machine's apt uses, with /proc and /dev mounted, `run` to
# execute in it with a clean environment, and `cleanup` (also on exit) to unmount; for the build
# checks, `build_workspace`, `inroot` and `install_deps_in_root` (at the end).
# Needs root: without it the caller is told to skip (77), or to fail under CI=true.
if [ "$(id -u)" -ne 0 ]; then
  echo "SKIPPED: a debootstrap root needs root" >&2
  [ "${CI:-}" = "true" ] && exit 1 || exit 77
fi
MIRROR="$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)"
[ -n "$MIRROR" ] || MIRROR="$(awk '$1=="deb"{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)"
[ -n "$MIRROR" ] || { echo "no Debian mirror configured in /etc/apt" >&2; exit 1; }
mkdir -p "$WORK"
ROOT="$WORK/root"
# A root left mounted by an interrupted run is unmounted before it is removed, never removed
# through its bind mounts.
{ grep -o " $ROOT/[^ ]*" /proc/mounts || true; } | sort -r | while read -r m; do umount -R "$m" 2>/dev/null || umount -l "$m" || true; done
if grep -q " $ROOT/" /proc/mounts; then echo "$ROOT is still mounted; not removing it" >&2; exit 1; fi
# REUSE_ROOT=1 keeps a root an earlier run made complete (for iterating on a script).
REUSED=0
if [ "${REUSE_ROOT:-0}" = 1 ] && [ -f "$ROOT/.complete" ]; then REUSED=1; else rm -rf "$ROOT"; fi
EXTRA_MOUNTS=()  # further bind mounts a caller adds (unmounted first)
cleanup() {
  for m in "${EXTRA_MOUNTS[@]}"; do umount -R "$m" 2>/dev/null || true; done
  umount -R "$ROOT/dev" 2>/dev/null || true
  umount "$ROOT/proc" 2>/dev/null || true
}
trap cleanup EXIT
SUITE="${SUITE:-bookworm}"
COMPONENTS="${COMPONENTS:-main}"
if [ $REUSED = 0 ]; then
  echo "debootstrap $SUITE ($COMPONENTS) into $ROOT"
  debootstrap --variant=minbase --components="$COMPONENTS" "$SUITE" "$ROOT" "$MIRROR" > "$WORK/debootstrap.log" 2>&1 ||
    { tail -20 "$WORK/debootstrap.log"; exit 1; }
else
  echo "reusing $ROOT"
fi
cp /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
mount -t proc proc "$ROOT/proc"
mount --rbind /dev "$ROOT/dev"
run() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root DEBIAN_FRONTEND=noninteractive "$@"; }
# Removes the root, only ever after the unmounts (never through a bind mount).
remove_root() {
  cleanup
  if ! grep -q " $ROOT/" /proc/mounts; then rm -rf "$ROOT"; fi
}

# Binds HOST_DIR read-only at ROOT_DIR, unmounted by cleanup.
bind_ro() {
  mount --bind "$1" "$2" && mount -o remount,bind,ro "$2"
  EXTRA_MOUNTS+=("$2")
}
# The build checks' workspace in the root: /work/src, the sources SRC as committed or staged (no
# build trees); /work/shared, SHARED read-only when it exists; /work/ccache, CCACHE kept on the
# host between runs. `inroot CMD` runs CMD there with that ccache and every core.
build_workspace() {  # build_workspace SRC SHARED CCACHE
  rm -rf "$ROOT/work/src"
  mkdir -p "$ROOT/work/src" "$ROOT/work/shared" "$ROOT/work/ccache" "$3"
  (cd "$1" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) | tar -C "$ROOT/work/src" -xf -
  if [ -d "$2" ]; then bind_ro "$2" "$ROOT/work/shared"; fi
  mount --bind "$3" "$ROOT/work/ccache"
  EXTRA_MOUNTS+=("$ROOT/work/ccache")
}
inroot() {
  run /usr/bin/env CCACHE_DIR=/work/ccache JOBS="$(nproc)" NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
    bash -c "$1"
}
# scripts/install-deps.sh in the root, its output in LOG; the root then counts as complete.
# ca-certificates and the host's own certificate authorities (a TLS-inspecting proxy) go first,
# so that npm there fetches the face test models as it does here.
install_deps_in_root() {  # install_deps_in_root LOG
  inroot 'apt-get update -q && apt-get install -y -q --no-install-recommends ca-certificates' >"$1" 2>&1 ||
    { tail -30 "$1"; exit 1; }
  if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
    mkdir -p "$ROOT/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$ROOT/usr/local/share/ca-certificates/"
    run update-ca-certificates >/dev/null 2>&1 || true
  fi
  inroot '/work/src/scripts/install-deps.sh' >>"$1" 2>&1 || { tail -30 "$1"; exit 1; }
  touch "$ROOT/.complete"  # REUSE_ROOT=1 may keep it
}
