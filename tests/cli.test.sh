#!/bin/sh
# Command-line tests: exit statuses, diagnostics of whole runs, the
# publish guarantee (a failed build leaves OUTPUT byte-identical) and
# hostile input, run on the sanitizer build.  Speaks TAP.
cd "$(dirname "$0")/.." || exit 3
R=${RAPOR:-build/san/rapor}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
check() { # check NAME EXPECTED_STATUS ACTUAL_STATUS
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected exit $2, got $3" "$(head -c 2000 "$T/err" 2>/dev/null)"; fi
}
has() { # has NAME FILE TEXT: FILE contains the line TEXT
	if grep -qxF -- "$3" "$2"; then ok "$1"; else not_ok "$1" "missing line: $3" "$(head -c 3000 "$2")"; fi
}

# -- usage -------------------------------------------------------------
"$R" >/dev/null 2>"$T/err"; check "no command is a usage error" 2 $?
"$R" frobnicate 2>"$T/err"; check "unknown command is a usage error" 2 $?
"$R" build -x 2>"$T/err"; check "unknown option is a usage error" 2 $?
"$R" build -o 2>"$T/err"; check "option without a value is a usage error" 2 $?
"$R" check -o x 2>"$T/err"; check "check takes no -o" 2 $?
"$R" --help >"$T/out" 2>&1; check "--help exits 0" 0 $?
grep -q 'rapor build' "$T/out" && ok "--help shows usage" || not_ok "--help shows usage"
"$R" --version >"$T/out" 2>&1; check "--version exits 0" 0 $?
grep -q '^rapor [0-9]' "$T/out" && ok "--version prints a version" || not_ok "--version prints a version"

# -- the sample ---------------------------------------------------------
"$R" check -C content 2>"$T/err"; check "sample content checks clean" 0 $?
has "check prints a summary" "$T/err" "rapor: content: 2 bodies, 7 units, 4 years: 0 errors, 0 warnings"
"$R" build -C content -t templates -o "$T/site" 2>"$T/err"; check "sample builds" 0 $?
[ -f "$T/site/data/results.csv" ] && ok "build writes data/results.csv" || not_ok "build writes data/results.csv"
has "results.csv has Kota Cilegon 2023" "$T/site/data/results.csv" \
    "2023,kota-cilegon,Kota Cilegon,Kota,prov-banten,,,89.45,published,A,Kualitas Tertinggi,hijau,1,1,1,1,+11.72"
[ -d "$T/site" ] && ! ls -a "$T" | grep -Eq '\.rapor-[A-Za-z0-9]{6}$' && ok "no staging folder is left behind" || not_ok "no staging folder is left behind"

# -- a broken copy: every error of every file in one run --------------------
cp -r content "$T/bad"
printf 'id,name,color\nhijau,Zona Hijau,#2e7d32\nkuning,Zona Kuning,yellow\n' >"$T/bad/data/zones.csv"
printf 'id,name,kind,parent\nprov-banten,Provinsi Banten,Provinsi,\nkota-cilegon,Kota Cilegon,Kota,prov-bantn\n../x,Evil,Kota,\n' >"$T/bad/data/entities.csv"
printf 'year;entity;unit;score\n2023;kota-cilegon;;89,45\n2023;kota-cilegon;dpmptsb;88,06\n2023;kota-cilegon;;101\n' >"$T/bad/data/scores.csv"
"$R" check -C "$T/bad" 2>"$T/err"; check "broken content exits 1" 1 $?
has "bad colour is reported with its position" "$T/err" "$T/bad/data/zones.csv:3:20: error: color 'yellow' is not of the form #rrggbb"
has "unknown parent suggests the close id" "$T/err" "$T/bad/data/entities.csv:3:32: error: unknown parent entity 'prov-bantn'; did you mean 'prov-banten'?"
has "path-like id is rejected" "$T/err" "$T/bad/data/entities.csv:4:1: error: entity id '../x' is not a valid id (use 1-64 of a-z, 0-9 and '-', starting with a letter or digit; not a Windows device name)"
has "unknown unit suggests the close id" "$T/err" "$T/bad/data/scores.csv:3:19: error: unknown unit 'dpmptsb' of 'kota-cilegon'; did you mean 'dpmptsp'?"
has "out-of-scale score is reported" "$T/err" "$T/bad/data/scores.csv:4:20: error: score 101 is outside the scale 0-100"

