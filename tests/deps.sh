#!/bin/sh
# Make sure the Debian packages named as arguments are installed.
# As root, install what is missing; otherwise print the exact command and fail.
missing=""
for p in "$@"; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "rapor: installing Debian packages:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -q --no-install-recommends $missing </dev/null ||
	{ apt-get update -q </dev/null && apt-get install -y -q --no-install-recommends $missing </dev/null; }
	exit $?
fi
echo "rapor: missing Debian packages. Install them with:" >&2
echo "  sudo apt-get install$missing" >&2
exit 1
