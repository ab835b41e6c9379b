# TAP for the shell suites, sourced from the repository's root: n counts
# the checks, ok NAME and not_ok NAME [LINE...] (each LINE a comment).
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
