#!/usr/bin/env bash
# Installs the Debian packages the tests need, when missing: the riscv64 cross compiler and
# glibc (userland), dpkg-dev and the host's gcc (to unpack and configure Debian's busybox
# source, which userland/build.sh builds), qemu-user (the reference the differential tests
# compare against), chromium (end-to-end tests), tshark (reads the network's pcap captures
# back, checksums validated) and curl (a client on the host of a server in the machine, through
# popcorn run --forward). As root it installs them; otherwise it names them and fails.
set -euo pipefail

declare -A probe=(
  [gcc-riscv64-linux-gnu]=/usr/bin/riscv64-linux-gnu-gcc
  [libc6-dev-riscv64-cross]=/usr/riscv64-linux-gnu/lib/libc.a
  [dpkg-dev]=/usr/bin/dpkg-source
  [gcc]=/usr/bin/gcc
  [qemu-user]=/usr/bin/qemu-riscv64
  [chromium]=/usr/bin/chromium
  [tshark]=/usr/bin/tshark
  [curl]=/usr/bin/curl
)
missing=()
for pkg in gcc-riscv64-linux-gnu libc6-dev-riscv64-cross dpkg-dev gcc qemu-user chromium tshark curl; do
  [ -e "${probe[$pkg]}" ] || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "The tests need these Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
