#!/bin/sh
# Incremental builds are exactly clean builds.  A small generated report
# is built; then, edit after edit (tests/incremental/edit.py: a score, a
# name, a unit added or removed, a year's scheme, a weight, a commentary
# file, a template, the strings, the language, a page), the site is
# rebuilt in place and compared, byte for byte, with a clean build of the
# same content; and every file whose bytes did not change must be the
# very same file as before (same inode), every file whose bytes changed
# a new one; and no staging folder is left.  INCREMENTAL_EDITS (default 200) and INCREMENTAL_SCALE
# (default 0.01: 6 bodies, 38 units) set the size; `make test-long` runs
# 1,000 edits at 0.02.  Speaks TAP.
cd "$(dirname "$0")/.." || exit 3
R=${RAPOR_FAST:-./rapor}
T=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$T"' EXIT
EDITS=${INCREMENTAL_EDITS:-200}
SEED=${INCREMENTAL_SEED:-1}
. tests/tap.sh
# checksum, inode and path of every file, rapor's own record aside
listing() {
	(cd "$1" && find . -path ./.rapor -prune -o -type f -printf '%p %i\n' | LC_ALL=C sort >"$T/ino.$$")
	(cd "$1" && find . -path ./.rapor -prune -o -type f -exec sha256sum {} + | awk '{ print $2, substr($1, 1, 16) }' | LC_ALL=C sort |
	    LC_ALL=C join - "$T/ino.$$" | awk '{ print $2, $3, $1 }')
}

if [ -f ../shared/bench/gen-content.py ]; then
	python3 ../shared/bench/gen-content.py "$T/c" --scale "${INCREMENTAL_SCALE:-0.01}" >/dev/null
	what="gen-content.py --scale ${INCREMENTAL_SCALE:-0.01}"
else
	cp -r content "$T/c"
	what="the sample content (../shared is absent)"
	echo "# SKIPPED: ../shared is absent: the edits run on the small sample instead"
fi
cp -r templates "$T/t"
if ! "$R" build -C "$T/c" -t "$T/t" -o "$T/inc" -j 2 2>"$T/err"; then
	not_ok "the report builds" "$(head -c 2000 "$T/err")"; echo "1..$n"; exit 1