# -- a failed build leaves OUTPUT byte-identical --------------------------
"$R" build -C content -o "$T/pub" 2>"$T/err"; check "first build succeeds" 0 $?
echo "keep me" >"$T/pub/.keep"
(cd "$T/pub" && find . -type f | sort | xargs sha256sum) >"$T/before"
"$R" build -C "$T/bad" -o "$T/pub" 2>"$T/err"; check "build of broken content exits 1" 1 $?
(cd "$T/pub" && find . -type f | sort | xargs sha256sum) >"$T/after"
grep -q results.csv "$T/before" && cmp -s "$T/before" "$T/after" && ok "failed build leaves OUTPUT byte-identical" || not_ok "failed build leaves OUTPUT byte-identical"
RAPOR_FAULT_WRITE=2 "$R" build -C content -o "$T/pub" 2>"$T/err"; check "an I/O error while writing exits 3" 3 $?
(cd "$T/pub" && find . -type f | sort | xargs sha256sum) >"$T/after"
grep -q results.csv "$T/before" && cmp -s "$T/before" "$T/after" && ok "I/O failure mid-build leaves OUTPUT byte-identical" || not_ok "I/O failure mid-build leaves OUTPUT byte-identical"
[ -d "$T/pub" ] && ! ls -a "$T" | grep -Eq '\.rapor-[A-Za-z0-9]{6}$' && ok "failed build removes its staging folder" || not_ok "failed build removes its staging folder"
mkdir -p "$T/pub/stale"; echo old >"$T/pub/stale/index.html"
"$R" build -C content -o "$T/pub" 2>"$T/err"; check "rebuild succeeds" 0 $?
[ -e "$T/pub/stale" ] && not_ok "files of an earlier build are gone" || ok "files of an earlier build are gone"
[ -f "$T/pub/.keep" ] && ok "hidden top-level files of OUTPUT are kept" || not_ok "hidden top-level files of OUTPUT are kept"
"$R" build -C content -o "$T/pub2" 2>/dev/null
diff -r "$T/pub" "$T/pub2" -x .keep >/dev/null && ok "two builds are byte-identical" || not_ok "two builds are byte-identical"

# -- workers and the chart cache give the same bytes ---------------------------
"$R" build -C content -o "$T/j1" -j 1 2>/dev/null
"$R" build -C content -o "$T/j2" -j 2 2>/dev/null
diff -r "$T/j1" "$T/j2" >/dev/null && ok "one worker or two: byte-identical sites" || not_ok "one worker or two: byte-identical sites"
"$R" build -C content -o "$T/j2" -j 2 2>/dev/null
diff -r "$T/j1" "$T/j2" >/dev/null && ok "a rebuild from the chart cache is byte-identical" || not_ok "a rebuild from the chart cache is byte-identical"
# The cache's lists (one a worker) name every published chart, once.
nc=$(cat "$T/.j2.rapor-cache"/charts.* | cut -f2 | sort -u | wc -l)
nf=$(cd "$T/j2" && find . \( -name '*.svg' -o -name '*.png' \) | wc -l)
nl=$(cat "$T/.j2.rapor-cache"/charts.* | wc -l)
[ "$nc" -gt 0 ] && [ "$nc" -eq "$nf" ] && [ "$nl" -eq "$nf" ] && ok "the chart cache lists exactly the published charts ($nc)" || not_ok "the chart cache lists exactly the published charts" "listed $nc ($nl lines), site $nf"
# A changed score changes its charts: the cache never serves a stale one.
cp -r content "$T/changed"
sed -i 's/2023;kota-cilegon;dinsos;85,73/2023;kota-cilegon;dinsos;55,73/' "$T/changed/data/scores.csv"
"$R" build -C "$T/changed" -o "$T/j2" 2>/dev/null
"$R" build -C "$T/changed" -o "$T/fresh" 2>/dev/null
diff -r "$T/fresh" "$T/j2" >/dev/null && ! cmp -s "$T/j1/2023/kota-cilegon/units.svg" "$T/j2/2023/kota-cilegon/units.svg" && ok "after a change the cached build equals a fresh one" || not_ok "after a change the cached build equals a fresh one"

