#!/bin/sh
# rapor serve: started on a free port of the loopback (-p 0, the port read
# from what it prints), fetched with curl.  The bytes and types it serves
# against a build of the same content, the live script only in HTML
# responses and never in the built files, a score edited and the page
# changed, a new folder watched, broken content shown over the last good
# site (escaped), paths out of the site refused (.., %2e%2e, a symbolic
# link, hidden files), loopback only, HEAD, 304, 404, 405, and the stop on
# SIGINT and SIGTERM (130, 143, no build folder left).  Speaks TAP.
cd "$(dirname "$0")/.." || exit 3
R=${RAPOR:-build/san/rapor}
T=$(mktemp -d)
PID=""
cleanup() {
	[ -n "$PID" ] && kill -9 "$PID" 2>/dev/null
	[ -n "${EVPID:-}" ] && kill "$EVPID" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
. tests/tap.sh
check() { # check NAME EXPECTED ACTUAL [DETAIL]
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected $2, got $3" "${4:-}"; fi
}
if ! command -v curl >/dev/null 2>&1; then
	echo "ok 1 - rapor serve # SKIP curl is not installed (make test installs it)"
	echo "SKIPPED: serve: curl is not installed" >&2
	echo "1..1"
	exit 0
fi

# serve LOG ARGS...: start rapor serve in the background (its build folder
# under $T/tmp), wait until it says where it serves; sets PID, PORT, U.
serve() {
	log=$1
	shift
	mkdir -p "$T/tmp"
	: >"$log"
	TMPDIR=$T/tmp "$R" serve -p 0 "$@" >"$log" 2>&1 &
	PID=$!
	i=0
	while ! grep -q '^rapor: serving http://' "$log" && [ $i -lt 300 ]; do
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	PORT=$(sed -n 's|^rapor: serving http://[^ ]*:\([0-9]*\)/ .*|\1|p' "$log")
	U=http://127.0.0.1:$PORT
}
# stop SIGNAL: send it, wait; sets ST to the exit status.
stop() {
	kill -s "$1" "$PID"
	{ wait "$PID"; ST=$?; } 2>/dev/null
	PID=""
}
# until SECONDS COMMAND...: run COMMAND every tenth of a second until it
# succeeds or SECONDS pass.
until_ok() {
	limit=$(($1 * 10))
	shift
	i=0
	while ! "$@"; do
		i=$((i + 1))
		[ $i -ge $limit ] && return 1
		sleep 0.1
	done
}
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
# The body of a served page without the live script's element.
unlive() { sed 's|<script src="/\.rapor/live\.js" data-gen="[^"]*"></script>||'; }

C=$T/content
cp -r content "$C"
"$R" build -C "$C" -t templates -o "$T/ref" 2>"$T/err" || not_ok "reference build" "$(cat "$T/err")"

serve "$T/log" -C "$C" -t templates
if [ -z "$PORT" ]; then
	not_ok "serve starts and says where it serves" "$(cat "$T/log")"
	echo "1..$n"
	exit 1
fi
ok "serve starts and says where it serves"
B=$(sed -n 's|^rapor: building into \(.*\) (removed on exit)$|\1|p' "$T/log")
case $B in
"$T"/tmp/rapor-serve-??????) [ -d "$B" ] && ok "it builds into a new folder under TMPDIR" || not_ok "it builds into a new folder under TMPDIR" "$B" ;;
*) not_ok "it builds into a new folder under TMPDIR" "$(cat "$T/log")" ;;
esac

# -- what it serves --------------------------------------------------------
# The built files are a build's bytes: the script is only in responses.
same=1
for f in $(cd "$T/ref" && find . -path ./.rapor -prune -o -type f -print | LC_ALL=C sort); do
	cmp -s "$T/ref/$f" "$B/$f" || { same=0; echo "# differs: $f"; }
