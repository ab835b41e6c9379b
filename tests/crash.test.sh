#!/bin/sh
# Crash test: rapor's promise about OUTPUT under kill -9, Ctrl-C and
# SIGTERM.  A small report is built into OUTPUT; then, many times, a
# rebuild of a changed report is started and killed at a random moment
# (spread over the whole build, its publish included), and at every
# step of the publish in turn.  After each kill, once the next rapor
# run has started (a build of broken content, which finishes an
# interrupted publish and then fails), OUTPUT must be exactly the old or
# the new site, hidden entries included; and the next real build must
# equal a clean build of its content, byte for byte.  After SIGINT and
# SIGTERM, OUTPUT must be the old or the new site at once, no staging
# folder may be left, and the exit must be the signal's.  Workers must
# die with their parent.
#
# CRASH_KILLS (default 60), CRASH_SIGNALS (default 20 each) and
# CRASH_STEPS (publish steps per kind of call, default 8) set the counts;
# `make test-long` runs 300 kills.  Speaks TAP.
cd "$(dirname "$0")/.." || exit 3
R=${RAPOR_FAST:-./rapor}
# On tmpfs where there is one: these suites make thousands of files.
T=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$T"' EXIT
KILLS=${CRASH_KILLS:-60}
SIGS=${CRASH_SIGNALS:-20}
. tests/tap.sh

# The files of a tree with their checksums; rapor's own record (.rapor)
# aside, hidden entries included.
sums() { (cd "$1" && find . -path ./.rapor -prune -o \( -type f -o -type l \) -print | LC_ALL=C sort | xargs -r sha256sum); }

# Two reports that differ in every way a rebuild can: scores, a unit
# gone, a name, a commentary file gone, a page added.
if [ -f ../shared/bench/gen-content.py ]; then
	python3 ../shared/bench/gen-content.py "$T/a" --scale 0.02 >/dev/null
	what="a generated report (gen-content.py --scale 0.02)"
else
	cp -r content "$T/a"
	what="the sample content (../shared is absent)"
	echo "# SKIPPED: ../shared is absent: the crash test runs on the small sample instead"
fi
cp -r "$T/a" "$T/b"
python3 tests/fault/mutate.py "$T/b"
cp -r "$T/a" "$T/broken"
printf 'id,name,color\nx,Y,notacolor\n' >"$T/broken/data/zones.csv"

hidden() { mkdir -p "$1/.git" "$1/.well-known"; echo ref >"$1/.git/HEAD"; echo sec >"$1/.well-known/security.txt"; }
"$R" build -C "$T/a" -o "$T/ref-a" -j 2 2>/dev/null && hidden "$T/ref-a" && sums "$T/ref-a" >"$T/sum-a"
"$R" build -C "$T/b" -o "$T/ref-b" -j 2 2>/dev/null && hidden "$T/ref-b" && sums "$T/ref-b" >"$T/sum-b"
if cmp -s "$T/sum-a" "$T/sum-b" || [ ! -s "$T/sum-a" ]; then
	not_ok "the two reports build and differ"; echo "1..$n"; exit 1
fi
ok "the two reports build and differ ($(wc -l <"$T/sum-a") files; $what)"

O="$T/out"
"$R" build -C "$T/a" -o "$O" -j 2 2>/dev/null; hidden "$O"
state=a
# How long a rebuild takes, to spread the kills over it (a little past
# its end, so that the publish is among the moments).
start=$(date +%s%N); "$R" build -C "$T/b" -o "$O" -j 2 2>/dev/null; end=$(date +%s%N)
state=b
span=$(( (end - start) / 1000 * 12 / 10 ))	# microseconds
[ "$span" -gt 0 ] || span=100000

# After a kill: the next run starts (and fails on broken content); then
# OUTPUT must be a or b; then a real build of the other content must
# equal its clean build.  Counts old/new/mixed/wrong.
old=0 new=0 mixed=0 wrong=0 detail=""
after_kill() { # after_kill FROM TO
	"$R" build -C "$T/broken" -o "$O" -j 2 >/dev/null 2>&1
	sums "$O" >"$T/now"
	if cmp -s "$T/now" "$T/sum-$1"; then old=$((old + 1))
	elif cmp -s "$T/now" "$T/sum-$2"; then new=$((new + 1))
	else mixed=$((mixed + 1)); detail="$detail $3"; fi
	"$R" build -C "$T/$2" -o "$O" -j 2 >/dev/null 2>&1
	sums "$O" >"$T/now"
	cmp -s "$T/now" "$T/sum-$2" || { wrong=$((wrong + 1)); detail="$detail wrong:$3"; }
	state=$2
}
other() { [ "$1" = a ] && echo b || echo a; }

i=0
while [ "$i" -lt "$KILLS" ]; do
	i=$((i + 1))
	to=$(other $state)
	delay=$(awk -v s="$i" -v span="$span" 'BEGIN { srand(s * 7919); printf "%.6f", rand() * span / 1000000 }')
	"$R" build -C "$T/$to" -o "$O" -j 2 >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	after_kill $state $to "kill$i@${delay}s"
