#!/bin/sh
# rapor release and rapor diff as an office uses them (content-format.md
# section 6): a release is recorded, refusals write nothing, a failed write
# leaves nothing behind, diff follows the data.  The messages and files of
# each refusal are the cases tests/cases/release-*; here is what a case
# cannot say: that nothing at all changed in the content folder.  Speaks
# TAP.
cd "$(dirname "$0")/.." || exit 3
R=${RAPOR:-build/san/rapor}
case $R in /*) ;; *) R=$(pwd)/$R ;; esac
T=$(mktemp -d) || exit 3
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT INT TERM
. tests/tap.sh
check() { # check NAME EXPECTED_STATUS ACTUAL_STATUS
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected exit $2, got $3" "$(head -c 1500 "$T/err")"; fi
}
# Every entry of the folder, hidden ones too, with its bytes and mode.
tree() { (cd "$1" && find . -print0 | LC_ALL=C sort -z | xargs -0 ls -ld --time-style=+ | awk '{ $2 = ""; print }'; find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); }
unchanged() { # unchanged NAME: the content folder is as it was before
	tree "$C" >"$T/after"
	if cmp -s "$T/before" "$T/after"; then ok "$1"; else not_ok "$1" "$(diff "$T/before" "$T/after" | head -n 10)"; fi
}

C=$T/content
cp -r tests/cases/bases/released "$C"
cd "$T" || exit 3

"$R" diff -C content >"$T/out" 2>"$T/err"; check "diff: the data as released" 0 $?
[ "$(cat "$T/out")" = "no changes" ] && ok "... says no changes" || not_ok "... says no changes" "$(cat "$T/out")"

# Refusals write nothing, not even the releases folder's temporary files.
tree "$C" >"$T/before"
"$R" release -C content --date 2024-01-10 -m Koreksi 2>"$T/err"; check "release refuses a date that has a release" 2 $?
unchanged "... and writes nothing"
"$R" release -C content --date 2023-12-31 2>"$T/err"; check "release refuses a date before the latest release" 2 $?
unchanged "... and writes nothing"
cp "$C/data/scores.csv" "$T/scores.csv"
echo "2023,kota-x,,50" >>"$C/data/scores.csv"
tree "$C" >"$T/before"
"$R" release -C content --date 2024-02-01 -m Koreksi 2>"$T/err"; check "release refuses content with errors" 1 $?
unchanged "... and writes nothing"
cp "$T/scores.csv" "$C/data/scores.csv"
"$R" release -C content --date 2024-02-30 2>"$T/err"; check "release refuses a date that is not one" 2 $?
"$R" release -C content 2>"$T/err"; check "release needs --date" 2 $?
tree "$C" >"$T/before"
"$R" release -C content --date 2024-02-01 -m "---" 2>"$T/err"; check "release refuses a note that would read as front matter" 2 $?
unchanged "... and writes nothing"
# A note of that date left by hand is never overwritten either.
echo "Catatan." >"$C/releases/2024-02-01.md"
tree "$C" >"$T/before"
"$R" release -C content --date 2024-02-01 -m Koreksi 2>"$T/err"; check "release refuses where a note of that date is there" 1 $?
unchanged "... and writes nothing"
rm "$C/releases/2024-02-01.md"

# A correction, recorded.
sed 's/2023,kota-b,dinsos,70/2023,kota-b,dinsos,71/' "$T/scores.csv" >"$C/data/scores.csv"
"$R" diff -C content >"$T/out" 2>"$T/err"; check "diff: a corrected score" 0 $?
[ "$(cat "$T/out")" = "2023 kota-b/dinsos: corrected 70.00 -> 71.00 (Kota B, Dinas Sosial)" ] &&
    ok "... one line, old and new" || not_ok "... one line, old and new" "$(cat "$T/out")"
"$R" release -C content --date 2024-02-01 -m "Koreksi nilai Dinas Sosial" 2>"$T/err"; check "release records it" 0 $?
grep -q "recorded the release of 2024-02-01: 5 figures, 1 changed since the release of 2024-01-10" "$T/err" &&
    ok "... and says so" || not_ok "... and says so" "$(cat "$T/err")"
[ -f "$C/releases/2024-02-01.csv" ] && [ "$(cat "$C/releases/2024-02-01.md")" = "Koreksi nilai Dinas Sosial" ] &&
    ok "... as releases/2024-02-01.csv and .md" || not_ok "... as releases/2024-02-01.csv and .md" "$(ls -la "$C/releases")"
ls -a "$C/releases" | grep -q '^\.2024' && not_ok "... leaving no temporary file" "$(ls -a "$C/releases")" || ok "... leaving no temporary file"
perm=$(stat -c %a "$C/releases/2024-02-01.csv")
want=$(printf '%o' $((0666 & ~$(umask))))
[ "$perm" = "$want" ] && ok "... readable as any file of the user's ($perm)" || not_ok "... readable as any file of the user's" "mode $perm, umask $(umask)"
"$R" build -C content -t "$OLDPWD/templates" -o site --no-charts >/dev/null 2>&1
cmp -s site/data/results.csv "$C/releases/2024-02-01.csv" &&
    ok "the release is exactly the results.csv of the data" || not_ok "the release is exactly the results.csv of the data"
"$R" diff -C content >"$T/out" 2>"$T/err"; check "diff after the release" 0 $?
[ "$(cat "$T/out")" = "no changes" ] && [ ! -s "$T/err" ] && ok "... no changes, no warning" || not_ok "... no changes, no warning" "$(cat "$T/out" "$T/err")"
"$R" check -C content 2>"$T/err"; check "check after the release" 0 $?

# A release that cannot be written leaves nothing: a read-only releases/.
if [ "$(id -u)" = 0 ]; then
	n=$((n + 1)); echo "ok $n - a failed write leaves nothing # SKIP root ignores permissions"
else
	sed 's/2023,kota-c,,60/2023,kota-c,,61/' "$C/data/scores.csv" >"$T/x" && mv "$T/x" "$C/data/scores.csv"
	chmod a-w "$C/releases"
	tree "$C" >"$T/before"
	"$R" release -C content --date 2024-03-01 -m Koreksi 2>"$T/err"; check "a release into a read-only folder fails" 3 $?
	unchanged "... and leaves nothing"
	chmod u+w "$C/releases"
fi
# Every write, fsync, link, mkdir and unlink of a release failing in turn
# (the LD_PRELOAD shim of tests/fault): exit 3, a message naming the file,
# and the folder as it was; or, where a failure cannot matter (the removal
# of the temporary file after its link), the release complete.
SHIM=$OLDPWD/build/fault-shim.so
if [ ! -f "$SHIM" ]; then
	n=$((n + 1)); echo "ok $n - I/O faults of a release # SKIP $SHIM not built (make build/fault-shim.so)"
else
	export ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"
	rm -rf first && mkdir first && cp -r "$OLDPWD/tests/cases/bases/minimal/." first/
	cp -r first again && "$R" release -C again --date 2024-01-01 2>/dev/null
	sed 's/2023,kota-b,,80/2023,kota-b,,81/' again/data/scores.csv >"$T/x" && mv "$T/x" again/data/scores.csv
	for dir in first again; do
		rm -rf try && cp -r $dir try
		counts=$(RAPOR_FAULT=count LD_PRELOAD=$SHIM "$R" release -C try --date 2024-02-01 -m Catatan 2>&1 >/dev/null | grep '^fault:')
		for op in write fsync link mkdir unlink; do
			k=$(echo "$counts" | awk -v op=$op '$2 == op { print $3 }')
			bad="" tried=0
			i=1
			while [ "$i" -le "${k:-0}" ]; do
				tried=$((tried + 1))
				rm -rf try && cp -r $dir try
				tree try >"$T/before"
				RAPOR_FAULT="$op:$i:EIO" LD_PRELOAD=$SHIM "$R" release -C try --date 2024-02-01 -m Catatan 2>"$T/err"; st=$?
				tree try >"$T/after"
				if [ $st = 3 ]; then
					cmp -s "$T/before" "$T/after" || bad="$bad $op$i(left: $(diff "$T/before" "$T/after" | grep '^>' | head -n 3 | tr '\n' ' '))"
					grep -q "^try.*: error: " "$T/err" || bad="$bad $op$i(no message naming the file: $(head -c 200 "$T/err"))"
				elif [ $st = 0 ]; then
					# A temporary file left only with a warning naming it.
					for f in $(ls -a try/releases | grep '^\.2024'); do
						grep -q "^try/releases/$f: warning: cannot remove" "$T/err" || bad="$bad $op$i(a temporary file left silently)"
					done
					[ -f try/releases/2024-02-01.csv ] && [ -f try/releases/2024-02-01.md ] || bad="$bad $op$i(exit 0, release incomplete)"
				else
					bad="$bad $op$i(exit $st)"
				fi
				i=$((i + 1))
			done
			[ -z "$bad" ] && ok "$dir release: $op failing ($tried of ${k:-0} calls): exit 3 and nothing written, or the release complete" ||
			    not_ok "$dir release: $op failing" "$bad"
		done
	done
fi
# The first release of a report creates releases/; without -m no note.
mkdir fresh && cp -r "$OLDPWD/tests/cases/bases/minimal/." fresh/
"$R" diff -C fresh >"$T/out" 2>"$T/err"; check "diff without releases" 0 $?
grep -q "^no release yet" "$T/out" && ok "... says there is none yet" || not_ok "... says there is none yet" "$(cat "$T/out")"
"$R" release -C fresh --date 2024-01-01 2>"$T/err"; check "the first release" 0 $?
[ "$(ls fresh/releases)" = "2024-01-01.csv" ] && ok "... creates releases/ with its file only" || not_ok "... creates releases/ with its file only" "$(ls -la fresh/releases)"
echo "1..$n"
