#!/bin/sh
#
# run.sh SECONDS [BUILDDIR] - run each libFuzzer target built by make fuzz
# for SECONDS, two at a time (the machine has two cores), with its
# dictionary and a writable copy of its corpus under BUILDDIR/var/fuzz.
# Prints one line a target; exits non-zero on any crash, leak or timeout.
#
set -u

usage() {
	echo "usage: $0 SECONDS [BUILDDIR]" >&2
	exit 2
}

[ $# -ge 1 ] && [ $# -le 2 ] || usage
secs=$1
case $secs in
''|*[!0-9]*) usage ;;
esac
build=${2:-.}
here=$(cd "$(dirname "$0")" && pwd)
names="cookie query urlencoded multipart smpp gwreply sniff scheme sanitize number"

# Per-target options: the sniffer must judge any input of up to 1 MiB
# within a second (issue 12: a crafted file must not stall a worker), so
# a slow input is a finding; the others keep libFuzzer's 10 s.
opts_for() {
	case $1 in
	sniff) echo "-timeout=1 -max_len=1048576" ;;
	# Typed numbers are short: 10 s covers them, and, last and alone in
	# its round, it adds 10 s to the run, not SECONDS (the later
	# -max_total_time wins).
	number) echo "-timeout=10 -max_len=64 -max_total_time=$((secs < 10 ? secs : 10))" ;;
	*) echo "-timeout=10" ;;
	esac
}

# Run target $1; its log and findings stay in BUILDDIR/var/fuzz/$1.
run_one() {
	name=$1
	bin=$build/tests/fuzz/fuzz_$name
	work=$build/var/fuzz/$name
	if [ ! -x "$bin" ]; then
		echo "$name: missing $bin (run make fuzz)"
		return 1
	fi
	mkdir -p "$work/corpus" "$work/crashes" || return 1
	# The saved corpus seeds the copy; what the fuzzer adds stays there.
	cp "$here/corpus/$name/"* "$work/corpus/" 2>/dev/null
	# shellcheck disable=SC2046 # the options are words
	"$bin" -max_total_time="$secs" $(opts_for "$name") -print_final_stats=1 \
	    -dict="$here/$name.dict" -artifact_prefix="$work/crashes/" \
	    "$work/corpus" >"$work/log" 2>&1
	st=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
	if [ $st -eq 0 ]; then
		echo "$name: ok, ${execs:-?} execs"
		return 0
	fi
	echo "$name: FAIL (exit $st), ${execs:-?} execs; see $work/log and" \
	    "$(ls "$work/crashes" 2>/dev/null | sed "s|^|$work/crashes/|" |
	    tr '\n' ' ')"
	return 1
}

rc=0
set -- $names
while [ $# -gt 0 ]; do
	run_one "$1" &
	p1=$!
	p2=
	if [ $# -gt 1 ]; then
		run_one "$2" &
		p2=$!
	fi
	wait $p1 || rc=1
	if [ -n "$p2" ]; then
		wait $p2 || rc=1
		shift
	fi
	shift
done
exit $rc
