#!/bin/sh
# Replay every input of every fuzz corpus (tests/fuzz/NAME/, crashes
# found so far included) through the fuzz targets built with gcc and the
# sanitizers (build/san/replay_NAME: the harness tests/fuzz/fuzz_NAME.c
# and tests/fuzz/replay.c).  Needs no clang.  One TAP line per target;
# a target that runs over 300 s fails (a hang).
cd "$(dirname "$0")/.." || exit 3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
for src in tests/fuzz/fuzz_*.c; do
	t=${src#tests/fuzz/fuzz_}; t=${t%.c}
	n=$((n + 1))
	bin=build/san/replay_$t
	files=$(ls "tests/fuzz/$t" 2>/dev/null | wc -l | tr -d ' ')
	if [ ! -x "$bin" ]; then
		echo "not ok $n - $t: $bin is not built (make check-tests builds it)"
	elif [ "$files" -eq 0 ]; then
		echo "not ok $n - $t: the corpus tests/fuzz/$t/ is empty"
	# The check and load targets print diagnostics; only failures
	# matter.  They write folders in $T/tmp and must leave none.
	elif mkdir "$T/tmp" && TMPDIR=$T/tmp timeout 300 "$bin" "tests/fuzz/$t" \
	    >"$T/out" 2>"$T/err" && grep -qx "$files inputs replayed" "$T/out" &&
	    rmdir "$T/tmp"; then
		echo "ok $n - $t: $files inputs replayed under ASan/UBSan"
	else
		echo "not ok $n - $t: replay failed"
		grep -B2 -A30 -E 'ERROR: |runtime error|^replay: ' "$T/err" |
		    grep -v '^replay: ' | head -n 40 | sed 's/^/# /'
		grep '^replay: ' "$T/err" | tail -n 1 | sed 's/^/# last input: /'
		ls -A "$T/tmp" 2>/dev/null | sed 's/^/# left behind: /'
		rm -rf "$T/tmp"
	fi
done
echo "1..$n"
