#!/usr/bin/env bash
# Builds the userland programs with Debian's riscv64 cross compiler into userland/bin/, the
# binaries the repository commits (the playground never needs the compiler to start).
#
#   userland/build.sh           rebuild every program into userland/bin/
#   userland/build.sh --check   rebuild into a temporary directory and fail, naming the files,
#                               if any differs from the committed binary, is not committed, or
#                               if a committed binary has no source
#
# Every program is one source file: userland/<group>/NAME.c or NAME.S becomes
# userland/bin/<group>/NAME. A group's compile and link flags are the group_flags_<group>
# function below (it sets the array `flags`, and `libs` for what only the link needs); to add
# a group, add its name to PROGRAM_GROUPS and write that function.
# The build is reproducible: fixed flags, paths relative to userland/ and mapped away, no
# build id, no compiler identification string, sources taken in sorted order.
#
# BusyBox is the exception to one-source-one-program: userland/bin/glibc/busybox is built from
# Debian's busybox source package (the version and file hashes pinned in userland/busybox/source,
# fetched with apt-get source) with the configuration userland/busybox/config, and
# userland/bin/busybox-applets.json lists its applets (the kernel links each into /bin). That
# build takes a minute or two, so its result is kept in a cache (POPCORN_CACHE, by default
# ~/.cache/popcorn) under a hash of everything it depends on (the pinned source, the
# configuration, this script's BusyBox steps, the compiler's and glibc's versions): --check
# rebuilds BusyBox only when one of those changed or on a machine that never built it.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")"

CC=riscv64-linux-gnu-gcc
PROGRAM_GROUPS=(bare glibc)

# Flags every group shares: the target, no paths or build ids in the output, no unwind tables.
COMMON_FLAGS=(
  -march=rv64gc -mabi=lp64d -O2 -Wall -Wextra -Werror
  -ffile-prefix-map="$PWD"=. -fdebug-prefix-map="$PWD"=. -fno-ident
  -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-stack-protector
  -fno-pie -no-pie -static -Wl,--build-id=none
)

# bare: no libc, no startup files; bare.h provides _start, the system calls and the printing.
# (fence.c keeps a patchable function in a writable and executable section, hence the last flag.)
group_flags_bare() {
  flags=(-nostdlib -ffreestanding -fno-tree-loop-distribute-patterns -Wl,--no-warn-rwx-segments)
}

# glibc: static against Debian's glibc (libc6-dev-riscv64-cross), C locale, no dynamic loading;
# -s strips the symbol table (the binaries stay byte-identical from build to build).
group_flags_glibc() {
  flags=(-D_GNU_SOURCE -pthread -s)
  libs=(-lm)
}

# Builds one program: compiles $3 with the flags in `flags` (and -fopenmp for an OpenMP
# program), then links it into $1/$2 with `libs` added. The link
# runs inside the object directory on a relative name, because ld records the object's name
# (as a file symbol) when an assembly source gave none.
build_one() {
  local out=$1 name=$2 src=$3 objdir extra=() link=("${libs[@]}")
  # an OpenMP program (one that includes omp.h) is compiled and linked with gcc's static libgomp
  if grep -q '^#include <omp.h>' "$src"; then extra=(-fopenmp); fi
  # a program that includes nolibc.h (init) is its own runtime: freestanding, no C library
  if grep -q '^#include "nolibc.h"' "$src"; then
    extra=(-nostdlib -ffreestanding -fno-tree-loop-distribute-patterns)
    link=()
  fi
  objdir=$(mktemp -d)
  "$CC" "${COMMON_FLAGS[@]}" "${flags[@]}" "${extra[@]}" -I"$(dirname "$src")" -c -o "$objdir/$name.o" "$src"
  (cd "$objdir" && "$CC" "${COMMON_FLAGS[@]}" "${flags[@]}" "${extra[@]}" -o "$out/$name" "$name.o" "${link[@]}")
  rm -rf "$objdir"
}

