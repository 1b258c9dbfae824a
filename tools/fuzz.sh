#!/usr/bin/env bash
# Build and run the core's libFuzzer target (tests/fuzz/fuzz_core.c against
# the reference model tests/fuzz/model.c).
#
#   tools/fuzz.sh check                  exit 0 if clang can build libFuzzer+ASan programs
#   tools/fuzz.sh build [CAP]            build build-rel-fuzz/fuzz-core-capCAP (CAP 64 or 4; both if omitted)
#   tools/fuzz.sh run [SECONDS] [CAP]    fuzz (default 600 s, cap 4) in build-rel-fuzz/corpus-capCAP,
#                                        seeded from tests/fuzz/corpus; prints libFuzzer's final stats
#   tools/fuzz.sh merge [CAP]            minimise the work corpus into tests/fuzz/corpus (keeps it small)
#   tools/fuzz.sh ci BIN SECONDS WORKDIR CORPUS   the short meson 'fuzz' test (used by tests/fuzz/meson.build)
#
# Env: FUZZ_DIR (default build-rel-fuzz), FUZZ_JOBS (libFuzzer -jobs, default 1).
# A crash leaves the input as FUZZ_DIR/crash-*; replay it with the plain driver:
#   build-rel/tests/fuzz/hs_fuzz_replay FUZZ_DIR/crash-...
set -euo pipefail
# 'ci' gets paths relative to the caller's directory (meson's build dir).
[ "${1:-}" = ci ] || cd "$(dirname "$0")/.."

fuzz_dir=${FUZZ_DIR:-build-rel-fuzz}
clang=${CLANG:-clang}
flags=(-std=c11 -O1 -g -fno-omit-frame-pointer
       -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -D_GNU_SOURCE -DHS_MAX_CPUS=64 -DHS_MAX_TASKS=16384 -DHS_STEAL_MAX_PER_TICK=1
       -Isrc/include -Ihost)
sources=(src/console.c src/cpu.c src/ipi.c src/names.c src/rq.c src/selftest.c
         host/host_arch.c tests/fuzz/model.c tests/fuzz/fuzz_core.c)

check() {
	local tmp
	tmp=$(mktemp -d)
	printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n)\n{ (void)d; (void)n; return 0; }\n' > "$tmp/p.c"
	"$clang" -fsanitize=fuzzer,address "$tmp/p.c" -o "$tmp/p" >/dev/null 2>&1 && "$tmp/p" -runs=1 >/dev/null 2>&1
	local rc=$?
	rm -rf "$tmp"
	return $rc
}

build_one() {
	local cap=$1 out=$2
	mkdir -p "$(dirname "$out")"
	"$clang" "${flags[@]}" -DHS_QUEUE_CAPACITY="$cap" "${sources[@]}" -o "$out"
}

run() {
	local secs=${1:-600} cap=${2:-4}
	local bin=$fuzz_dir/fuzz-core-cap$cap work=$fuzz_dir/corpus-cap$cap
	build_one "$cap" "$bin"
	mkdir -p "$work"
	echo "fuzz: $bin for ${secs}s, corpus $work + tests/fuzz/corpus"
	local jobs=() art
	art="$(cd "$fuzz_dir" && pwd)/"
	# -jobs forks workers that log to fuzz-N.log in the current directory.
	if [ "${FUZZ_JOBS:-1}" -gt 1 ]; then
		jobs=(-jobs="$FUZZ_JOBS" -workers="$FUZZ_JOBS")
		cd "$fuzz_dir"
		bin=./fuzz-core-cap$cap work=corpus-cap$cap
		set -- ../tests/fuzz/corpus
	else
		set -- tests/fuzz/corpus
	fi
	"$bin" -max_total_time="$secs" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
		-max_len=1024 "${jobs[@]}" -artifact_prefix="$art" "$work" "$1"
}

case "${1:-}" in
check)
	check
	;;
build)
	if [ -n "${2:-}" ]; then
		build_one "$2" "$fuzz_dir/fuzz-core-cap$2"
	else
		build_one 64 "$fuzz_dir/fuzz-core-cap64"
		build_one 4 "$fuzz_dir/fuzz-core-cap4"
	fi
	;;
run)
	run "${2:-600}" "${3:-4}"
	;;
merge)
	cap=${2:-4}
	build_one "$cap" "$fuzz_dir/fuzz-core-cap$cap"
	mkdir -p "$fuzz_dir/merged"
	"$fuzz_dir/fuzz-core-cap$cap" -merge=1 -max_len=1024 "$fuzz_dir/merged" tests/fuzz/corpus \
		"$fuzz_dir/corpus-cap$cap"
	echo "fuzz: minimised corpus in $fuzz_dir/merged ($(ls "$fuzz_dir/merged" | wc -l) files);"
	echo "      copy the ones worth keeping into tests/fuzz/corpus"
	;;
ci)
	# ci BIN SECONDS WORKDIR CORPUS: a short run from a fresh copy of the seed corpus.
	bin=$2 secs=$3 work=$4 corpus=$5
	rm -rf "$work"
	mkdir -p "$work"
	exec "$bin" -max_total_time="$secs" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
		-max_len=1024 -artifact_prefix="$work/" "$work" "$corpus"
	;;
*)
	sed -n '2,18p' "$0"
	exit 2
	;;
esac