done
[ $same = 1 ] && ok "the build folder's files are byte-identical to rapor build's" || not_ok "the build folder's files are byte-identical to rapor build's"
grep -rlq 'rapor/live\.js' "$B" && not_ok "no built file holds the live script" "$(grep -rl 'rapor/live\.js' "$B")" || ok "no built file holds the live script"

for f in index.html 2023/kota-cilegon/index.html assets/style.css assets/site.js \
    2023/zones.svg 2023/kota-cilegon/card.png data/results.csv data/results.json \
    feed.xml sitemap.xml robots.txt; do
	case $f in
	*.html) want="text/html; charset=utf-8" ;;
	*.css) want="text/css; charset=utf-8" ;;
	*.js) want="text/javascript; charset=utf-8" ;;
	*.svg) want="image/svg+xml" ;;
	*.png) want="image/png" ;;
	*.csv) want="text/csv; charset=utf-8" ;;
	*.json) want="application/json" ;;
	*.xml) want="application/xml" ;;
	*.txt) want="text/plain; charset=utf-8" ;;
	esac
	got=$(curl -s -o "$T/body" -w '%{http_code} %{content_type}' "$U/$f")
	check "GET /$f: 200, $want" "200 $want" "$got"
	case $f in
	*.html)
		unlive <"$T/body" | cmp -s - "$T/ref/$f" && ok "... the built bytes and the live script" || not_ok "... the built bytes and the live script"
		[ "$(grep -o 'rapor/live\.js' "$T/body" | wc -l)" -eq 1 ] && grep -q '<script src="/\.rapor/live\.js" data-gen="[^"]*"></script></body>' "$T/body" &&
		    ok "... the script once, before </body>" || not_ok "... the script once, before </body>" "$(tail -c 300 "$T/body")" ;;
	*) cmp -s "$T/body" "$T/ref/$f" && ok "... the built bytes" || not_ok "... the built bytes" ;;
	esac
done
curl -s -o "$T/body" "$U/2023/kota-cilegon/"
unlive <"$T/body" | cmp -s - "$T/ref/2023/kota-cilegon/index.html" && ok "a folder serves its index.html" || not_ok "a folder serves its index.html"
got=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$U/2023/kota-cilegon")
check "a folder without its / is redirected there" "301 $U/2023/kota-cilegon/" "$got"
got=$(curl -s -o "$T/body" -w '%{http_code} %{content_type}' "$U/no/such/page")
check "a missing page is 404, as HTML" "404 text/html; charset=utf-8" "$got"
unlive <"$T/body" | cmp -s - "$T/ref/404.html" && ok "... the site's 404.html" || not_ok "... the site's 404.html"
got=$(curl -s -o /dev/null -w '%{http_code} %{content_type}' "$U/.rapor/live.js")
check "the live script is served" "200 text/javascript; charset=utf-8" "$got"

# HEAD: the GET's headers, no body.
curl -s -D "$T/hget" -o "$T/body" "$U/assets/style.css"
curl -s -I -o "$T/hhead" "$U/assets/style.css"
len() { tr -d '\r' <"$1" | sed -n 's/^[Cc]ontent-[Ll]ength: //p'; }
check "HEAD answers 200" "200" "$(code -I "$U/assets/style.css")"
check "HEAD gives the GET's Content-Length" "$(len "$T/hget")" "$(len "$T/hhead")"
check "HEAD sends no body" "0" "$(curl -s -I "$U/assets/style.css" | tr -d '\r' | sed '1,/^$/d' | wc -c | tr -d ' ')"
check "HEAD of a page answers 200" "200" "$(code -I "$U/")"

