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
  local out=$1 name=$2 src=$3 objdir extra=()
  # an OpenMP program (one that includes omp.h) is compiled and linked with gcc's static libgomp
  if grep -q '^#include <omp.h>' "$src"; then extra=(-fopenmp); fi
  objdir=$(mktemp -d)
  "$CC" "${COMMON_FLAGS[@]}" "${flags[@]}" "${extra[@]}" -I"$(dirname "$src")" -c -o "$objdir/$name.o" "$src"
  (cd "$objdir" && "$CC" "${COMMON_FLAGS[@]}" "${flags[@]}" "${extra[@]}" -o "$out/$name" "$name.o" "${libs[@]}")
  rm -rf "$objdir"
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