# -- system errors ---------------------------------------------------------
"$R" check -C "$T/nonexistent" 2>"$T/err"; check "missing content folder is a content error" 1 $?
has "missing site.ini is named" "$T/err" "$T/nonexistent/site.ini: error: required file is missing"
mkdir -p "$T/unreadable/data"; cp -r content/. "$T/unreadable/"; rm "$T/unreadable/data/zones.csv"; mkdir "$T/unreadable/data/zones.csv"
"$R" check -C "$T/unreadable" 2>"$T/err"; check "a folder where a file should be is a system error" 3 $?
grep -q "zones.csv: error: cannot read: Is a directory" "$T/err" && ok "system error names path and reason" || not_ok "system error names path and reason" "$(cat "$T/err")"

# -- hostile input: diagnostics, never a crash or hang ----------------------
hostile() { # hostile NAME FILE CONTENT-GENERATOR...
	name=$1 file=$2; shift 2
	rm -rf "$T/h"; cp -r content "$T/h"
	"$@" >"$T/h/data/$file"
	timeout 60 "$R" check -C "$T/h" >/dev/null 2>"$T/err"; st=$?
	if [ "$st" = 1 ] && grep -q "data/$file:[0-9]*:[0-9]*: error:" "$T/err"; then ok "$name"
	else not_ok "$name" "exit $st" "$(head -c 1500 "$T/err")"; fi
}
hostile "NUL byte" units.csv printf 'entity,id,name\nkota-cilegon,dpmptsp,Di\000nas\n'
hostile "unterminated quote" units.csv printf 'entity,id,name\nkota-cilegon,dpmptsp,"Dinas\n'
hostile "invalid UTF-8" units.csv printf 'entity,id,name\nkota-cilegon,dpmptsp,Dinas \377\n'
hostile "100,000-field row" units.csv python3 -c 'import sys; sys.stdout.write("entity,id,name\n" + ",".join(["x"]*100000) + "\n")'
hostile "10 MB field" units.csv python3 -c 'import sys; sys.stdout.write("entity,id,name\nkota-cilegon,dpmptsp," + "x"*10000000 + "\n")'
hostile "Windows device name as id" units.csv printf 'entity,id,name\nkota-cilegon,CON,Dinas\n'
rm -rf "$T/h"; cp -r content "$T/h"; truncate -s 300M "$T/h/data/units.csv"
timeout 60 "$R" check -C "$T/h" >/dev/null 2>"$T/err"; st=$?
if [ "$st" = 1 ] && grep -q 'units.csv.*256 MiB' "$T/err"; then ok "file over 256 MiB"; else not_ok "file over 256 MiB" "exit $st" "$(head -c 800 "$T/err")"; fi

# -- leaks: valgrind on the optimised build of the sample ---------------------
if command -v valgrind >/dev/null 2>&1; then
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
	    --error-exitcode=99 ./rapor build -C content -o "$T/vg" >/dev/null 2>"$T/err"
	check "valgrind: no leaks or errors on the sample build" 0 $?
else
	echo "ok $((n = n + 1)) - valgrind # SKIP valgrind not installed"
fi
echo "1..$n"
