#!/bin/sh
# make fuzz: run each libFuzzer target for SECONDS on its corpus.
# Usage: sh tests/fuzz/run.sh SECONDS NAME...  (from the project root)
# The committed corpus tests/fuzz/NAME/ is only read; new inputs go to
# build/fuzz/corpus/NAME/, crashes to build/fuzz/artifacts/NAME/, the
# whole log to build/fuzz/NAME.log.  Prints libFuzzer's last status line
# per target (executions, cov:, ft:, corpus) and fails if any target
# found something.  FUZZ_FLAGS adds libFuzzer options (-jobs, -seed...).
cd "$(dirname "$0")/../.." || exit 3
secs=$1; shift
# The check and load targets write a folder per input: in memory if we can.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
	TMPDIR=/dev/shm; export TMPDIR
fi
fail=0
for t in "$@"; do
	c=build/fuzz/corpus/$t a=build/fuzz/artifacts/$t
	mkdir -p "$c" "$a"
	dict=
	[ -f "tests/fuzz/$t.dict" ] && dict=-dict=tests/fuzz/$t.dict
	# -close_fd_mask=2: rapor's diagnostics go nowhere; libFuzzer's own
	# output and the sanitizer reports still reach the log.
	build/fuzz/fuzz_"$t" -max_total_time="$secs" -timeout=60 \
	    -rss_limit_mb=2048 -max_len=16384 -close_fd_mask=2 -print_final_stats=1 \
	    -artifact_prefix="$a/" $dict ${FUZZ_FLAGS:-} "$c" "tests/fuzz/$t" \
	    >"build/fuzz/$t.log" 2>&1
	rc=$?
	last=$(grep -E '^#[0-9]+' "build/fuzz/$t.log" | tail -n 1)
	printf '%-10s %s\n' "$t" "$last"
	if [ "$rc" -ne 0 ]; then
		fail=1
		echo "  FOUND (exit $rc): see build/fuzz/$t.log; inputs in $a/:"
		ls "$a" | sed 's/^/    /'
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' \
		    "build/fuzz/$t.log" | head -n 5 | sed 's/^/    /'
	fi
done
exit $fail
