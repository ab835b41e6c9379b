#!/bin/sh
# The targets of issues 12 and 11 in one run beside Hugo (docs/performance.md,
# "The targets at d0f133d"):
#   sh tests/bench/targets.sh RAPOR NATIONAL HUGO_SITE SCALE4 [WORK]
# NATIONAL and SCALE4: content from ../shared/bench/gen-content.py (--scale 1
# and 4); HUGO_SITE: ../shared/bench/hugo-baseline.py NATIONAL HUGO_SITE.
# WORK (default /dev/shm) holds the outputs.  The one-score rebuild changes
# the aspect value of line 14,899 of NATIONAL/data/scores.csv between 100.00
# and 99.00 (a row of the national report), so NATIONAL is edited.
set -eu
[ $# -ge 4 ] || { echo "usage: $0 RAPOR NATIONAL HUGO_SITE SCALE4 [WORK]" >&2; exit 2; }
R=$1 N=$2 H=$3 S4=$4 W=${5:-/dev/shm}
T=$(cd "$(dirname "$0")/../.." && pwd)/templates
P="python3 $(dirname "$0")/pairs.py"
F=$W/flip-score.sh
cat >"$F" <<EOS
#!/bin/sh
f=$N/data/scores.csv
if sed -n 14899p \$f | grep -q ',,100.00,'; then sed -i '14899s/,,100.00,/,,99.00,/' \$f
else sed -i '14899s/,,99.00,/,,100.00,/' \$f; fi
EOS
chmod +x "$F"
hugo="rm -rf $W/mh"; hugob="hugo -s $H -d $W/mh --quiet"
echo "== rapor cold (A) and Hugo cold (B)"
$P 4 "rm -rf $W/mc $W/.mc.rapor-cache" "$R build -q -C $N -t $T -o $W/mc" "$hugo" "$hugob"
$R build -q -C "$N" -t "$T" -o "$W/rp"
echo "== rapor, one changed score (A) and Hugo cold (B)"
$P 6 "$F" "$R build -q -C $N -t $T -o $W/rp" "$hugo" "$hugob"
echo "== rapor, nothing changed (A) and Hugo cold (B)"
$P 4 true "$R build -q -C $N -t $T -o $W/rp" "$hugo" "$hugob"
echo "== rapor cold with charts (A) and --no-charts (B)"
$P 4 "rm -rf $W/mc $W/.mc.rapor-cache" "$R build -q -C $N -t $T -o $W/mc" \
    "rm -rf $W/mn $W/.mn.rapor-cache" "$R build -q -C $N -t $T -o $W/mn --no-charts"
echo "== national cold (A) and --scale 4 cold (B)"
$P 2 "rm -rf $W/mc $W/.mc.rapor-cache" "$R build -q -C $N -t $T -o $W/mc" \
    "rm -rf $W/m4 $W/.m4.rapor-cache" "$R build -q -C $S4 -t $T -o $W/m4"
echo "== files written"
"$F"; $R build -C "$N" -t "$T" -o "$W/rp" 2>&1 | tail -1
$R build -C "$N" -t "$T" -o "$W/rp" 2>&1 | tail -1
