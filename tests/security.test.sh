#!/bin/sh
# Hostile strings in every free-text field of every content file and in
# front matter: the build must succeed, and every output file must carry
# them escaped for where they land (HTML text and attributes, JSON inside
# <script>, XML, CSV), with template syntax in data never interpreted and
# Markdown's raw HTML and javascript: links dropped.  Speaks TAP.
cd "$(dirname "$0")/.." || exit 3
R=${RAPOR:-build/san/rapor}
T=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$T"' EXIT; [ -n "${KEEP:-}" ] && echo "# keeping $T" >&2
. tests/tap.sh

# The payload: markup, a script end tag, quotes, template syntax, a
# formula, U+2028, an XML CDATA end.  LS is U+2028 as raw bytes.
LS=$(printf '\342\200\250')
EVIL="<x-evil a=\"1\" b='2'>\"'</script>{{site.title}}{{{t.home}}}]]>&amp;${LS}"
C="$T/c"
mkdir -p "$C/data" "$C/2023"
cat >"$C/site.ini" <<INI
[site]
title = T1 $EVIL
description = D1 $EVIL
base_url = https://example.org/x/
publisher = P1 $EVIL
language = en
INI
q() { printf '"%s"' "$(printf '%s' "$1" | sed 's/"/""/g')"; }
{ echo "id,name,color"; echo "good,$(q "Z1 $EVIL"),#2e7d32"; echo "bad,$(q "=Z2 $EVIL"),#c62828"; } >"$C/data/zones.csv"
{ echo "years,code,name,min,zone"; echo "2022-2023,$(q "A$EVIL"),$(q "N1 $EVIL"),50,good"; echo "2022-2023,B,$(q "N2 $EVIL"),0,bad"; } >"$C/data/categories.csv"
{ echo "years,id,name,weight"; echo "2023,a1,$(q "AS1 $EVIL"),1"; echo "2023,a2,$(q "AS2 $EVIL"),2"; } >"$C/data/aspects.csv"
{ echo "id,name,kind,parent"; echo "p1,$(q "E1 $EVIL"),$(q "K1 $EVIL"),"; echo "e2,$(q "+E2 $EVIL"),$(q "K1 $EVIL"),p1"; } >"$C/data/entities.csv"
{ echo "entity,id,name,kind"; echo "e2,u1,$(q "@U1 $EVIL"),$(q "UK $EVIL")"; echo "e2,u2,$(q "-U2 $EVIL"),"; } >"$C/data/units.csv"
{ echo "year,entity,unit,score,a1,a2"; echo "2022,p1,,40,,"; echo "2023,p1,,60,,"; echo "2022,e2,,30,,"; echo "2023,e2,u1,,70,80"; echo "2023,e2,u2,55,,"; } >"$C/data/scores.csv"
cat >"$C/index.md" <<MD
---
title: H1 $EVIL
summary: S1 $EVIL
---
Body <x-evil>raw</x-evil> [click](javascript:alert(1)) {{site.title}}

<script>alert(1)</script>
MD
cat >"$C/2023/index.md" <<MD
---
title: Y1 $EVIL
summary: YS $EVIL
date: 2023-12-01
---
Year text $EVIL
MD
cat >"$C/2023/e2.md" <<MD
---
title: EC $EVIL
summary: ES $EVIL
---
Entity text [x](JAVASCRIPT:alert(2))
MD
cp "$C/2023/e2.md" "$C/about.md"

"$R" build -C "$C" -o "$T/out" 2>"$T/err"
st=$?
if [ $st -eq 0 ]; then ok "hostile content builds"; else not_ok "hostile content builds" "$(cat "$T/err")"; fi
files=$(find "$T/out" -type f | sort)
[ -f "$T/out/index.html" ] && [ -f "$T/out/feed.xml" ] && ok "output files exist" || not_ok "output files exist"

bad=""
for f in $files; do
	case $f in
	*.html|*.xml)
		# Markup from data never appears as markup; quotes never break out of attributes.
		# (JSON-LD is checked as JSON: a quote is harmless inside a script string.)
		grep -v 'application/ld+json' "$f" | grep -q '<x-evil' && bad="$bad $f(raw-tag)"
		grep -v 'application/ld+json' "$f" | grep -q "b='2'" && bad="$bad $f(raw-quote)"
		grep 'application/ld+json' "$f" | grep -q '<x-evil\|'"$LS" && bad="$bad $f(json-ld)"
		grep -qi 'href="javascript:' "$f" && bad="$bad $f(javascript-link)"
		grep -q '<script>alert' "$f" && bad="$bad $f(raw-script)"
		# Only our own script elements: the JSON-LD block and site.js.
		c=$(grep -o '</script>' "$f" | wc -l)
		s=$(grep -o '<script' "$f" | wc -l)
		[ "$c" -eq "$s" ] || bad="$bad $f(script-end-count)"
		;;
	*.json|*.js)
		grep -q '</script' "$f" && bad="$bad $f(script-end)"
		grep -q "$LS" "$f" && bad="$bad $f(raw-U+2028)"
		grep -q '<x-evil' "$f" && bad="$bad $f(raw-lt)"
		;;
	*.csv)
		grep -q '^[^,]*,=' "$f" && bad="$bad $f(formula)"
		grep -q ',+E2\|,@U1\|,-U2\|,=Z2' "$f" && bad="$bad $f(formula)"
		;;
	esac
done
[ -z "$bad" ] && ok "every output file escapes hostile strings for its context" || not_ok "every output file escapes hostile strings for its context" "$bad"

grep -q '{{site.title}}' "$T/out/index.html" && ok "template syntax in data is shown, not run" || not_ok "template syntax in data is shown, not run"
grep -q '&lt;x-evil a=&quot;1&quot; b=&#39;2&#39;&gt;' "$T/out/2023/e2/index.html" && ok "names are HTML-escaped in text" || not_ok "names are HTML-escaped in text" "$(grep -o 'E2[^<]*' "$T/out/2023/e2/index.html" | head -3)"
grep -q 'raw HTML omitted' "$T/out/index.html" && ok "raw HTML in Markdown is dropped (cmark safe mode)" || not_ok "raw HTML in Markdown is dropped (cmark safe mode)"
grep -q "'+E2 " "$T/out/data/results.csv" && grep -q "'@U1 " "$T/out/data/results.csv" && ok "CSV cells starting with + @ - = are defused" || not_ok "CSV cells starting with + @ - = are defused" "$(head -5 "$T/out/data/results.csv")"
grep -q '\\u003c/script\\u003e' "$T/out/data/results.json" && grep -q '\\u2028' "$T/out/data/results.json" && ok "JSON escapes </script> and U+2028" || not_ok "JSON escapes </script> and U+2028"
if command -v python3 >/dev/null; then
	python3 - "$T/out" <<'PY' && ok "JSON, feed and sitemap parse" || not_ok "JSON, feed and sitemap parse"
import json, sys, xml.dom.minidom as m
d = sys.argv[1]
json.load(open(d + "/data/results.json", encoding="utf-8"))
m.parse(d + "/feed.xml"); m.parse(d + "/sitemap.xml")
PY
fi
echo "1..$n"
