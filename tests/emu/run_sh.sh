#!/usr/bin/env bash
# tools/run.sh: --help is instant (no package setup, no configure, no build)
# and a failed configure stops with its error instead of building anyway.
# Package tools, meson and ninja are replaced by stubs that log their calls.
# Usage: run_sh.sh RUN_SH help|configure-fails
set -u
run_sh=$1 case=$2
dir=$(mktemp -d "${TMPDIR:-/tmp}/hs-run-sh.XXXXXX")
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/bin"
for tool in dpkg-query apt-get sudo meson ninja; do
	cat >"$dir/bin/$tool" <<STUB
#!/bin/sh
echo "$tool \$*" >>"$dir/calls"
case $tool in
dpkg-query) echo 'install ok installed' ;;
meson) echo "meson: stub configure error" >&2; exit 1 ;;
esac
exit 0
STUB
	chmod +x "$dir/bin/$tool"
done
export PATH="$dir/bin:$PATH" HS_BUILD_DIR="$dir/build"
fail() {
	echo "run_sh.sh: $case: $*"; echo "---- out"; cat "$dir/out"; echo "---- err"; cat "$dir/err"
	echo "---- calls"; cat "$dir/calls" 2>/dev/null; exit 1
}
case $case in
help)
	timeout 10 bash "$run_sh" --harts 4 --help >"$dir/out" 2>"$dir/err"
	status=$?
	[ "$status" -eq 0 ] || fail "exit status $status"
	grep -q '^Usage: tools/run.sh' "$dir/out" || fail "no usage on stdout"
	[ ! -e "$dir/calls" ] || fail "--help ran setup, meson or ninja"
	;;
configure-fails)
	timeout 30 bash "$run_sh" >"$dir/out" 2>"$dir/err"
	status=$?
	[ "$status" -ne 0 ] || fail "exit status 0 after a failed configure"
	grep -q 'meson: stub configure error' "$dir/err" || fail "the configure error is not shown"
	grep -q "meson setup" "$dir/calls" || fail "meson setup was not called"
	! grep -q '^ninja' "$dir/calls" || fail "ninja ran after a failed configure"
	;;
*) echo "run_sh.sh: unknown case"; exit 2 ;;
esac
echo "run_sh.sh: $case ok"