done
[ $mixed -eq 0 ] && [ $wrong -eq 0 ] && ok "kill -9 at $KILLS random moments: old $old, new $new, mixed 0, wrong next build 0" ||
    not_ok "kill -9 at $KILLS random moments: old $old, new $new, mixed $mixed, wrong next build $wrong" "$detail"

# A kill at each step of the publish in turn: every rename, deletion,
# creation and fsync of a rebuild (the shim counts and kills at the Nth).
SHIM=build/fault-shim.so
if [ -f "$SHIM" ]; then
	old=0 new=0 mixed=0 wrong=0 detail="" steps=0
	# Counted on a real rebuild (which then stands as the state): the
	# way back makes as many of each.
	to=$(other $state)
	counts=$(RAPOR_FAULT=count LD_PRELOAD=$SHIM "$R" build -C "$T/$to" -o "$O" -j 1 2>&1 >/dev/null | grep '^fault:')
	state=$to
	for op in rename unlink rmdir fsync mkdir create; do
		k=$(echo "$counts" | awk -v op=$op '$2 == op { print $3 }')
		# Up to STEPS of them, spread from the first to the last.
		for j in $(awk -v k="${k:-0}" -v m="${CRASH_STEPS:-8}" 'BEGIN {
		    if (k <= m) for (i = 1; i <= k; i++) print i
		    else for (i = 0; i < m; i++) print 1 + int(i * (k - 1) / (m - 1)) }'); do
			to=$(other $state)
			RAPOR_FAULT="$op:$j:KILL" LD_PRELOAD=$SHIM "$R" build -C "$T/$to" -o "$O" -j 1 >/dev/null 2>&1
			after_kill $state $to "$op$j"
			steps=$((steps + 1))
		done
	done
	[ $mixed -eq 0 ] && [ $wrong -eq 0 ] && ok "kill -9 at each of $steps publish steps: old $old, new $new, mixed 0, wrong 0" ||
	    not_ok "kill -9 at each of $steps publish steps: old $old, new $new, mixed $mixed, wrong $wrong" "$detail"
else
	echo "ok $((n = n + 1)) - kill at each publish step # SKIP $SHIM not built"
fi

# SIGINT and SIGTERM: clean up at once, exit as the signal says.
for sig in INT TERM; do
	old=0 new=0 bad=0 staged=0 status="" detail=""
	want=$([ $sig = INT ] && echo 130 || echo 143)
	i=0
	while [ "$i" -lt "$SIGS" ]; do
		i=$((i + 1))
		to=$(other $state)
		delay=$(awk -v s="$i" -v span="$span" 'BEGIN { srand(s * 104729); printf "%.6f", rand() * span / 1000000 }')
		# sh starts background jobs with SIGINT ignored: undo that.
		sh -c 'trap - INT; exec "$@"' rapor "$R" build -C "$T/$to" -o "$O" -j 2 >/dev/null 2>&1 &
		pid=$!
		sleep "$delay"
		kill -$sig "$pid" 2>/dev/null
		wait "$pid"; st=$?
		[ "$st" = 0 ] || [ "$st" = "$want" ] || { status="$status $st"; }
		ls "$O/.rapor" | grep -q '^stage-' && staged=$((staged + 1))
		sums "$O" >"$T/now"
		if cmp -s "$T/now" "$T/sum-$state"; then old=$((old + 1))
		elif cmp -s "$T/now" "$T/sum-$to"; then new=$((new + 1)); state=$to
		else bad=$((bad + 1)); detail="$detail $i@$delay"; "$R" build -C "$T/$to" -o "$O" >/dev/null 2>&1; state=$to; fi
	done
	[ $bad -eq 0 ] && [ $staged -eq 0 ] && [ -z "$status" ] &&
	    ok "SIG$sig at $SIGS random moments: old $old, new $new, neither 0; no staging folder left; exit $want" ||
	    not_ok "SIG$sig at $SIGS random moments: old $old, new $new, neither $bad, staging left $staged, other exits:$status" "$detail"
done

# Workers die with their parent, even of kill -9.
to=$(other $state)
"$R" build -C "$T/$to" -o "$O" -j 4 >/dev/null 2>&1 &
pid=$!
sleep 0.05
kids=$(pgrep -P "$pid" | tr '\n' ' ')
kill -9 "$pid"; wait "$pid" 2>/dev/null
sleep 0.5
left=""
# A killed worker may stay a zombie until something reaps it: only a
# live one counts.
for k in $kids; do
	st=$(ps -o stat= -p "$k" 2>/dev/null)
	case "$st" in ""|Z*) ;; *) left="$left $k($st)";; esac
done
[ -z "$left" ] && ok "workers die with their parent (${kids:-none started yet})" || not_ok "workers die with their parent" "still running:$left"
after_kill $state $to "workers"

echo "1..$n"