# BusyBox from Debian's source: $1 is the output directory (it gets glibc/busybox and
# busybox-applets.json). The source is fetched once into the cache and its files checked against
# the pinned hashes; a deb-src line is added to apt's sources when there is none (as root).
BUSYBOX_PIN=busybox/source
BUSYBOX_CONFIG=busybox/config
busybox_cache() {
  echo "${POPCORN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/popcorn}/busybox"
}
busybox_version() {
  awk '$1 == "version" { print $2 }' "$BUSYBOX_PIN"
}
# The hash of every input of the BusyBox build: the cache key.
busybox_key() {
  {
    cat "$BUSYBOX_PIN" "$BUSYBOX_CONFIG"
    declare -f busybox_fetch busybox_make
    "$CC" --version | head -1
    dpkg-query -W -f '${Version}\n' libc6-dev-riscv64-cross 2>/dev/null || echo "no dpkg"
  } | sha256sum | cut -c1-16
}
# Makes sure apt knows Debian's source packages: adds deb-src twins of the deb sources.
busybox_deb_src() {
  if grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then return 0; fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "userland/build.sh: apt has no deb-src line (needed for Debian's busybox source); as root this script adds one" >&2
    return 1
  fi
  local list=/etc/apt/sources.list.d/popcorn-deb-src
  sed -nE 's/^deb (.*)/deb-src \1/p' /etc/apt/sources.list 2>/dev/null >"$list.list" || true
  cat /etc/apt/sources.list.d/*.list 2>/dev/null | sed -nE 's/^deb (.*)/deb-src \1/p' >>"$list.list" || true
  [ -s "$list.list" ] || rm -f "$list.list"
  local f twins=""
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -e "$f" ] || continue
    twins+=$(sed -E 's/^Types:.*/Types: deb-src/' "$f")$'\n\n'
  done
  [ -z "$twins" ] || printf '%s' "$twins" >"$list.sources"
  echo "userland/build.sh: added deb-src sources for apt ($list.*)"
  apt-get update -qq
}
# Fetches and unpacks the pinned source into $1 (absent), checking every file's hash.
busybox_fetch() {
  local dest=$1 version dl name sum
  version=$(busybox_version)
  command -v dpkg-source >/dev/null || {
    echo "userland/build.sh: dpkg-source not found (Debian package dpkg-dev)" >&2
    return 1
  }
  busybox_deb_src
  dl=$(mktemp -d)
  if ! (cd "$dl" && apt-get source -qq --download-only "busybox=$version" >/dev/null 2>&1); then
    apt-get update -qq || true
    (cd "$dl" && apt-get source -qq --download-only "busybox=$version" >/dev/null) || {
      echo "userland/build.sh: apt-get source busybox=$version failed (is it still in the archive? see $BUSYBOX_PIN)" >&2
      rm -rf "$dl"
      return 1
    }
  fi
  while read -r _ sum name; do
    echo "$sum  $dl/$name" | sha256sum --quiet -c - || {
      echo "userland/build.sh: $name is not the file $BUSYBOX_PIN pins" >&2
      rm -rf "$dl"
      return 1
    }
  done < <(grep '^sha256 ' "$BUSYBOX_PIN")
  # (dpkg-source leaves a copy of the upstream tarball beside what it unpacks)
  (cd "$dl" && dpkg-source -q -x busybox_*.dsc src >/dev/null)
  mv "$dl/src" "$dest"
  rm -rf "$dl"
}
# Builds BusyBox in the unpacked source $1 with the committed configuration.
busybox_make() {
  local src=$1
  cp "$BUSYBOX_CONFIG" "$src/.config"
  (
    cd "$src"
    export SOURCE_DATE_EPOCH=0 KBUILD_BUILD_TIMESTAMP=@0 KCONFIG_NOTIMESTAMP=1
    make -s oldconfig </dev/null >/dev/null
    make -s -j"$(nproc)" BB_EXTRA_VERSION="Debian $(busybox_version_in "$src")" \
      CONFIG_EXTRA_CFLAGS="-march=rv64gc -mabi=lp64d -ffile-prefix-map=$PWD=. -fdebug-prefix-map=$PWD=. -fno-ident" \
      CONFIG_EXTRA_LDFLAGS="-Wl,--build-id=none" >/dev/null
    make -s busybox.links >/dev/null
  )
}
busybox_version_in() {
  dpkg-parsechangelog -l "$1/debian/changelog" -S Version
}
build_busybox() {
  local out=$1 cache key src work
  cache=$(busybox_cache)
  key=$(busybox_key)
  if [ ! -e "$cache/$key/busybox" ]; then
    echo "userland/build.sh: building BusyBox $(busybox_version) from Debian's source (inputs $key; a minute or two)" >&2
    src="$cache/src-$(busybox_version | tr ':' '_')"
    if [ ! -d "$src" ]; then
      mkdir -p "$cache"
      rm -rf "$src.new"
      busybox_fetch "$src.new"
      mv "$src.new" "$src"
    fi
    work=$(mktemp -d)
    cp -a "$src/." "$work/"
    busybox_make "$work"
    mkdir -p "$cache/$key.new"
    cp "$work/busybox" "$cache/$key.new/busybox"
    # the applets, one name each (busybox.links gives install paths), as a JSON array
    sed 's|.*/||' "$work/busybox.links" | LC_ALL=C sort -u |
      awk 'BEGIN { printf "[" } { printf "%s\"%s\"", (NR > 1 ? ", " : ""), $0 } END { print "]" }' \
        >"$cache/$key.new/busybox-applets.json"
    rm -rf "$work" "$cache/$key"
    mv "$cache/$key.new" "$cache/$key"
  fi
  mkdir -p "$out/glibc"
  cp "$cache/$key/busybox" "$out/glibc/busybox"
  cp "$cache/$key/busybox-applets.json" "$out/busybox-applets.json"
}