# Validators.
lm=$(tr -d '\r' <"$T/hget" | sed -n 's/^[Ll]ast-[Mm]odified: //p')
etag=$(tr -d '\r' <"$T/hget" | sed -n 's/^[Ee][Tt]ag: //p')
check "304 on If-Modified-Since of its Last-Modified" "304" "$(code -H "If-Modified-Since: $lm" "$U/assets/style.css")"
check "200 on an If-Modified-Since before it" "200" "$(code -H "If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT" "$U/assets/style.css")"
check "304 on If-None-Match of its ETag" "304" "$(code -H "If-None-Match: $etag" "$U/assets/style.css")"
check "200 on another ETag, whatever If-Modified-Since says" "200" "$(code -H 'If-None-Match: "x"' -H "If-Modified-Since: $lm" "$U/assets/style.css")"
check "200 on a malformed If-Modified-Since" "200" "$(code -H "If-Modified-Since: yesterday" "$U/assets/style.css")"

# Methods.
check "POST is 405" "405" "$(code -X POST -d x=1 "$U/")"
check "DELETE is 405" "405" "$(code -X DELETE "$U/index.html")"
curl -s -D "$T/h" -o /dev/null -X PUT "$U/index.html"
tr -d '\r' <"$T/h" | grep -qx 'Allow: GET, HEAD' && ok "405 says Allow: GET, HEAD" || not_ok "405 says Allow: GET, HEAD" "$(cat "$T/h")"

# -- nothing outside the site ------------------------------------------------
echo "secret-$$" >"$T/secret"
mkdir "$T/secretdir" && echo "secret-$$" >"$T/secretdir/index.html"
ln -s "$T/secret" "$B/out.txt"
ln -s "$T/secretdir" "$B/outdir"
ln -s "$B/robots.txt" "$B/in.txt"
refused() { # refused NAME CURL-ARGS...: answered 400, 403 or 404, never the secret
	name=$1
	shift
	got=$(curl -s -o "$T/body" -w '%{http_code}' "$@")
	case $got in
	400|403|404) if grep -q "secret-$$" "$T/body" || grep -q "root:" "$T/body"; then not_ok "$name" "the file was sent"; else ok "$name ($got)"; fi ;;
	*) not_ok "$name" "status $got" "$(head -c 300 "$T/body")" ;;
	esac
}
refused "/../ is refused" --path-as-is "$U/../../../../../../etc/passwd"
refused "/../ to a file beside the site is refused" --path-as-is "$U/../../secret"
refused "%2e%2e is refused" --path-as-is "$U/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd"
refused "%2E%2E and %2f are refused" --path-as-is "$U/%2E%2E%2f%2E%2E%2f%2E%2E%2f%2E%2E%2f%2E%2E%2f%2E%2E%2f%2E%2E%2f%2E%2E%2fetc%2fpasswd"
refused "..%5c (a backslash) is refused" --path-as-is "$U/..%5c..%5csecret"
refused "%00 is refused" --path-as-is "$U/index.html%00.png"
refused "a malformed escape is refused" --path-as-is "$U/%zz"
refused "a symbolic link in the site to a file outside is refused" "$U/out.txt"
refused "a symbolic link in the site to a folder outside is refused" "$U/outdir/"
refused "... and to a file in it" "$U/outdir/index.html"
refused "a symbolic link within the site is refused too" "$U/in.txt"
refused "rapor's own .rapor/ is not served" "$U/.rapor/manifest"
refused "%2erapor is not served either" --path-as-is "$U/%2erapor/manifest"
check "a Host that is not the loopback's is refused" "403" "$(code -H 'Host: attacker.example' "$U/")"
check "a Host of localhost:PORT is served" "200" "$(code -H "Host: localhost:$PORT" "$U/")"
rm -f "$B/out.txt" "$B/outdir" "$B/in.txt"

# -- loopback only -------------------------------------------------------------
if command -v ss >/dev/null 2>&1; then
	ss -ltnH "sport = :$PORT" >"$T/ss" 2>&1
	[ "$(awk '{ print $4 }' "$T/ss")" = "127.0.0.1:$PORT" ] && ok "it listens on 127.0.0.1:$PORT only" || not_ok "it listens on 127.0.0.1:$PORT only" "$(cat "$T/ss")"
