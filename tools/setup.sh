#!/usr/bin/env bash
# Install every Debian package hartsched needs, idempotently.
# Usage: tools/setup.sh            (as root, or with sudo available)
# Skips apt entirely when every package is already installed.
set -euo pipefail

packages=(
	meson ninja-build pkg-config gcc clang python3
	libglib2.0-dev libjson-glib-dev liburcu-dev libck-dev
	gcc-riscv64-linux-gnu libc6-dev-riscv64-cross
	qemu-system-misc opensbi qemu-user
	valgrind gcovr libclang-rt-14-dev
	python3-matplotlib
)

missing=()
for p in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "setup: all ${#packages[@]} packages present"
	exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
	sudo=sudo
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