fi
ok "the report builds ($what)"
wrong=0 reuse=0 fresh=0 edits=0 bad="" written_total=0
i=0
while [ "$i" -lt "$EDITS" ]; do
	i=$((i + 1))
	listing "$T/inc" >"$T/before"
	# Every seventh edit records a release of the data as it is (the
	# revision log, notices on the pages a release changed, the feed).
	if [ $((i % 7)) -eq 0 ]; then
		d=$(date -u -d "2030-01-01 + $i days" +%F)
		"$R" release -C "$T/c" --date "$d" -m "Rilis uji $i." >/dev/null 2>"$T/err" ||
		    bad="$bad [$i: release $d: $(head -c 300 "$T/err")]"
		what="release $d"
	else
		what=$(python3 tests/incremental/edit.py "$T/c" "$T/t" $((SEED * 100000 + i)))
	fi
	if ! "$R" check -C "$T/c" >/dev/null 2>"$T/err"; then
		# An edit that made the content invalid is a bug of edit.py.
		bad="$bad [$i: $what: $(grep -m1 error "$T/err")]"
		break
	fi
	j=$(( (i % 3) + 1 ))
	"$R" build -C "$T/c" -t "$T/t" -o "$T/inc" -j $j 2>/dev/null
	rm -rf "$T/clean"
	"$R" build -C "$T/c" -t "$T/t" -o "$T/clean" -j 2 2>/dev/null
	listing "$T/inc" >"$T/after"
	listing "$T/clean" >"$T/ref"
	edits=$((edits + 1))
	cut -d' ' -f1,3 "$T/ref" >"$T/ref2"
	if ! cut -d' ' -f1,3 "$T/after" | cmp -s - "$T/ref2"; then
		wrong=$((wrong + 1))
		bad="$bad [$i: $what: $(cut -d' ' -f1,3 "$T/after" | diff - "$T/ref2" | grep '^[<>]' | head -3 | tr '\n' ' ')]"
		# Start again from a clean site, so one miss is not counted twice.
		rm -rf "$T/inc"; cp -a "$T/clean" "$T/inc"; rm -rf "$T/inc/.rapor"
		"$R" build -C "$T/c" -t "$T/t" -o "$T/inc" 2>/dev/null
		continue
	fi
	# Same bytes: same file.  Other bytes: a new file.
	r=$(join -1 3 -2 3 "$T/before" "$T/after" | awk '
	    $2 == $4 && $3 != $5 { print "rewritten-unchanged " $1 }
	    $2 != $4 && $3 == $5 { print "changed-in-place " $1 }
	    $2 != $4 { w++ } END { print "written " w + 0 }')
	written_total=$((written_total + $(echo "$r" | awk '$1 == "written" { print $2 }')))
	# and the publish removed its staging folder, emptied folders and all
	if ls "$T/inc/.rapor" | grep -q '^stage-'; then
		wrong=$((wrong + 1))
		bad="$bad [$i: $what: a staging folder is left: $(find "$T/inc/.rapor" -path '*stage-*' | head -3 | tr '\n' ' ')]"
	elif echo "$r" | grep -q -e rewritten-unchanged -e changed-in-place; then
		wrong=$((wrong + 1))
		bad="$bad [$i: $what: $(echo "$r" | grep -v written | head -3 | tr '\n' ' ')]"
	fi
done
[ "$wrong" -eq 0 ] && [ -z "$bad" ] &&
    ok "$edits random edits: every rebuild equals a clean build, rewriting exactly the files whose bytes changed ($written_total in all)" ||
    not_ok "$edits random edits: $wrong rebuilds differ from a clean build or rewrote the wrong files" "$bad"

# A page's downloads show no template: a change of one makes the pages
# again but keeps the downloads without making them (their key, the
# manifest's second column, is what they were made from).
keys() {
	awk -F'\t' -v re="$2" '$1 ~ re { print $1, $2 }' "$1/.rapor/manifest" | LC_ALL=C sort
}
downloads='^[0-9]+/[^/]+/.*[.](csv|json)$|^[^/]+/[^/]+[.](csv|json)$'
rm -rf "$T/k" "$T/kt"; cp -r templates "$T/kt"
"$R" build -q -C content -t "$T/kt" -o "$T/k" 2>"$T/err"
keys "$T/k" "$downloads" >"$T/dl.before"
keys "$T/k" 'index[.]html$' >"$T/pg.before"
echo '<!-- changed -->' >>"$T/kt/base.mustache"
"$R" build -q -C content -t "$T/kt" -o "$T/k" 2>>"$T/err"
keys "$T/k" "$downloads" >"$T/dl.after"
keys "$T/k" 'index[.]html$' >"$T/pg.after"
ndl=$(grep -c -v '^data/' "$T/dl.before")
if [ "$ndl" -gt 10 ] && cmp -s "$T/dl.before" "$T/dl.after" &&
    [ "$(LC_ALL=C comm -12 "$T/pg.before" "$T/pg.after" | wc -l)" -eq 0 ] &&
    [ ! -s "$T/err" ]; then
	ok "a template change makes every page again and keeps the $ndl page downloads as they were made"
else
	not_ok "a template change and the page downloads" "$(diff "$T/dl.before" "$T/dl.after" | head -5; head -c 500 "$T/err")"
fi
# A page is made again for the templates its own reaches, not for the
# others nor for the stylesheet (pages link it by name): after an edit of
# the across-years body template, the pages whose key changed are exactly
# those that show the edit; after one of the stylesheet, none, and the
# stylesheet is the one file written.
inodes() {
	(cd "$1" && find . -path ./.rapor -prune -o -type f -printf '%P %i\n' | LC_ALL=C sort)
}
"$R" build -q -C content -t "$T/kt" -o "$T/k" 2>"$T/err"
keys "$T/k" '[.]html$' >"$T/h.before"
inodes "$T/k" >"$T/i.before"
echo 'a { color: inherit }' >>"$T/kt/assets/style.css"
"$R" build -q -C content -t "$T/kt" -o "$T/k" 2>>"$T/err"
keys "$T/k" '[.]html$' >"$T/h.css"
moved=$(inodes "$T/k" | LC_ALL=C comm -13 "$T/i.before" - | cut -d' ' -f1 | tr '\n' ' ')
echo '<!-- only the across-years pages -->' >>"$T/kt/entity.mustache"
"$R" build -q -C content -t "$T/kt" -o "$T/k" 2>>"$T/err"
keys "$T/k" '[.]html$' | LC_ALL=C comm -13 "$T/h.css" - | cut -d' ' -f1 >"$T/remade"
(cd "$T/k" && grep -rl -e '<!-- only the across-years pages -->' --include='*.html' . | sed 's|^[.]/||' | LC_ALL=C sort) >"$T/shows"
if cmp -s "$T/h.before" "$T/h.css" && [ "$moved" = "assets/style.css " ] &&
    [ "$(wc -l <"$T/shows")" -gt 3 ] && cmp -s "$T/remade" "$T/shows" &&
    [ ! -s "$T/err" ]; then
	ok "a stylesheet change makes no page again, a template's only the $(wc -l <"$T/shows") pages that show it"
else
	not_ok "pages made again for a template or a stylesheet" "written for the stylesheet: $moved; $(diff "$T/remade" "$T/shows" | head -5; head -c 500 "$T/err")"
fi
echo "1..$n"
