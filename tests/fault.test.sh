#!/bin/sh
# Fault injection, in the style of curl's torture tests.
#
# Allocations: the test build counts the allocations of a build and of a
# check (RAPOR_FAULT_ALLOC=count) and then fails them in turn, the first
# and last and a seeded sample between (FAULT_ALLOCS of each, default
# 60): every run must exit 3 with "out of memory", without a crash or a
# leak under ASan, with OUTPUT untouched and no staging folder left.
#
# I/O: an LD_PRELOAD shim (tests/fault/shim.c) fails the Nth write,
# fsync, rename, mkdir, unlink, rmdir or create of a rebuild that
# changes the site, each in turn (up to FAULT_IOS of each, default 25):
# the run exits 0 or 3 with a message naming OUTPUT's paths (never the
# staging folder); OUTPUT is the old site or, once the next run has
# started, the new one; and the next build equals a clean one.
# Speaks TAP.
cd "$(dirname "$0")/.." || exit 3
R=${RAPOR:-build/san/rapor}
SHIM=build/fault-shim.so
# On tmpfs where there is one: these suites make thousands of files.
T=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$T"' EXIT
ALLOCS=${FAULT_ALLOCS:-60}
IOS=${FAULT_IOS:-25}
. tests/tap.sh
sums() { (cd "$1" && find . -path ./.rapor -prune -o \( -type f -o -type l \) -print | LC_ALL=C sort | xargs -r sha256sum); }
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=99"
export LSAN_OPTIONS="suppressions=$PWD/tests/fault/lsan.supp:print_suppressions=0"

# Which of 1..K to try: the first, the last, and a seeded spread between.
picks() { # picks K M SEED
	awk -v k="$1" -v m="$2" -v s="$3" 'BEGIN {
	    if (k <= m) { for (i = 1; i <= k; i++) print i; exit }
	    srand(s); print 1; print k
	    for (i = 2; i < m; i++) print 1 + int(rand() * k) }' | sort -n | uniq
}

cp -r content "$T/a"
cp -r content "$T/b"
sed -i 's/2023;kota-cilegon;dinsos;85,73/2023;kota-cilegon;dinsos;55,73/' "$T/b/data/scores.csv"
rm "$T/b/metodologi.md"
cp -r content "$T/broken"; printf 'id,name,color\nx,Y,bad\n' >"$T/broken/data/zones.csv"
./rapor build -C "$T/a" -o "$T/ref-a" -j 1 2>/dev/null; sums "$T/ref-a" >"$T/sum-a"
./rapor build -C "$T/b" -o "$T/ref-b" -j 1 2>/dev/null; sums "$T/ref-b" >"$T/sum-b"

# -- allocations -------------------------------------------------------------
O="$T/out"
for what in build check; do
	if [ $what = build ]; then set -- build -C "$T/b" -o "$O" -j 1; else set -- check -C "$T/b"; fi
	# Counted on the very rebuild each run makes, a to b; then back to a.
	./rapor build -C "$T/a" -o "$O" -j 1 2>/dev/null
	total=$(RAPOR_FAULT_ALLOC=count "$R" "$@" 2>&1 >/dev/null | sed -n 's/^rapor: \([0-9]*\) allocations$/\1/p')
	./rapor build -C "$T/a" -o "$O" -j 1 2>/dev/null
	if [ -z "$total" ]; then not_ok "allocations of a $what are counted"; continue; fi
	bad="" tried=0
	for i in $(picks "$total" "$ALLOCS" 17); do
		tried=$((tried + 1))
		RAPOR_FAULT_ALLOC=$i "$R" "$@" >/dev/null 2>"$T/err"; st=$?
		sums "$O" >"$T/now"
		if [ $st != 3 ] || ! grep -qx 'rapor: out of memory' "$T/err" || grep -q Sanitizer "$T/err"; then
			bad="$bad $i(exit $st: $(grep -m1 -E 'Sanitizer|error' "$T/err"))"
		elif ! cmp -s "$T/now" "$T/sum-a" && ! cmp -s "$T/now" "$T/sum-b"; then
			bad="$bad $i(OUTPUT neither old nor new)"
		elif ls "$O/.rapor" | grep -q '^stage-' && [ ! -f "$O/.rapor/journal" ]; then
			# (With a journal written, its staging folder waits for it.)
			bad="$bad $i(staging left)"
		fi
	done
	[ -z "$bad" ] && ok "each of $tried of the $total allocations of a $what failing: exit 3, out of memory, no leak, OUTPUT untouched" ||
	    not_ok "allocation failures in a $what" "$bad"