else
	ok "ss -ltn # SKIP no ss (iproute2)"
	echo "SKIPPED: serve: no ss (iproute2)" >&2
fi
curl -s -o /dev/null --max-time 5 "http://127.0.0.2:$PORT/"
check "127.0.0.2 (another loopback address) is not answered" 7 $?

# -- live: an edit is seen -------------------------------------------------------
curl -s -N --max-time 60 "$U/.rapor/events" >"$T/events" 2>/dev/null &
EVPID=$!
until_ok 10 grep -q '^data: ' "$T/events" && ok "the event stream says the state at once" || not_ok "the event stream says the state at once" "$(cat "$T/events")"
gen0=$(sed -n 's/^data: {"gen":"\([^"]*\)".*/\1/p' "$T/events" | head -n 1)
curl -s -o "$T/before" "$U/2024/kota-cilegon/"
grep -q '95,31' "$T/before" && ok "the page shows the score before" || not_ok "the page shows the score before"
sed 's/^2024;kota-cilegon;;95,31/2024;kota-cilegon;;61,17/' "$C/data/scores.csv" >"$T/scores" && cat "$T/scores" >"$C/data/scores.csv"
page_has() { curl -s "$U/2024/kota-cilegon/" | grep -q "$1"; }
until_ok 20 page_has '61,17' && ok "a score edited: the page changes" || not_ok "a score edited: the page changes" "$(tail -n 5 "$T/log")"
new_gen() { [ "$(sed -n 's/^data: {"gen":"\([^"]*\)".*/\1/p' "$T/events" | tail -n 1)" != "$gen0" ]; }
until_ok 10 new_gen && ok "... and the open pages are told (a new generation)" || not_ok "... and the open pages are told (a new generation)" "$(cat "$T/events")"
grep -q '^rapor: rebuilt in .*files written.*pages told to reload .* s after the change$' "$T/log" && ok "... and the terminal says so" || not_ok "... and the terminal says so" "$(tail -n 3 "$T/log")"
# A new folder is watched: made first, its file written once it is seen.
nb=$(grep -c '^rapor: rebuilt' "$T/log")
# (A body's folder of unit commentary, which the sample does not have.)
[ ! -e "$C/2023/kota-cilegon" ] || not_ok "the sample has no 2023/kota-cilegon/ folder"
mkdir "$C/2023/kota-cilegon"
rebuilt() { [ "$(grep -c '^rapor: rebuilt' "$T/log")" -gt "$nb" ]; }
until_ok 20 rebuilt || true
printf 'Catatan unit: kata-uji-%s.\n' $$ >"$C/2023/kota-cilegon/puskesmas-cibeber.md"
page2022() { curl -s "$U/2023/kota-cilegon/puskesmas-cibeber/" | grep -q "kata-uji-$$"; }
until_ok 20 page2022 && ok "a file in a new folder is seen" || not_ok "a file in a new folder is seen" "$(tail -n 5 "$T/log")"
# Hidden files (editors' swap files) are not a change.
nb=$(grep -c '^rapor: ' "$T/log")
echo x >"$C/.index.md.swp"
sleep 1
[ "$(grep -c '^rapor: ' "$T/log")" -eq "$nb" ] && ok "a hidden file is no change" || not_ok "a hidden file is no change" "$(tail -n 3 "$T/log")"

# -- broken content: the errors over the last good site ----------------------------
curl -s -o "$T/good" "$U/2024/kota-cilegon/"
cp "$C/data/scores.csv" "$T/scores.good"
printf '2024;<img src=x onerror=alert(1)>;;50\n' >>"$C/data/scores.csv"
state_errs() { curl -s "$U/.rapor/state" | grep -q '"errors":\["'; }
until_ok 20 state_errs && ok "broken content: the state has the errors" || not_ok "broken content: the state has the errors" "$(curl -s "$U/.rapor/state")"
curl -s "$U/.rapor/state" >"$T/state"
grep -q "\"$C/data/scores.csv:[0-9]*:[0-9]*: error: " "$T/state" && ok "... as FILE:LINE:COL: error: MESSAGE" || not_ok "... as FILE:LINE:COL: error: MESSAGE" "$(cat "$T/state")"
grep -q '<img' "$T/state" && not_ok "... escaped (no markup)" "$(cat "$T/state")" || { grep -q '\\u003cimg' "$T/state" && ok "... escaped (no markup)" || not_ok "... escaped (no markup)" "$(cat "$T/state")"; }
until_ok 10 grep -q '"errors":\["' "$T/events" && ok "... and the event stream says them" || not_ok "... and the event stream says them" "$(tail -n 3 "$T/events")"
grep -q "^$C/data/scores.csv:[0-9]*:[0-9]*: error: " "$T/log" && ok "... and the terminal" || not_ok "... and the terminal" "$(tail -n 5 "$T/log")"
grep -q 'the last good site is still served' "$T/log" && ok "... which says the last good site is served" || not_ok "... which says the last good site is served" "$(tail -n 3 "$T/log")"
curl -s -o "$T/now" "$U/2024/kota-cilegon/"
unlive <"$T/now" | cmp -s - "$B/2024/kota-cilegon/index.html" && unlive <"$T/good" | cmp -s - "$B/2024/kota-cilegon/index.html" &&
    ok "the last good page is still served" || not_ok "the last good page is still served"
check "the page is still 200" "200" "$(code "$U/2024/kota-cilegon/")"
cat "$T/scores.good" >"$C/data/scores.csv"
state_clean() { curl -s "$U/.rapor/state" | grep -q '"errors":\[\]'; }
until_ok 20 state_clean && ok "fixed: the errors are gone" || not_ok "fixed: the errors are gone" "$(curl -s "$U/.rapor/state")"

# -- the stop ----------------------------------------------------------------
stop INT
check "SIGINT stops it with status 130" 130 "$ST" "$(tail -n 5 "$T/log")"
[ ! -e "$B" ] && ok "... and its build folder is gone" || not_ok "... and its build folder is gone" "$(ls -la "$B")"
curl -s -o /dev/null --max-time 5 "$U/"
check "... and the port is closed" 7 $?
{ kill "$EVPID" && wait "$EVPID"; } 2>/dev/null
EVPID=""
grep -qi 'AddressSanitizer\|runtime error' "$T/log" && not_ok "no sanitizer report" "$(grep -i -A5 'AddressSanitizer\|runtime error' "$T/log" | head -n 20)" || ok "no sanitizer report"

# -- broken from the start: an error page, escaped -------------------------------
cp -r content "$T/bad"
printf '2024;<img src=x onerror=alert(1)>;;50\n' >>"$T/bad/data/scores.csv"
serve "$T/log2" -C "$T/bad" -t templates
B2=$(sed -n 's|^rapor: building into \(.*\) (removed on exit)$|\1|p' "$T/log2")
got=$(curl -s -o "$T/body" -w '%{http_code} %{content_type}' "$U/")
check "no good build yet: 503, an HTML page" "503 text/html; charset=utf-8" "$got"
grep -q "$T/bad/data/scores.csv:[0-9]*:[0-9]*: error: .*&lt;img src=x onerror=alert(1)&gt;" "$T/body" && ok "... with the errors, escaped" || not_ok "... with the errors, escaped" "$(head -c 1500 "$T/body")"
grep -q '<img' "$T/body" && not_ok "... and no markup of theirs" || ok "... and no markup of theirs"
grep -q '<script src="/\.rapor/live\.js"' "$T/body" && ok "... and the live script, to reload once fixed" || not_ok "... and the live script, to reload once fixed"
cp content/data/scores.csv "$T/bad/data/scores.csv"
served() { [ "$(code "$U/")" = 200 ]; }
until_ok 20 served && ok "fixed: the site is served" || not_ok "fixed: the site is served" "$(tail -n 5 "$T/log2")"
stop TERM
check "SIGTERM stops it with status 143" 143 "$ST" "$(tail -n 5 "$T/log2")"
[ -n "$B2" ] && [ ! -e "$B2" ] && ok "... and its build folder is gone" || not_ok "... and its build folder is gone"

# -- live: the open pages first ------------------------------------------------------
# A page whose event stream names it (/.rapor/events/PAGE, as the live
# script opens it) is made before the rest of the site and shown at once.
# The publish is held three seconds (the fault shim's RAPOR_SLOW_RENAME,
# at 2023/index.html's move) to look into that window: the open page
# served new at once, the stylesheet served meanwhile, another page made
# to wait for the build's end and then new.
SHIM=build/fault-shim.so
gens() { sed -n 's/^data: {"gen":"\([^"]*\)".*/\1/p' "$1" | uniq | wc -l; }
ns() { date +%s%N; }
if [ -f "$SHIM" ]; then
	cp -r templates "$T/tpl"
	export RAPOR_SLOW_RENAME=/2023/index.html:3000 LD_PRELOAD="$SHIM"
	export ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"
	serve "$T/log5" -C "$C" -t "$T/tpl"
	unset RAPOR_SLOW_RENAME LD_PRELOAD
	B5=$(sed -n 's|^rapor: building into \(.*\) (removed on exit)$|\1|p' "$T/log5")
	curl -s -N --max-time 60 "$U/.rapor/events/2024/kota-cilegon/" >"$T/ev5" 2>/dev/null &
	EVPID=$!
	until_ok 10 grep -q '^data: ' "$T/ev5" || not_ok "the page's event stream opens" "$(cat "$T/log5")"
	echo "<!-- early-$$ -->" >>"$T/tpl/base.mustache"
	told() { [ "$(gens "$T/ev5")" -ge "$1" ]; }
	until_ok 20 told 2 && ok "a layout edit: the open page is told" || not_ok "a layout edit: the open page is told" "$(cat "$T/ev5"; tail -n 3 "$T/log5")"
	t0=$(ns)
	curl -s -o "$T/open" "$U/2024/kota-cilegon/"
	t1=$(ns)
	code=$(curl -s -o "$T/css" -w '%{http_code}' "$U/assets/style.css")
	t2=$(ns)
	curl -s -o "$T/other" "$U/2023/"
	t3=$(ns)
	grep -q "early-$$" "$T/open" && ok "... and it is served new before the site is published" || not_ok "... and it is served new before the site is published" "$(tail -c 300 "$T/open")"
	[ $((t1 - t0)) -lt 1500000000 ] && ok "... at once ($(((t1 - t0) / 1000000)) ms)" || not_ok "... at once" "$(((t1 - t0) / 1000000)) ms"
	[ "$code" = 200 ] && cmp -s "$T/css" templates/assets/style.css && [ $((t2 - t1)) -lt 1500000000 ] &&
	    ok "... the stylesheet is served meanwhile ($(((t2 - t1) / 1000000)) ms)" || not_ok "... the stylesheet is served meanwhile" "$code, $(((t2 - t1) / 1000000)) ms"
	grep -q "early-$$" "$T/other" && ok "another page waits for the build, then is new" || not_ok "another page waits for the build, then is new" "$(tail -c 300 "$T/other")"
	[ $((t3 - t2)) -ge 1000000000 ] && ok "... (it waited $(((t3 - t2) / 1000000)) ms)" || not_ok "... (it waited)" "$(((t3 - t2) / 1000000)) ms: the publish was not held?"
	until_ok 20 grep -q '^rapor: rebuilt' "$T/log5"
	grep -q '^rapor: rebuilt in .* open pages made first and told to reload .* s after the change$' "$T/log5" &&
	    ok "... the terminal says the open pages came first, told once" || not_ok "... the terminal says the open pages came first, told once" "$(tail -n 3 "$T/log5")"
	check "... and the page was told once" 2 "$(gens "$T/ev5")"
	unlive <"$T/open" | cmp -s - "$B5/2024/kota-cilegon/index.html" && ok "what was shown first is what was published" || not_ok "what was shown first is what was published"
	curl -s -o "$T/after" "$U/2024/kota-cilegon/"
	unlive <"$T/after" | cmp -s - "$B5/2024/kota-cilegon/index.html" && ok "... and is served from the site after" || not_ok "... and is served from the site after"
	# A score: the page first, then the charts of other pages: told again.
	nb=$(grep -c '^rapor: rebuilt' "$T/log5")
	grep -q '^2024;kota-cilegon;;61,17$' "$T/scores.good" || not_ok "the score edited above is 61,17" "$(grep '^2024;kota-cilegon;' "$T/scores.good")"
	sed 's/^2024;kota-cilegon;;61,17$/2024;kota-cilegon;;62,18/' "$T/scores.good" >"$T/scores" && cat "$T/scores" >"$C/data/scores.csv"
	rebuilt5() { [ "$(grep -c '^rapor: rebuilt' "$T/log5")" -gt "$nb" ]; }
	until_ok 20 rebuilt5
	tail -n 1 "$T/log5" | grep -q 'open pages made first and told to reload .* s after the change, and again at the end$' &&
	    ok "a score: the page first, and again once other pages' charts are published" || not_ok "a score: the page first, and again once other pages' charts are published" "$(tail -n 3 "$T/log5")"
	until_ok 10 told 4 && check "... told twice" 4 "$(gens "$T/ev5")" || not_ok "... told twice" "$(cat "$T/ev5")"
	curl -s -o "$T/after" "$U/2024/kota-cilegon/"
	grep -q '62,18' "$T/after" && unlive <"$T/after" | cmp -s - "$B5/2024/kota-cilegon/index.html" && ok "... and shows the score" || not_ok "... and shows the score"
	# The pages made in another order, the site the same.
	"$R" build -q -C "$C" -t "$T/tpl" -o "$T/ref5" 2>"$T/err" || not_ok "a build of the edited content" "$(cat "$T/err")"
	same=1
	for f in $(cd "$T/ref5" && find . -path ./.rapor -prune -o -type f -print | LC_ALL=C sort); do
		cmp -s "$T/ref5/$f" "$B5/$f" || { same=0; echo "# differs: $f"; }
	done
	[ "$(cd "$T/ref5" && find . -path ./.rapor -prune -o -type f -print | wc -l)" = "$(cd "$B5" && find . -path ./.rapor -prune -o -type f -print | wc -l)" ] || same=0
	[ $same = 1 ] && ok "... and the site is byte-identical to rapor build's" || not_ok "... and the site is byte-identical to rapor build's"
	cat "$T/scores.good" >"$C/data/scores.csv"
	until_ok 20 told 6 || true
	# A build that fails after the open page was shown (its publish
	# finds a file of someone else's in the way of a new page): the page
	# goes back to the last good site, told by a generation of its own.
	echo "not rapor's" >"$B5/foo"
	printf '# Foo\n\nA page.\n' >"$C/foo.md"
	errs5() { curl -s "$U/.rapor/state" | grep -q 'foo: error: .*is in the way'; }
	until_ok 20 errs5 && ok "a build failing after the open page was shown: its errors" || not_ok "a build failing after the open page was shown: its errors" "$(curl -s "$U/.rapor/state"; tail -n 3 "$T/log5")"
	sed -n 's/^data: {"gen":"\([^"]*\)","site":true,"errors":\(..\).*/\1 \2/p' "$T/ev5" | tail -n 2 >"$T/last2"
	shown=$(sed -n '1s/ \[\]$//p' "$T/last2")
	now=$(curl -s "$U/.rapor/state" | sed -n 's/^{"gen":"\([^"]*\)".*/\1/p')
	[ -n "$shown" ] && [ "$(sed -n '2s/ \["$//p' "$T/last2")" = "$now" ] && [ "$now" != "$shown" ] &&
	    ok "... the page that was shown it is told to go back (a new generation)" || not_ok "... the page that was shown it is told to go back (a new generation)" "$(cat "$T/last2"; echo "now $now")"
	curl -s -o "$T/back" "$U/2024/kota-cilegon/"
	unlive <"$T/back" | cmp -s - "$B5/2024/kota-cilegon/index.html" && grep -q "data-gen=\"$now\"" "$T/back" &&
	    ok "... to the last good page, of the generation now" || not_ok "... to the last good page, of the generation now" "$(grep -o 'data-gen="[^"]*"' "$T/back")"
	rm -f "$C/foo.md" "$B5/foo"
	clean5() { curl -s "$U/.rapor/state" | grep -q '"errors":\[\]'; }
	until_ok 20 clean5 && ok "... and fixed, no errors" || not_ok "... and fixed, no errors" "$(curl -s "$U/.rapor/state")"
	stop INT
	check "... and it stops with 130" 130 "$ST" "$(tail -n 5 "$T/log5")"
	{ kill "$EVPID" && wait "$EVPID"; } 2>/dev/null
	EVPID=""
	grep -qi 'AddressSanitizer\|runtime error' "$T/log5" && not_ok "no sanitizer report" "$(grep -i -A5 'AddressSanitizer\|runtime error' "$T/log5" | head -n 20)" || ok "no sanitizer report"
else
	ok "the open pages first # SKIP $SHIM not built (make build/fault-shim.so)"
	echo "SKIPPED: serve: the open pages first: $SHIM not built" >&2
fi

# -- options -----------------------------------------------------------------------
"$R" serve -p 70000 2>"$T/err"; check "-p 70000 is a usage error" 2 $?
"$R" serve -p x 2>"$T/err"; check "-p x is a usage error" 2 $?
"$R" serve --bind 2>"$T/err"; check "--bind without an address is a usage error" 2 $?
TMPDIR=$T/tmp "$R" serve --bind not-an-address 2>"$T/err"; check "--bind not-an-address is a usage error" 2 $?
# A documentation address (RFC 5737): not this machine's, so bind fails
# and nothing is ever reachable; the warning comes first.
TMPDIR=$T/tmp "$R" serve -C "$C" -t templates --bind 192.0.2.1 -p 0 2>"$T/err"; check "--bind to an address not here fails with status 3" 3 $?
grep -q '^rapor: warning: serving on 192.0.2.1: the preview, drafts included, can be reached from other machines$' "$T/err" && ok "... after warning that others could reach it" || not_ok "... after warning that others could reach it" "$(cat "$T/err")"
serve "$T/log3" -C "$C" -t templates --bind 127.0.0.2
[ -n "$PORT" ] && [ "$(code "http://127.0.0.2:$PORT/")" = 200 ] && ok "--bind 127.0.0.2 serves there" || not_ok "--bind 127.0.0.2 serves there" "$(cat "$T/log3")"
grep -q '^rapor: warning: serving on' "$T/log3" && not_ok "... without a warning (a loopback address)" "$(cat "$T/log3")" || ok "... without a warning (a loopback address)"
TMPDIR=$T/tmp "$R" serve -C "$C" -t templates --bind 127.0.0.2 -p "$PORT" 2>"$T/err"; check "a port in use fails with status 3" 3 $?
grep -q "^127.0.0.2:$PORT: error: cannot listen: Address already in use; choose another port with -p$" "$T/err" && ok "... saying so" || not_ok "... saying so" "$(cat "$T/err")"
stop INT
TMPDIR=$T/tmp "$R" serve -C "$T/none" -t templates -p 0 2>"$T/err"; check "a missing content folder fails with status 3" 3 $?
[ -z "$(ls "$T/tmp")" ] && ok "no build folder is ever left behind" || not_ok "no build folder is ever left behind" "$(ls "$T/tmp")"
echo "1..$n"
