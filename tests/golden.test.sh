#!/bin/sh
# Golden site: the sample content built and compared byte for byte with the
# expected tree in tests/golden/site.  `tests/golden.sh --update` (make golden)
# rewrites the expected tree after a deliberate change; review its diff.
# Speaks TAP.
cd "$(dirname "$0")/.." || exit 3
R=${RAPOR:-./rapor}
EXPECTED=tests/golden/site
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# The golden tree must not depend on the caller's environment.
unset SOURCE_DATE_EPOCH
if ! "$R" build -C content -t templates -o "$T/site" 2>"$T/err"; then
	echo "not ok 1 - sample builds"; sed 's/^/# /' "$T/err"; echo "1..1"; exit 1
fi
if [ "${1:-}" = "--update" ]; then
	rm -rf "$EXPECTED" "$T/site/.rapor"
	mkdir -p "$(dirname "$EXPECTED")"
	cp -r "$T/site" "$EXPECTED"
	echo "golden tree rewritten: review 'git diff --stat $EXPECTED'"
	exit 0
fi
echo "ok 1 - sample builds"
if [ ! -d "$EXPECTED" ]; then
	echo "not ok 2 - golden tree exists (run make golden)"; echo "1..2"; exit 1
fi
# .rapor is rapor's own record of what it wrote (inodes, times): not site.
if diff -r -x .rapor "$EXPECTED" "$T/site" >"$T/diff" 2>&1; then
	echo "ok 2 - output is byte-identical to $EXPECTED ($(find "$EXPECTED" -type f | wc -l) files)"
else
	echo "not ok 2 - output is byte-identical to $EXPECTED"
	head -n 40 "$T/diff" | sed 's/^/# /'
	echo "# after a deliberate change: make golden, then review the diff"
fi
# Builds with one process and with three give the same bytes: the bytes
# never depend on which process wrote a file (the report-wide downloads
# are written by the last worker, with one process by that one).
n=2
for j in 1 3; do
	n=$((n + 1))
	"$R" build -j $j -C content -t templates -o "$T/again-$j" 2>/dev/null
	if diff -r -x .rapor "$T/site" "$T/again-$j" >/dev/null 2>&1; then
		echo "ok $n - a build with -j $j is byte-identical"
	else
		echo "not ok $n - a build with -j $j is byte-identical"
	fi
done
echo "1..$n"
