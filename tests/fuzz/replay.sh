#!/bin/sh
#
# replay.sh - run by make check: replay each fuzz target's saved corpus
# with tests/fuzz/replay_<name> (built in the current directory), so that
# past findings stay fixed under the gcc and ASan builds. Needs top_srcdir.
#
set -u

srcdir=${top_srcdir:-$(dirname "$0")/../..}
rc=0

for name in cookie query urlencoded multipart smpp gwreply sniff scheme sanitize number; do
	bin=./tests/fuzz/replay_$name
	corpus=$srcdir/tests/fuzz/corpus/$name
	if [ ! -x "$bin" ]; then
		echo "replay.sh: $bin not built" >&2
		rc=1
		continue
	fi
	if ! "$bin" "$corpus"; then
		echo "replay.sh: FAIL $name (corpus $corpus)" >&2
		rc=1
	fi
done
exit $rc
