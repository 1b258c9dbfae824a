#!/usr/bin/env bash
# The checker must be able to fail: a good trace of a real run passes, and
# each corruption of it (what a broken tracepoint or writer would produce)
# is caught with its own message.
# Usage: trace_check_bad.sh PYTHON CHECKER EMU
set -u
python=$1 checker=$2 emu=$3
dir=$(mktemp -d "${TMPDIR:-/tmp}/hs-trace-bad.XXXXXX")
trap 'rm -rf "$dir"' EXIT
good=$dir/good.txt
"$emu" --harts 2 --workload wake-remote --tasks 500 --trace "$good" >/dev/null ||
	{ echo "trace_check_bad.sh: the run failed"; exit 1; }
"$python" "$checker" --all-done --finished 500 "$good" >/dev/null ||
	{ echo "trace_check_bad.sh: the good trace does not pass"; exit 1; }
bad=0
# expect NAME MESSAGE SED-SCRIPT [checker args]: the edited trace must fail with MESSAGE.
expect() {
	local name=$1 msg=$2 script=$3
	shift 3
	sed -e "$script" "$good" >"$dir/$name.txt"
	if [ "$name" != silent-overflow ] && [ "${good##*.}" = txt ]; then
		# Keep the header consistent with the lines left, as a tracepoint
		# that never fired would: only the check under test may object.
		local n
		n=$(grep -vc '^#' "$dir/$name.txt")
		sed -i "s|^# entries-in-buffer/entries-written: [0-9]*/[0-9]*|# entries-in-buffer/entries-written: $n/$n|" "$dir/$name.txt"
	fi
	if "$python" "$checker" "$@" "$dir/$name.txt" >"$dir/$name.out" 2>&1; then
		echo "not caught: $name"; bad=1
	elif ! grep -qF -- "$msg" "$dir/$name.out"; then
		echo "caught $name with the wrong message:"; cat "$dir/$name.out"; bad=1
	else
		echo "caught: $name: $(cat "$dir/$name.out")"
	fi
}
# The first wakeup removed: what follows (a steal, a switch in) finds the task free.
first_wakeup=$(grep -n 'sched_wakeup: comm=t[0-9]* ' "$good" | head -1 | cut -d: -f1)
expect lost-wakeup 'but it is free' "${first_wakeup}d"
# Every ipi_entry removed: the raises are unanswered.
expect lost-ipi-entry 'ipi_raise without an ipi_entry' '/ ipi_entry: /d'
# One finish turned into a yield: the ledger no longer agrees.
first_x=$(grep -n 'prev_state=X' "$good" | tail -1 | cut -d: -f1)
expect ledger-mismatch 'the ledger says 500' "${first_x}s/prev_state=X/prev_state=R+/" --finished 500
# A timestamp moved back in time (the last event line's seconds to 0).
expect time-backwards 'time went backwards' '$s/ \{1,\}[0-9]\{1,\}\.\([0-9]\{6\}\): /     0.\1: /'
# A header that hides lost events.
expect silent-overflow 'entries written but not in the buffer' 's|^\(# entries-in-buffer/entries-written: \([0-9]*\)\)/[0-9]*|\1/\2000|'
# A field renamed away from Linux's name.
expect bad-field 'fields do not parse' '0,/prev_prio=/s/prev_prio=/prev_priority=/'
# A writer that found a ring out of time order says so; the check refuses it.
expect ring-disorder 'went back in time' '1a# hartsched: ring order broken 2 times'
# An overflow demanded where there is none.
expect no-overflow 'an overflow was expected' '' --require-dropped
# JSON: a flow end removed.
"$emu" --harts 2 --workload wake-remote --tasks 200 --trace "$dir/good.json" --trace-format json >/dev/null ||
	{ echo "trace_check_bad.sh: the JSON run failed"; exit 1; }
"$python" "$checker" --finished 200 "$dir/good.json" >/dev/null ||
	{ echo "trace_check_bad.sh: the good JSON does not pass"; exit 1; }
good=$dir/good.json
expect json-flow '1 starts and 0 ends' '0,/"ph":"f"/{/"ph":"f"/d}'
expect json-ledger 'the ledger says 201' '' --finished 201
expect json-ring-disorder 'went back in time' 's/"ring_disorder":0/"ring_disorder":2/'
exit $bad
