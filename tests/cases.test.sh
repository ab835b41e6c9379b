#!/bin/sh
# Tests as data: every folder of tests/cases but bases/ is one case (see
# tests/cases/README.md).  Each runs the sanitizer build from inside a fresh
# work folder, so the paths it prints are relative and stable, and its stderr,
# exit status and chosen output files are compared with diff -u.  Speaks TAP.
#   sh tests/cases.test.sh [NAME...]            run every case, or these
#   sh tests/cases.test.sh --update [NAME...]   rewrite their expectations
#   sh tests/cases.test.sh --prepare NAME DIR   only make NAME's work folder
cd "$(dirname "$0")/.." || exit 3
root=$(pwd)
R=${RAPOR:-build/san/rapor}
case $R in /*) ;; */*) R=$root/$R ;; esac
mode=run
case ${1:-} in
--update) mode=update; shift ;;
--prepare) mode=prepare; shift ;;
esac
# The output must not depend on the caller's environment.
unset SOURCE_DATE_EPOCH

die() { echo "cases: $*" >&2; exit 3; }

# copy SRC DEST: a folder is merged into DEST, a file replaces it.
copy() {
	if [ -d "$1" ]; then
		mkdir -p "$2" && cp -R "$1/." "$2/"
	else
		mkdir -p "$(dirname "$2")" && cp "$1" "$2"
	fi
}

# prepare CASEDIR WORK: the bases, then the case's own files, less removals.
prepare() {
	c=$1 w=$2
	mkdir -p "$w" || return 1
	if [ -f "$c/base" ]; then
		sed 's/#.*//' "$c/base" | while read -r src dest extra; do
			[ -n "$src" ] || continue
			if [ -z "$dest" ] || [ -n "$extra" ] || [ ! -e "$root/$src" ]; then
				echo "$c/base: expected 'SOURCE DEST', SOURCE in the project: $src $dest $extra" >&2
				exit 1
			fi
			copy "$root/$src" "$w/$dest" || exit 1
		done || return 1
	fi
	for e in "$c"/*; do
		case ${e##*/} in
		cmd|base|remove|setup|stdout|stderr|status|expected|README*) continue ;;
		esac
		copy "$e" "$w/${e##*/}" || return 1
	done
	if [ -f "$c/remove" ]; then
		sed 's/#.*//' "$c/remove" | while read -r p; do
			[ -n "$p" ] || continue
			case /$p/ in
			//*|*/../*) echo "$c/remove: not a path inside the work folder: $p" >&2; exit 1 ;;
			esac
			[ -e "$w/$p" ] || { echo "$c/remove: $p is not there to remove" >&2; exit 1; }
			rm -rf "${w:?}/$p"
		done || return 1
	fi
	if [ -f "$c/setup" ]; then
		(cd "$w" && sh "$c/setup") || { echo "$c/setup failed" >&2; return 1; }
	fi
}

if [ "$mode" = prepare ]; then
	[ $# -eq 2 ] || die "usage: --prepare NAME DIR"
	[ -f "tests/cases/$1/cmd" ] || die "no case $1"
	prepare "$root/tests/cases/$1" "$2"
	exit
fi

[ -x "$R" ] || command -v "$R" >/dev/null 2>&1 || die "no program $R (make build/san/rapor)"
T=$(mktemp -d) || exit 3
trap 'rm -rf "$T"' EXIT INT TERM
if [ $# -eq 0 ]; then
	for d in tests/cases/*/; do
		d=${d%/}
		[ "${d##*/}" = bases ] || set -- "$@" "${d##*/}"
	done
fi

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; sed 's/^/# /' "$T/why" | head -n 80; }

for name in "$@"; do
	c=$root/tests/cases/$name w=$T/$name/work
	: >"$T/why"
	if [ ! -f "$c/cmd" ]; then
		echo "no file $c/cmd" >"$T/why"; not_ok "$name"; continue
	fi
	if ! prepare "$c" "$w" 2>"$T/why"; then
		not_ok "$name"; continue
	fi
	# cmd is split at blanks, never globbed; it runs in the work folder.
	(set -f; cd "$w" && exec timeout 120 "$R" $(cat "$c/cmd")) \
	    >"$T/$name/stdout" 2>"$T/$name/stderr"
	echo $? >"$T/$name/status"
	if [ "$mode" = update ]; then
		cp "$T/$name/stderr" "$c/stderr" && cp "$T/$name/status" "$c/status" || exit 3
		if [ -f "$c/stdout" ]; then cp "$T/$name/stdout" "$c/stdout" || exit 3; fi
		if [ -d "$c/expected" ]; then
			(cd "$c/expected" && find . -type f) | sed 's|^\./||' | sort |
			while read -r f; do
				if [ -f "$w/$f" ]; then cp "$w/$f" "$c/expected/$f"
				else echo "the run wrote no $f"; fi
			done >"$T/why"
		fi
		if [ -s "$T/why" ]; then not_ok "$name (updated; an expected file is missing)"
		else ok "$name (updated)"; fi
		continue
	fi
	# stdout is compared where the case has one (rapor diff prints there).
	[ -f "$c/stdout" ] && diff -u "$c/stdout" "$T/$name/stdout" >>"$T/why"
	for f in stderr status; do
		if [ -f "$c/$f" ]; then
			diff -u "$c/$f" "$T/$name/$f" >>"$T/why"
		else
			echo "no $f expected: make test-update CASE=$name, then review git diff" >>"$T/why"
		fi
	done
	if [ -d "$c/expected" ]; then
		(cd "$c/expected" && find . -type f) | sed 's|^\./||' | sort |
		while read -r f; do
			if [ -f "$w/$f" ]; then diff -u "$c/expected/$f" "$w/$f"
			else echo "the run wrote no $f"; fi
		done >>"$T/why" 2>&1
	fi
	if [ -s "$T/why" ]; then not_ok "$name"; else ok "$name"; fi
done
echo "1..$n"
