#!/bin/sh
# Installed like real software: make install with DESTDIR and PREFIX in a
# copy of the tree, rapor init and build run from elsewhere with the
# templates found through the install, a moved install, make uninstall;
# then the man pages: groff's lint, and their option lists against
# rapor --help, command by command.  Speaks TAP.
cd "$(dirname "$0")/.." || exit 3
ROOT=$(pwd)
unset MAKEFLAGS MFLAGS MAKELEVEL
MAKE=${MAKE:-make}
# Canonical, as /proc/self/exe is: the paths rapor prints are compared.
T=$(cd "$(mktemp -d)" && pwd -P)
trap 'rm -rf "$T"' EXIT
. tests/tap.sh
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; echo "SKIPPED: $1: $2" >&2; }
check() { # check NAME EXPECTED_STATUS ACTUAL_STATUS
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected exit $2, got $3" "$(head -c 2000 "$T/err" 2>/dev/null)"; fi
}
has() { # has NAME FILE TEXT: FILE contains the line TEXT
	if grep -qxF -- "$3" "$2"; then ok "$1"; else not_ok "$1" "missing line: $3" "$(head -c 3000 "$2")"; fi
}
# Sorted list of the files (not folders) under $1, relative to it.
files() { (cd "$1" && find . ! -type d | LC_ALL=C sort); }

# -- make install in a copy of the tree ------------------------------------
# Copied with the release build's products and their times, so that make
# rebuilds only what is out of date, as it would in the tree itself.
mkdir "$T/tree"
tar -cf - --exclude=./.git --exclude=./output --exclude=./build \
    --exclude=./tests/browser/node_modules . | tar -xf - -C "$T/tree"
for b in build/rel build/gen; do
	[ -d "$b" ] && tar -cf - "$b" | tar -xf - -C "$T/tree"
done
D=$T/dest
$MAKE -C "$T/tree" install DESTDIR="$D" PREFIX=/usr >"$T/err" 2>&1
check "make install DESTDIR=... PREFIX=/usr" 0 $?
[ -x "$D/usr/bin/rapor" ] && ok "installs usr/bin/rapor" || not_ok "installs usr/bin/rapor"
[ -f "$D/usr/share/man/man1/rapor.1" ] && [ -f "$D/usr/share/man/man5/rapor.5" ] &&
    ok "installs usr/share/man/man1/rapor.1 and man5/rapor.5" || not_ok "installs the man pages" "$(files "$D")"
diff -r templates "$D/usr/share/rapor/templates" >"$T/err" 2>&1 &&
    ok "installs usr/share/rapor/templates/ as in the tree" || not_ok "installs the templates" "$(head -c 2000 "$T/err")"
files "$D" >"$T/installed"

# -- an installed rapor, run from a folder without templates ----------------
R=$D/usr/bin/rapor
mkdir "$T/work"
cd "$T/work" || exit 3
"$R" init r 2>"$T/err"; check "rapor init r" 0 $?
"$R" check -C r 2>"$T/err"; check "the new folder checks" 0 $?
has "the new folder has no errors and no warnings" "$T/err" "rapor: r: 2 bodies, 2 units, 2 years: 0 errors, 0 warnings"
"$R" build -C r -o site 2>"$T/err"; check "rapor build -C r -o site, with no -t and no templates/" 0 $?
[ -f site/index.html ] && [ -f site/2024/kota-contoh/index.html ] && [ -f site/data/results.csv ] &&
    ok "the site is written" || not_ok "the site is written" "$(ls -R site 2>&1 | head -n 30)"
cmp -s site/assets/style.css "$D/usr/share/rapor/templates/assets/style.css" &&
    ok "the site's assets come from the installed templates" || not_ok "the site's assets come from the installed templates"
"$R" --version >"$T/out" 2>&1
has "--version names the installed templates" "$T/out" \
    "templates: $D/usr/share/rapor/templates (installed with rapor, beside $D/usr/bin/rapor)"
"$R" build -C r -t "$T/none" -o site2 2>"$T/err"; check "-t wins over the installed templates" 3 $?
grep -q "^$T/none" "$T/err" && ok "... and the error names it" || not_ok "... and the error names it" "$(cat "$T/err")"
mkdir mine && cp -r "$D/usr/share/rapor/templates" mine/templates && cd mine || exit 3
"$R" --version >"$T/out" 2>&1
has "templates/ in the working directory wins over the installed ones" "$T/out" \
    "templates: templates (the folder in the working directory)"
