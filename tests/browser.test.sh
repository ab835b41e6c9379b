#!/bin/sh
# Browser tests: build the sample site, and a report with three releases,
# and drive them in Debian's Chromium (tests/browser/e2e.mjs: every page
# loads cleanly, links resolve, axe, no sideways scrolling, valid HTML,
# works without JavaScript and from disk, sitemap and feed, the revision
# log and its notices), its charts at 375 and 1280 px
# (tests/browser/charts.mjs), its embeds (embed.mjs) and its keyboard use
# (keyboard.mjs), and rapor serve's live preview (serve.mjs).  Speaks TAP.  Run from anywhere; uses ./rapor.
# Without Chromium or Node it reports one skipped test, loudly.
cd "$(dirname "$0")/.." || exit 3
R=${RAPOR:-./rapor}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
export CHROMIUM
dir=tests/browser

skip() {
	echo "ok 1 - browser tests # SKIP $1"
	{
		echo "########################################################"
		echo "## browser tests SKIPPED: $1"
		echo "########################################################"
	} >&2
	exit 0
}

[ -x "$CHROMIUM" ] || skip "no Chromium at $CHROMIUM (apt-get install chromium)"
command -v node >/dev/null 2>&1 || skip "no node (apt-get install nodejs npm)"
node -e 'process.exit(+process.versions.node.split(".")[0] >= 18 ? 0 : 1)' ||
	skip "node $(node --version) is older than 18"

tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT INT TERM

# The pinned packages (package-lock.json), once.
if [ ! -f "$dir/node_modules/playwright-core/package.json" ] ||
   [ ! -f "$dir/node_modules/axe-core/axe.min.js" ] ||
   [ ! -f "$dir/node_modules/html-validate/package.json" ]; then
	command -v npm >/dev/null 2>&1 || skip "no npm to install $dir/node_modules"
	if ! (cd "$dir" && npm ci --no-audit --no-fund) >"$tmp/npm.log" 2>&1; then
		echo "not ok 1 - npm ci in $dir"
		sed 's/^/# /' "$tmp/npm.log" | tail -n 30
		exit 1
	fi
fi

if ! "$R" build -C content -o "$tmp/site" 2>"$tmp/build.log"; then
	echo "not ok 1 - the sample site builds"
	sed 's/^/# /' "$tmp/build.log" | tail -n 30
	exit 1
fi

# The report with three releases of tests/cases/release-site: its revision
# log and the pages with notices (e2e.mjs, section 10).
if sh tests/cases.test.sh --prepare release-site "$tmp/rel" 2>"$tmp/rel.log" &&
   "$R" build -C "$tmp/rel/content" -t templates -o "$tmp/rel/site" 2>>"$tmp/rel.log"; then
	RELEASES_SITE="$tmp/rel/site"
	export RELEASES_SITE
else
	echo "not ok 1 - the report with three releases builds"
	sed 's/^/# /' "$tmp/rel.log" | tail -n 30
	exit 1
fi

# Chart samples drawn by test_chart, SVG and Cairo PNG, for e2e.mjs to
# compare (skipped there, loudly, without the test binary).  Its own
# verdict is reported by run.sh; here only the samples matter.
if [ -x build/san/test_chart ]; then
	RAPOR_CHART_DUMP="$tmp/charts" build/san/test_chart >/dev/null 2>&1
	if [ -f "$tmp/charts/bars.svg" ]; then
		CHART_DUMP="$tmp/charts"
		export CHART_DUMP
	fi
fi

run_node() {
	if command -v timeout >/dev/null 2>&1; then
		timeout -k 5 300 node "$@"
	else
		node "$@"
	fi
}
rc=0
run_node "$dir/e2e.mjs" "$tmp/site" || rc=1
# The embeds (embed.mjs: an embed page framed by another origin).
run_node "$dir/embed.mjs" "$tmp/site" || rc=1
# Charts on a phone and a desktop (text size, overlap): charts.mjs.
run_node "$dir/charts.mjs" "$tmp/site" || rc=1
# Keyboard use (keyboard.mjs): Tab order, focus indicators, <details>,
# search, filter, sort and PNG controls, no trap; on the sample's pages
# of each kind, and on the revision log with changes and a page with
# notices of the report with three releases.
run_node "$dir/keyboard.mjs" "$tmp/site" || rc=1
printf '%s\n' 'data/revisions/index.html revision log with changes' \
	'2023/kota-b/index.html body with notices' >"$tmp/rel-pages"
BROWSER_PAGES="$tmp/rel-pages" run_node "$dir/keyboard.mjs" "$RELEASES_SITE" || rc=1
# rapor serve in the browser (serve.mjs): the live script, the open page
# made first and reloaded, errors over the page; on copies of content and
# templates.
cp -r templates "$tmp/tpl"
cp -r content "$tmp/content"
run_node "$dir/serve.mjs" "$R" "$tmp/content" "$tmp/tpl" || rc=1
exit $rc
