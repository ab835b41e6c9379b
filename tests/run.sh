#!/bin/sh
# Run every test suite and end with one summary line: "N passed, N failed, N skipped".
# Each suite speaks TAP (cmocka with CMOCKA_MESSAGE_OUTPUT=TAP, the shell suites by hand);
# a suite that exits non-zero without reporting a failure counts as one failure (a crash).
# Arguments: the cmocka test binaries.  The shell suites are tests/*.test.sh;
# --skip NAME (repeatable, before the binaries) leaves out the suite NAME, as
# make check leaves out browser for a quick loop.
cd "$(dirname "$0")/.." || exit 3
skip_suites=" "
while [ "${1:-}" = --skip ]; do
	skip_suites="$skip_suites${2:?--skip needs a suite name} "
	shift 2
done
export CMOCKA_MESSAGE_OUTPUT=TAP
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
pass=0 fail=0 skip=0 failed_suites=""
log=$(mktemp)
trap 'rm -f "$log"' EXIT
run_suite() {
	name=$1; shift
	case $skip_suites in
	*" $name "*) printf '%-28s not run (--skip)\n' "$name"; return ;;
	esac
	"$@" >"$log" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$log" | tr -d ' ')
	s=$(grep -Ec '^(not )?ok .*# SKIP' "$log" | tr -d ' ')
	sok=$(grep -Ec '^ok .*# SKIP' "$log" | tr -d ' ')
	f=$(grep -c '^not ok ' "$log" | tr -d ' ')
	p=$((p - sok)) f=$((f - (s - sok)))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
	printf '%-28s %4d passed %4d failed %4d skipped\n' "$name" "$p" "$f" "$s"
	if [ "$f" -ne 0 ]; then
		failed_suites="$failed_suites $name"
		sed 's/^/    | /' "$log" | grep -v '^    | ok ' | tail -n 60
	fi
	grep -i 'SKIPPED' "$log" | grep -v '^ok ' | sed 's/^/    ! /' | sort -u
}
for t in "$@"; do
	run_suite "$(basename "$t")" "$t"
done
for t in tests/*.test.sh; do
	[ -f "$t" ] || continue
	run_suite "$(basename "$t" .test.sh)" sh "$t"
done
[ -n "$failed_suites" ] && echo "failing suites:$failed_suites"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