cd "$T/work" || exit 3

# A moved install finds its own templates: nothing is compiled in.
mv "$D/usr" "$T/moved"
"$T/moved/bin/rapor" --version >"$T/out" 2>&1
has "a moved install names its own templates" "$T/out" \
    "templates: $T/moved/share/rapor/templates (installed with rapor, beside $T/moved/bin/rapor)"
"$T/moved/bin/rapor" build -C r -o site3 2>"$T/err"; check "a moved install builds" 0 $?
mv "$T/moved" "$D/usr"

# A binary without templates says what it tried.
mkdir -p "$T/lone/bin" && cp "$R" "$T/lone/bin/rapor"
"$T/lone/bin/rapor" build -C r -o site4 2>"$T/err"; check "no templates anywhere is a system error" 3 $?
has "the error names what was tried" "$T/err" \
    "rapor: error: cannot find the templates: no -t, no folder 'templates' in the working directory, and none installed at $T/lone/share/rapor/templates (No such file or directory); give them with -t"
[ -e site4 ] && not_ok "nothing is written without templates" || ok "nothing is written without templates"
"$T/lone/bin/rapor" --version >"$T/out" 2>&1; check "--version without templates exits 0" 0 $?
grep -q "^templates: none found: " "$T/out" && ok "--version says none was found" || not_ok "--version says none was found" "$(cat "$T/out")"

