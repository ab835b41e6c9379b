#!/bin/sh
# Misuse of OUTPUT and hostile content folders: rapor never deletes or
# overwrites what is not its own output, reads only regular files inside
# the content and templates folders, never hangs, and names the user's
# paths with invisible characters escaped.  Each case checks the exit
# status, the message, and that every protected file is byte-identical
# after.  Speaks TAP.
cd "$(dirname "$0")/.." || exit 3
R=${RAPOR:-build/san/rapor}
case "$R" in /*) ;; *) R=$PWD/$R;; esac
ROOT=$PWD
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/tap.sh
# Every file below a folder with its checksum (all of it, hidden too).
sums() { (cd "$1" && find . \( -type f -o -type l \) -print | LC_ALL=C sort | xargs -r sha256sum); }
# expect NAME STATUS ACTUAL MESSAGE-LINE: the status and a line of stderr.
expect() {
	if [ "$3" = "$2" ] && grep -qxF -- "$4" "$T/err"; then ok "$1"
	else not_ok "$1" "expected exit $2 and: $4" "got exit $3:" "$(head -c 1500 "$T/err")"; fi
}
# same NAME DIR SUMS: DIR is byte for byte as SUMS says.
same() {
	sums "$2" >"$T/now"
	if cmp -s "$3" "$T/now"; then ok "$1"; else not_ok "$1" "$(diff "$3" "$T/now" | head -10)"; fi
}
TPL=$ROOT/templates

# -- OUTPUT that is, holds or lies inside the content or templates folder --
cp -r content "$T/c"; sums "$T/c" >"$T/c.sum"
cd "$T"
"$R" build -C c -t "$TPL" -o c 2>"$T/err"; st=$?
expect "-C X -o X is refused" 2 $st "c: error: is the content folder; the site would replace it: give another -o"
same "  ... and the content folder is untouched" "$T/c" "$T/c.sum"
mkdir -p site; cp -r "$ROOT/content" site/content; sums site >"$T/s.sum"
"$R" build -C site/content -t "$TPL" -o site 2>"$T/err"; st=$?
expect "-C site/content -o site is refused" 2 $st "site: error: holds the content folder 'site/content'; give an -o that does not contain it"
same "  ... and site/ is untouched" "$T/site" "$T/s.sum"
"$R" build -C c -t "$TPL" -o c/out 2>"$T/err"; st=$?
expect "-o inside the content folder is refused" 2 $st "c/out: error: lies inside the content folder 'c'; give an -o outside it"
[ -e c/out ] && not_ok "  ... and nothing is created there" || ok "  ... and nothing is created there"
cp -r "$TPL" t; sums t >"$T/t.sum"
"$R" build -C c -t t -o t 2>"$T/err"; st=$?
expect "-t X -o X is refused" 2 $st "t: error: is the templates folder; the site would replace it: give another -o"
same "  ... and the templates are untouched" "$T/t" "$T/t.sum"

# -- OUTPUT that is someone's folder ------------------------------------------
mkdir -p home/Documents; echo "years of work" >home/Documents/thesis.odt; echo x >home/.bashrc; sums home >"$T/h.sum"
HOME=$T/home "$R" build -C c -t "$TPL" -o "$T/home" 2>"$T/err"; st=$?
expect "-o ~ is refused" 2 $st "$T/home: error: is your home folder; give rapor a folder of its own with -o, such as -o output"
same "  ... and the home folder is untouched" "$T/home" "$T/h.sum"
mkdir -p papers; echo "draft" >papers/thesis.tex; sums papers >"$T/p.sum"
"$R" build -C c -t "$TPL" -o papers 2>"$T/err"; st=$?
expect "a folder of someone's files is refused, saying how to proceed" 2 $st "papers: error: holds files that rapor did not write (such as 'thesis.tex'); rapor writes only into a new or empty folder or a site it built. Give another -o, or empty this folder yourself if nothing in it must be kept"
same "  ... and the folder is untouched" "$T/papers" "$T/p.sum"
"$R" build -C c -t "$TPL" -o / 2>"$T/err"; st=$?
expect "-o / is refused" 2 $st "/: error: is the root folder; give rapor a folder of its own with -o, such as -o output"
[ -e /.rapor ] && not_ok "  ... and nothing is written there" || ok "  ... and nothing is written there"
mkdir -p wd; cp -r c wd/c; (cd wd && "$R" build -C c -t "$TPL" -o . 2>"$T/err"); st=$?
expect "-o . is refused" 2 $st ".: error: is the working folder itself; give rapor a folder of its own with -o, such as -o output"
ls -a wd | grep -q '^\.rapor' && not_ok "  ... and no staging or cache folder is left" || ok "  ... and no staging or cache folder is left"
echo "not a folder" >afile
"$R" build -C c -t "$TPL" -o afile 2>"$T/err"; st=$?
expect "a file as OUTPUT is refused truly" 2 $st "afile: error: exists and is not a folder; give another -o"

# -- a symlinked OUTPUT works; a dangling one is refused with a true message ----
mkdir real; ln -s real linked
"$R" build -C c -t "$TPL" -o linked 2>"$T/err"; st=$?
[ $st = 0 ] && [ -f real/index.html ] && [ -L linked ] && ok "a symlinked OUTPUT is built through the link" || not_ok "a symlinked OUTPUT is built through the link" "exit $st" "$(cat "$T/err")"
ln -s nowhere dangling
"$R" build -C c -t "$TPL" -o dangling 2>"$T/err"; st=$?
expect "a dangling symlink as OUTPUT is refused truly" 2 $st "dangling: error: is a symbolic link to a folder that does not exist; create it, or give another -o"

# -- a site an older rapor wrote is taken over ---------------------------------------
mkdir older; cp -r "$ROOT/tests/golden/site/." older/; echo "ref" >older/.gitkeep
mkdir -p .older.rapor-cache .older.rapor-Q1w2E3; echo x >.older.rapor-cache/charts.0; mkdir older/stale; echo old >older/stale/index.html
"$R" build -C c -t "$TPL" -o older 2>"$T/err"; st=$?
[ $st = 0 ] && [ ! -e older/stale ] && [ -f older/.gitkeep ] && [ ! -e .older.rapor-cache ] && [ ! -e .older.rapor-Q1w2E3 ] &&
    ok "a tree of an older rapor is rebuilt; its stale files, cache and staging go, hidden entries stay" ||
    not_ok "a tree of an older rapor is rebuilt; its stale files, cache and staging go, hidden entries stay" "exit $st" "$(cat "$T/err")"

# -- only regular files inside the content folder are read ---------------------
cp -r c h; echo "root:secret" >"$T/secret"
ln -s "$T/secret" h/rahasia.md
"$R" build -C h -t "$TPL" -o hs 2>"$T/err"; st=$?
expect "a symlink out of the content folder is an error at its path" 1 $st "h/rahasia.md: error: is a symbolic link to '$T/secret', outside 'h'; only files inside it are read"
[ -e hs ] && grep -rq secret hs && not_ok "  ... and it is published nowhere" || ok "  ... and it is published nowhere"
rm h/rahasia.md
ln -s ../data/zones.csv h/2023/index-link.md 2>/dev/null
ln -s "$T" h/2025
"$R" check -C h 2>"$T/err"; st=$?
expect "a symlinked folder out of the content folder is an error" 1 $st "h/2025: error: is a symbolic link to '$T', outside 'h'; only files inside it are read"
grep -q "index-link.md: error: is a symbolic link" "$T/err" && not_ok "  ... while a symlink inside the folder is followed" || ok "  ... while a symlink inside the folder is followed"
rm h/2025 h/2023/index-link.md
mkfifo h/pipa.md
timeout 20 "$R" check -C h 2>"$T/err"; st=$?
expect "a FIFO among the commentary is an error, not a hang" 1 $st "h/pipa.md: error: is a FIFO (named pipe); only regular files are read"
rm h/pipa.md; mv h/data/units.csv "$T/units.csv"; mkfifo h/data/units.csv
timeout 20 "$R" build -C h -t "$TPL" -o hf 2>"$T/err"; st=$?
expect "a FIFO as a CSV file is an error, not a hang" 1 $st "h/data/units.csv: error: is a FIFO (named pipe); only regular files are read"
rm h/data/units.csv; mv "$T/units.csv" h/data/units.csv
mv h/data/aspects.csv "$T/aspects.csv"
if mknod h/data/aspects.csv c 1 3 2>/dev/null; then
	timeout 20 "$R" check -C h 2>"$T/err"; st=$?
	expect "a device as a CSV file is an error" 1 $st "h/data/aspects.csv: error: is a device; only regular files are read"
	rm h/data/aspects.csv
else
	echo "ok $((n = n + 1)) - a device as a CSV file is an error # SKIP mknod is not allowed here"
fi
mv "$T/aspects.csv" h/data/aspects.csv
cp -r "$TPL" tl; ln -s "$T/secret" tl/evil.mustache
"$R" build -C c -t tl -o ts 2>"$T/err"; st=$?
expect "a symlink out of the templates folder is an error" 1 $st "tl/evil.mustache: error: is a symbolic link to '$T/secret', outside 'tl'; only files inside it are read"
head -c 1100000 /dev/zero | tr '\0' ';' >"$T/big.ini"
cp h/site.ini "$T/site.ini"; { cat "$T/site.ini"; cat "$T/big.ini"; } >h/site.ini
"$R" check -C h 2>"$T/err"; st=$?
expect "an oversized site.ini is a content error, as an oversized Markdown file is" 1 $st "h/site.ini: error: file is larger than 1 MiB"
cp "$T/site.ini" h/site.ini

# -- invisible characters: escaped in messages, a warning in names --------------
rlo=$(printf '\342\200\256')
mkdir "h/fold${rlo}er"
"$R" check -C h 2>"$T/err"; st=$?
expect "a folder name with U+202E is printed escaped" 0 $st 'h/fold\u202eer: warning: folder is not a year and is ignored'
grep -q "$rlo" "$T/err" && not_ok "  ... and the raw character never reaches the terminal" || ok "  ... and the raw character never reaches the terminal"
rmdir "h/fold${rlo}er"
sed -i "s/^kota-cilegon,Kota Cilegon,/kota-cilegon,Kota ${rlo}Cilegon,/" h/data/entities.csv
"$R" check -C h 2>"$T/err"; st=$?
line=$(grep -n '^kota-cilegon,' h/data/entities.csv | cut -d: -f1)
expect "a display name with U+202E is a warning at its position" 0 $st "h/data/entities.csv:$line:19: warning: entity name holds U+202E, a character that is invisible or reorders the text around it, so the page would not show what it says; remove it"

echo "1..$n"
