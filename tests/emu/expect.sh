#!/usr/bin/env bash
# Run the emulator and check its exit status and output.
# Usage: expect.sh STATUS [--out LINE]... [--err-line TEXT] -- EMU [args...]
#   --out LINE      stdout must contain LINE as a whole line (repeatable)
#   --out-part TEXT stdout must contain a line starting with TEXT (repeatable)
#   --err-line TEXT stderr must be exactly one line, and contain TEXT
set -u
want=$1
shift
outs=() parts=() errline=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	case $1 in
	--out) outs+=("$2"); shift 2 ;;
	--out-part) parts+=("$2"); shift 2 ;;
	--err-line) errline=$2; shift 2 ;;
	*) echo "expect.sh: bad argument $1"; exit 2 ;;
	esac
done
shift
out=$(mktemp "${TMPDIR:-/tmp}/hs-emu-out.XXXXXX")
err=$(mktemp "${TMPDIR:-/tmp}/hs-emu-err.XXXXXX")
trap 'rm -f "$out" "$err"' EXIT
timeout 60 "$@" >"$out" 2>"$err"
status=$?
# Not the program's: AddressSanitizer's note, in the asan lane, that the
# simulation mode's contexts (swapcontext) are outside its full support.
sed -i '/^==[0-9]*==WARNING: ASan doesn.t fully support makecontext\/swapcontext/d' "$err"
fail() {
	echo "expect.sh: $*"
	echo "---- stdout (last 30 lines)"; tail -n 30 "$out"
	echo "---- stderr"; cat "$err"
	exit 1
}
[ "$status" -eq "$want" ] || fail "exit status $status, expected $want"
for l in "${outs[@]+"${outs[@]}"}"; do
	grep -qxF -- "$l" "$out" || fail "missing line: $l"
done
for p in "${parts[@]+"${parts[@]}"}"; do
	grep -q "^$(printf '%s' "$p" | sed 's/[][\.*^$/]/\\&/g')" "$out" || fail "no line starting with: $p"
done
if [ -n "$errline" ]; then
	[ "$(wc -l <"$err")" -eq 1 ] || fail "stderr is not exactly one line"
	grep -qF -- "$errline" "$err" || fail "stderr does not name: $errline"
fi
echo "expect.sh: ok (exit $status)"
exit 0