# -- init refuses, and never leaves half a folder --------------------------
# With the sanitizer build: these are init's own paths, not the install's.
S=${RAPOR:-build/san/rapor}
case $S in /*) ;; *) S=$ROOT/$S ;; esac
(cd r && find . -type f | LC_ALL=C sort | xargs sha256sum) >"$T/before"
"$S" init r 2>"$T/err"; check "init refuses a folder that is not empty" 2 $?
grep -q "is not empty" "$T/err" && grep -q "give a new or empty folder" "$T/err" &&
    ok "the refusal says what to do" || not_ok "the refusal says what to do" "$(cat "$T/err")"
(cd r && find . -type f | LC_ALL=C sort | xargs sha256sum) >"$T/after"
cmp -s "$T/before" "$T/after" && ok "the refused folder is unchanged" || not_ok "the refused folder is unchanged"
mkdir hidden && touch hidden/.git
"$S" init hidden 2>"$T/err"; check "a folder holding only a hidden file is not empty" 2 $?
touch afile
"$S" init afile 2>"$T/err"; check "init refuses a file" 2 $?
mkdir empty
"$S" init empty 2>"$T/err"; check "init writes into an empty folder" 0 $?
files r >"$T/r" && files empty >"$T/e" && cmp -s "$T/r" "$T/e" && ok "the same files as into a new one" || not_ok "the same files as into a new one"
"$S" init 2>"$T/err"; check "init without a folder is a usage error" 2 $?
"$S" init nope/r 2>"$T/err"; check "init into a missing parent is a system error" 3 $?
# A write that fails (a file size limit; SIGXFSZ ignored, so write gets
# EFBIG): what was written is removed again.
sh -c "trap '' XFSZ; ulimit -f 1; exec \"$S\" init big" 2>"$T/err"; check "a failed init exits 3" 3 $?
[ -e big ] && not_ok "a failed init removes what it wrote" "$(files big)" || ok "a failed init removes what it wrote"
cd "$ROOT" || exit 3

# -- make uninstall -----------------------------------------------------------
echo mine >"$D/usr/share/rapor/templates/lang/local.ini"
$MAKE -C "$T/tree" uninstall DESTDIR="$D" PREFIX=/usr >"$T/err" 2>&1
check "make uninstall DESTDIR=... PREFIX=/usr" 0 $?
files "$D" >"$T/left"
[ "$(cat "$T/left")" = "./usr/share/rapor/templates/lang/local.ini" ] &&
    ok "uninstall removes exactly what install put there" || not_ok "uninstall removes exactly what install put there" "$(head -n 20 "$T/left")"
rm "$D/usr/share/rapor/templates/lang/local.ini"
$MAKE -C "$T/tree" install DESTDIR="$D" PREFIX=/usr >/dev/null 2>&1 &&
    $MAKE -C "$T/tree" uninstall DESTDIR="$D" PREFIX=/usr >/dev/null 2>&1
[ -z "$(files "$D")" ] && ok "install then uninstall leaves only folders" || not_ok "install then uninstall leaves only folders" "$(files "$D" | head)"
[ ! -e "$D/usr/share/rapor" ] && ok "rapor's own folders go too" || not_ok "rapor's own folders go too" "$(find "$D/usr/share/rapor")"

# -- the man pages --------------------------------------------------------------
if command -v groff >/dev/null 2>&1; then
	for p in docs/rapor.1 docs/rapor.5; do
		groff -mdoc -ww -z "$p" >"$T/err" 2>&1
		[ $? -eq 0 ] && [ ! -s "$T/err" ] && ok "groff -mdoc -ww -z $p reports nothing" ||
		    not_ok "groff -mdoc -ww -z $p reports nothing" "$(head -n 20 "$T/err")"
	done
	groff -mdoc -Tascii -P-bcou docs/rapor.1 2>/dev/null | grep -q "EXIT STATUS" &&
	    ok "rapor.1 renders with mdoc" || not_ok "rapor.1 renders with mdoc"
else
	skip "groff lint of the man pages" "groff is not installed (make test installs groff-base)"
fi

# Every option of every command, as "COMMAND OPTION" lines: the help's
# lists (a line "rapor CMD" starts a command, "  -X" is an option) and
# its usage (options in brackets, and required ones such as release's
# --date); the man page's subsections (".Ss rapor CMD", ".It Fl X") and
# its synopsis (".Cm CMD", ".Op Fl X", and a bare ".Fl X" for a required
# one).
"$S" --help >"$T/help"
awk 'NR > 1 && /^$/ { body = 1 }
	body && /^rapor / { cmd = $2; print cmd " -" }
	body && /^  -/ { print cmd " " $1 }' "$T/help" | LC_ALL=C sort >"$T/help.opts"
awk '!/^ *(usage: )?rapor / { exit }
	{ sub(/^ *(usage: )?rapor /, ""); cmd = $1
	  for (i = 2; i <= NF; i++) if ($i ~ /^\[-/ || (cmd !~ /^-/ && $i ~ /^-/)) { o = $i; gsub(/[][]/, "", o); print cmd " " o } }' \
	"$T/help" | LC_ALL=C sort >"$T/help.usage"
awk '/^\.Ss rapor / { cmd = $3; print cmd " -" }
	/^\.Sh / { cmd = "" }
	cmd != "" && /^\.It Fl / { print cmd " -" $3 }' docs/rapor.1 | LC_ALL=C sort >"$T/man.opts"
awk '/^\.Sh SYNOPSIS/ { on = 1; next } /^\.Sh / { on = 0 }
	on && /^\.Nm/ { cmd = "" }
	on && /^\.Cm / { cmd = $2 }
	on && /^\.Op Fl / { print cmd " -" $3 }
	on && /^\.Fl / && cmd != "" { print cmd " -" $2 }' docs/rapor.1 | LC_ALL=C sort >"$T/man.usage"
grep -q '^build -t$' "$T/help.opts" && grep -q '^init -$' "$T/help.opts" &&
    ok "the help's option lists are read" || not_ok "the help's option lists are read" "$(cat "$T/help.opts")"
diff -u "$T/help.opts" "$T/man.opts" >"$T/err" &&
    ok "rapor --help and rapor.1 list the same commands and options" || not_ok "rapor --help and rapor.1 list the same commands and options" "$(cat "$T/err")"
diff -u "$T/help.usage" "$T/man.usage" >"$T/err" &&
    ok "the usage and rapor.1's synopsis give the same options" || not_ok "the usage and rapor.1's synopsis give the same options" "$(cat "$T/err")"
grep -v ' -$' "$T/help.opts" | grep -v '^--' | diff -u - "$T/help.usage" >"$T/err" &&
    ok "the help's lists are its usage's options" || not_ok "the help's lists are its usage's options" "$(cat "$T/err")"
echo "1..$n"