# Builds every program of every group into $1 (an absolute path to an existing directory).
build_all() {
  local out=$1 group src name
  command -v "$CC" >/dev/null || {
    echo "userland/build.sh: $CC not found (Debian package gcc-riscv64-linux-gnu)" >&2
    exit 1
  }
  for group in "${PROGRAM_GROUPS[@]}"; do
    mkdir -p "$out/$group"
    local flags=() libs=()
    "group_flags_$group"
    while IFS= read -r src; do
      name=$(basename "${src%.*}")
      if [ -e "$out/$group/$name" ]; then
        echo "userland/build.sh: two sources for $group/$name" >&2
        exit 1
      fi
      build_one "$out/$group" "$name" "$src"
    done < <(find "$group" -maxdepth 1 -type f \( -name '*.c' -o -name '*.S' \) | sort)
  done
  build_busybox "$out"
}

if [ "${1:-}" = "--check" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  build_all "$tmp"
  bad=()
  while IFS= read -r file; do
    if [ ! -e "bin/$file" ]; then
      bad+=("userland/bin/$file (built but not committed)")
    elif ! cmp -s "$tmp/$file" "bin/$file"; then
      bad+=("userland/bin/$file (differs from a fresh build)")
    fi
  done < <(cd "$tmp" && find . -type f | sed 's|^\./||' | sort)
  if [ -d bin ]; then
    while IFS= read -r file; do
      [ -e "$tmp/$file" ] || bad+=("userland/bin/$file (no source)")
    done < <(cd bin && find . -type f | sed 's|^\./||' | sort)
  fi
  if [ ${#bad[@]} -gt 0 ]; then
    echo "userland binaries do not match their sources; run userland/build.sh and commit:" >&2
    printf '  %s\n' "${bad[@]}" >&2
    exit 1
  fi
  echo "userland: $(cd "$tmp" && find . -type f | wc -l) binaries match their sources"
elif [ $# -eq 0 ]; then
  rm -rf bin.new
  mkdir bin.new
  trap 'rm -rf bin.new' EXIT
  build_all "$PWD/bin.new"
  rm -rf bin
  mv bin.new bin
  echo "userland: built $(find bin -type f | wc -l) binaries into userland/bin/"
else
  echo "usage: userland/build.sh [--check]" >&2
  exit 2
fi