done
# A first build that runs out of memory leaves no OUTPUT behind.
total=$(RAPOR_FAULT_ALLOC=count "$R" build -C "$T/a" -o "$T/new" -j 1 2>&1 >/dev/null | sed -n 's/^rapor: \([0-9]*\) allocations$/\1/p')
rm -rf "$T/new"
bad=""
for i in $(picks "${total:-0}" 10 23); do
	RAPOR_FAULT_ALLOC=$i "$R" build -C "$T/a" -o "$T/new" -j 1 >/dev/null 2>"$T/err"; st=$?
	# No OUTPUT, or (a failure after the publish) the whole new site.
	if [ $st != 3 ]; then bad="$bad $i(exit $st)"
	elif [ -e "$T/new" ]; then sums "$T/new" >"$T/now"; cmp -s "$T/now" "$T/sum-a" || bad="$bad $i(a part of a site)"; fi
	rm -rf "$T/new"
done
[ -z "$bad" ] && ok "a first build that runs out of memory leaves no OUTPUT (or the whole site)" || not_ok "a first build that runs out of memory leaves no OUTPUT (or the whole site)" "$bad"

# -- I/O ---------------------------------------------------------------------
if [ ! -f "$SHIM" ]; then
	echo "ok $((n = n + 1)) - I/O faults # SKIP $SHIM not built (make build/fault-shim.so)"
	echo "1..$n"; exit 0
fi
export ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0"
other() { [ "$1" = a ] && echo b || echo a; }
./rapor build -C "$T/a" -o "$O" -j 1 2>/dev/null
counts=$(RAPOR_FAULT=count LD_PRELOAD=$SHIM "$R" build -C "$T/b" -o "$O" -j 1 2>&1 >/dev/null | grep '^fault:')
state=b
# (link is not among them: the write stage makes no hard links.)
for op in write fsync rename mkdir unlink rmdir create; do
	k=$(echo "$counts" | awk -v op=$op '$2 == op { print $3 }')
	bad="" tried=0 old=0 new=0
	for err in EIO ENOSPC; do
		[ $err = ENOSPC ] && [ $op != write ] && [ $op != create ] && [ $op != mkdir ] && continue
		for i in $(picks "${k:-0}" "$IOS" 31); do
			tried=$((tried + 1))
			to=$(other $state)
			RAPOR_FAULT="$op:$i:$err" LD_PRELOAD=$SHIM "$R" build -C "$T/$to" -o "$O" -j 1 >/dev/null 2>"$T/err"; st=$?
			if grep -q '\.rapor/stage-' "$T/err"; then bad="$bad $op$i(names the staging folder)"; fi
			if [ $st != 0 ] && [ $st != 3 ]; then bad="$bad $op$i(exit $st: $(head -c 300 "$T/err"))"; fi
			if [ $st = 3 ] && ! grep -q "^$O.*: error: " "$T/err"; then bad="$bad $op$i(no message naming OUTPUT: $(head -c 300 "$T/err"))"; fi
			# The next run starts (and fails on broken content).
			"$R" build -C "$T/broken" -o "$O" -j 1 >/dev/null 2>&1
			sums "$O" >"$T/now"
			if cmp -s "$T/now" "$T/sum-$state"; then
				old=$((old + 1))
				[ $st = 0 ] && bad="$bad $op$i(exit 0, old site)"
			elif cmp -s "$T/now" "$T/sum-$to"; then new=$((new + 1)); state=$to
			else bad="$bad $op$i(neither site)"; fi
			to=$(other $state)
			"$R" build -C "$T/$to" -o "$O" -j 1 >/dev/null 2>&1
			sums "$O" >"$T/now"
			cmp -s "$T/now" "$T/sum-$to" && state=$to || { bad="$bad $op$i(next build wrong)"; }
		done
	done
	[ -z "$bad" ] && ok "$op failing ($tried runs of ${k:-0} calls): old $old, new $new; errors name OUTPUT; next build right" ||
	    not_ok "$op failing" "$bad"
done
echo "1..$n"
