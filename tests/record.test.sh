#!/bin/sh
# The record of the last build (include/build_record.h): a build with
# nothing changed does nothing but says what the last one said, and any
# doubt (an output file touched, a record of another manifest, a broken
# record, a changed input) means the whole build, whose site equals a
# clean build's.  Runs the sanitizer build.  Speaks TAP.
cd "$(dirname "$0")/.." || exit 3
R=${RAPOR:-build/san/rapor}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/tap.sh
same() { # same NAME A B: files A and B are byte-identical
	if cmp -s "$2" "$3"; then ok "$1"; else not_ok "$1" "$(diff -u "$2" "$3" | head -20)"; fi
}
# The site without rapor's state, as a listing of paths and bytes.
tree() { (cd "$1" && find . -path ./.rapor -prune -o -type f -print | LC_ALL=C sort | xargs md5sum); }
inodes() { (cd "$1" && find . -path ./.rapor -prune -o -type f -print | LC_ALL=C sort | xargs stat -c '%n %i %Y'); }
clean_equal() { # clean_equal NAME: $T/site equals a clean build of $T/c
	rm -rf "$T/clean"
	"$R" build -q -C "$T/c" -o "$T/clean" 2>/dev/null
	tree "$T/site" >"$T/a.sum"; tree "$T/clean" >"$T/b.sum"
	same "$1" "$T/a.sum" "$T/b.sum"
}

# Content with a warning: a unit's given score against its aspects'.
cp -r content "$T/c"
W=tests/cases/compute-given-score-warning-shows-rounded
cp -r tests/cases/bases/minimal/. "$T/w"
cp -r "$W/content/." "$T/w"
"$R" build -C "$T/w" -o "$T/ws" 2>"$T/err1"; s1=$?
[ -f "$T/ws/.rapor/last-build" ] && ok "a build leaves its record" || not_ok "a build leaves its record"
inodes "$T/ws" >"$T/i1"
"$R" build -C "$T/w" -o "$T/ws" 2>"$T/err2"; s2=$?
[ "$s1" = 0 ] && [ "$s2" = 0 ] && ok "both builds succeed" || not_ok "both builds succeed" "$s1 $s2"
# The same warnings and summary; the files line says nothing was written.
grep -v ' written, ' "$T/err1" >"$T/e1"; grep -v ' written, ' "$T/err2" >"$T/e2"
same "nothing changed: the same warnings and counts" "$T/e1" "$T/e2"
grep -q "warning: unit 'dinkes'" "$T/e2" && ok "the warning is said again" || not_ok "the warning is said again" "$(cat "$T/err2")"
files=$(sed -n 's/.* pages, \([0-9]*\) files: .*/\1/p' "$T/err1")
grep -q "pages, $files files: 0 written, $files unchanged, 0 removed" "$T/err2" &&
    ok "nothing changed: 0 written, every file unchanged" ||
    not_ok "nothing changed: 0 written, every file unchanged" "$(cat "$T/err2")"
inodes "$T/ws" >"$T/i2"
same "nothing changed: every file the same inode and time" "$T/i1" "$T/i2"
# -q prints nothing at all.
"$R" build -q -C "$T/w" -o "$T/ws" 2>"$T/err3"
[ ! -s "$T/err3" ] && ok "-q: silent" || not_ok "-q: silent" "$(cat "$T/err3")"

# The sample: first a build, then doubts one by one.
"$R" build -q -C "$T/c" -o "$T/site" 2>/dev/null
rm "$T/site/2023/index.html"
"$R" build -q -C "$T/c" -o "$T/site" 2>/dev/null
[ -f "$T/site/2023/index.html" ] && ok "a deleted page is written again" || not_ok "a deleted page is written again"
clean_equal "after a deleted page: as a clean build"
printf 'x' >>"$T/site/data/results.csv"
"$R" build -q -C "$T/c" -o "$T/site" 2>/dev/null
clean_equal "after an edited download: as a clean build"

# A record written beside another manifest is not believed: build A, keep
# its record, build B, put A's record back, go back to A's content.
cp "$T/site/.rapor/last-build" "$T/record-a"
cp "$T/c/data/scores.csv" "$T/scores-a"
sed -i 's/^2023;kota-cilegon;;89,45$/2023;kota-cilegon;;79,45/' "$T/c/data/scores.csv"
grep -q '79,45' "$T/c/data/scores.csv" && ok "the edit took" || not_ok "the edit took"
"$R" build -q -C "$T/c" -o "$T/site" 2>/dev/null
cp "$T/record-a" "$T/site/.rapor/last-build"
cp "$T/scores-a" "$T/c/data/scores.csv"
"$R" build -q -C "$T/c" -o "$T/site" 2>/dev/null
clean_equal "another manifest's record: the whole build, as a clean build"
grep -q '89.45' "$T/site/data/results.csv" && ok "the score is A's again" || not_ok "the score is A's again"

# A broken record, and a record of other inputs, mean the whole build.
printf 'rapor-last-build 1\nzz\n' >"$T/site/.rapor/last-build"
"$R" build -q -C "$T/c" -o "$T/site" 2>/dev/null; s=$?
[ "$s" = 0 ] && ok "a broken record: the build succeeds" || not_ok "a broken record: the build succeeds" "$s"
clean_equal "a broken record: as a clean build"
printf 'x\n' >"$T/c/extra-notes.txt"
"$R" build -C "$T/c" -o "$T/site" 2>"$T/err"
rm "$T/c/extra-notes.txt"
clean_equal "an added file: as a clean build"
# A changed template makes its pages again.
cp -r templates "$T/t"
"$R" build -q -C "$T/c" -t "$T/t" -o "$T/site" 2>/dev/null
sed -i 's/<\/body>/<!-- changed --><\/body>/' "$T/t/base.mustache"
"$R" build -q -C "$T/c" -t "$T/t" -o "$T/site" 2>/dev/null
grep -q 'changed' "$T/site/index.html" && ok "a changed template reaches the pages" || not_ok "a changed template reaches the pages"

# A FIFO in the content folder cannot be hashed: the whole build (and no hang).
mkfifo "$T/c/pipe"
timeout 60 "$R" build -q -C "$T/c" -o "$T/site" 2>/dev/null; s=$?
[ "$s" != 124 ] && ok "a FIFO in content: no hang" || not_ok "a FIFO in content: no hang"
rm "$T/c/pipe"
echo "1..$n"
