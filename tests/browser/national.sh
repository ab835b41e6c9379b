#!/bin/sh
# The browser suites (e2e, charts, embed, keyboard) on a generated
# national report: content from the synthetic generator (586 bodies, five
# years), built in a temporary folder, and the pages pick-pages.mjs picks
# (the largest of each kind, every A-Z page, a ranking continuation, 404)
# given to each suite as $BROWSER_PAGES.  `make test-national`; not part
# of `make test` (a build of ~40,000 files and some minutes of browsing).
# Speaks TAP per suite; exits 1 if a suite fails.
#
#   GEN_CONTENT=path/to/gen-content.py SCALE=1 sh tests/browser/national.sh
cd "$(dirname "$0")/../.." || exit 3
R=${RAPOR:-./rapor}
GEN=${GEN_CONTENT:-/work/shared/bench/gen-content.py}
SCALE=${SCALE:-1}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
export CHROMIUM
dir=tests/browser

[ -x "$R" ] || { echo "Bail out! no $R (make rapor)"; exit 1; }
[ -f "$GEN" ] || { echo "Bail out! no content generator at $GEN (set GEN_CONTENT)"; exit 1; }
[ -x "$CHROMIUM" ] || { echo "Bail out! no Chromium at $CHROMIUM"; exit 1; }
if [ ! -f "$dir/node_modules/playwright-core/package.json" ]; then
	(cd "$dir" && npm ci --no-audit --no-fund) || exit 1
fi

# In RAM when there is /dev/shm: the build writes ~1 GiB.
tmp=$(mktemp -d "$( [ -d /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}" )/rapor-national.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT INT TERM

now() { date +%s; }
t0=$(now)
python3 "$GEN" "$tmp/content" --scale "$SCALE" >"$tmp/gen.log" 2>&1 ||
	{ echo "Bail out! the generator failed"; sed 's/^/# /' "$tmp/gen.log" | tail -n 20; exit 1; }
"$R" build -q -C "$tmp/content" -o "$tmp/site" 2>"$tmp/build.log" ||
	{ echo "Bail out! the national report does not build"; sed 's/^/# /' "$tmp/build.log" | tail -n 20; exit 1; }
t1=$(now)
echo "# generated and built in $((t1 - t0)) s: $(sed -n 1p "$tmp/gen.log")"
node "$dir/pick-pages.mjs" "$tmp/site" >"$tmp/pages" || exit 1
sed 's/^/# page: /' "$tmp/pages"
BROWSER_PAGES="$tmp/pages"
export BROWSER_PAGES

rc=0
for suite in e2e charts embed keyboard; do
	s0=$(now)
	echo "# --- $suite.mjs"
	timeout -k 5 900 node "$dir/$suite.mjs" "$tmp/site" || { rc=1; failed="$failed $suite"; }
	echo "# $suite.mjs: $(($(now) - s0)) s"
done
echo "# national browser checks: $(($(now) - t0)) s in all${failed:+; failed:$failed}"
exit $rc
