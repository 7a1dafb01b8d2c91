# tools/lib.sh - what tools/up, tools/down and tools/test share: paths,
# package installation, and starting or stopping one program.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
var=$(realpath -m "${SME_VAR:-$root/var}")
build=$(realpath -m "${SME_BUILD:-$root/build}")
port=${SME_PORT:-8080}
export SME_VAR=$var SME_PORT=$port
export SME_CONFIG=$var/sme.conf
HANDLERS="sme-account sme-sms sme-recover sme-filing sme-title sme-review sme-upload sme-eval sme-help"

say() { printf '%s\n' "$*" >&2; }
die() { say "$(basename "$0"): $*"; exit 1; }

# Install the Debian packages of the given list that are missing.
ensure_packages() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	local try sudo=()
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null && sudo -n true 2>/dev/null ||
			die "missing packages (run as root, or with sudo, or install): ${missing[*]}"
		sudo=(sudo -n env DEBIAN_FRONTEND=noninteractive)
	fi
	say "installing: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	for try in 1 2 3; do
		"${sudo[@]}" apt-get install -y --no-install-recommends \
			-o DPkg::Lock::Timeout=600 "${missing[@]}" >>"$var/log/apt.log" 2>&1 && return 0
		say "apt-get install failed (try $try); updating the package lists"
		"${sudo[@]}" apt-get update -o DPkg::Lock::Timeout=600 >>"$var/log/apt.log" 2>&1 || sleep 5
	done
	tail -30 "$var/log/apt.log" >&2
	df -h "$var" /var/cache/apt 2>/dev/null >&2
	die "apt-get install failed; see $var/log/apt.log"
}

RUN_PACKAGES="build-essential autoconf automake libtool pkg-config libfcgi-dev
	libmariadb-dev libxml2-dev libssl-dev check mariadb-server mariadb-client
	libcurl4-openssl-dev libjson-c-dev libxlsxwriter-dev zlib1g-dev libseccomp-dev
	nginx curl ca-certificates python3 libcrack2-dev cracklib-runtime"

# 0 if process $1 runs. A zombie does not: a daemon's parent is init once
# its starter exits, and some inits reap only every few seconds.
running() {
	local s
	kill -0 "$1" 2>/dev/null && read -r s <"/proc/$1/stat" 2>/dev/null || return 1
	s=${s##*) }
	[ "${s%% *}" != Z ]
}

# The pid in pidfile if that process runs.
pid_of() { local p; [ -s "$1" ] && read -r p <"$1" && [ -n "$p" ] && running "$p" && echo "$p"; }

# Stop process $1 with SIGTERM (it drains), waiting up to 40 s.
stop_pid() {
	local i
	kill -TERM "$1" 2>/dev/null || return 0
	for i in $(seq 400); do running "$1" || return 0; sleep 0.1; done
	kill -KILL "$1" 2>/dev/null || true
}

# Stop the process of pidfile $1.
stop_pidfile() {
	local pid
	pid=$(pid_of "$1") && stop_pid "$pid"
	rm -f "$1"
}

# The value of key $1 in $SME_CONFIG (the last one), or nothing.
conf_value() {
	sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*//p" "$SME_CONFIG" 2>/dev/null | tail -n 1
}

# 0 if process $1 holds a listening TCP socket (a master with <name>_listen:
# its port is open beside the old master's, SO_REUSEPORT).
listens_tcp() {
	local f l inodes=()
	for f in /proc/"$1"/fd/*; do
		l=$(readlink "$f" 2>/dev/null) || continue
		case $l in socket:\[*) l=${l#socket:[}; inodes+=("${l%]}") ;; esac
	done
	[ ${#inodes[@]} -gt 0 ] || return 1
	awk -v want=" ${inodes[*]} " '$4 == "0A" && index(want, " " $10 " ") { found = 1 }
		END { exit !found }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# Start a new master of handler $1 and wait until its socket is in place,
# then write its pidfile and stop the old master, which drains what it
# already accepted: nginx always finds a socket (worker.c renames its own
# over the old one). 1 if the new master did not start.
start_master() {
	local h=$1 old new before now i tcp
	old=$(pid_of "$var/run/$h.pid" || true)
	before=$(stat -c %i "$var/run/$h.sock" 2>/dev/null || true)
	tcp=$(conf_value "${h}_listen")
	setsid "$build/$h" -c "$SME_CONFIG" >>"$var/log/$h.log" 2>&1 </dev/null &
	new=$!
	for i in $(seq 100); do
		if [ -n "$tcp" ]; then
			listens_tcp "$new" && break
		else
			now=$(stat -c %i "$var/run/$h.sock" 2>/dev/null || true)
			[ -n "$now" ] && [ "$now" != "$before" ] && break
		fi
		kill -0 "$new" 2>/dev/null || { say "$h did not start; see $var/log/$h.log"; return 1; }
		sleep 0.05
	done
	echo "$new" >"$var/run/$h.pid"
	[ -z "$old" ] || stop_pid "$old"
}

# Start a new SMS dispatcher, then stop the old one (it finishes the
# message it is sending); claims in the database keep two dispatchers
# from sending one message.
start_smsd() {
	local old new
	old=$(pid_of "$var/run/sme-smsd.pid" || true)
	setsid "$build/sme-smsd" -c "$SME_CONFIG" >>"$var/log/sme-smsd.log" 2>&1 </dev/null &
	new=$!
	sleep 0.2
	kill -0 "$new" 2>/dev/null || { say "sme-smsd did not start; see $var/log/sme-smsd.log"; return 1; }
	echo "$new" >"$var/run/sme-smsd.pid"
	[ -z "$old" ] || stop_pid "$old"
}

# Pids of this stack's handler and sme-smsd processes (masters and
# workers: "$build/<program> -c $SME_CONFIG"), read from /proc without a
# fork a process.
stack_pids() {
	local p a prog
	for p in /proc/[0-9]*; do
		mapfile -d '' -t a 2>/dev/null <"$p/cmdline" || continue
		[ ${#a[@]} -eq 3 ] && [ "${a[1]}" = -c ] && [ "${a[2]}" = "$SME_CONFIG" ] || continue
		prog=${a[0]#"$build/"}
		case " $HANDLERS sme-smsd " in *" $prog "*) echo "${p#/proc/}" ;; esac
	done
}

# End this stack's handler and dispatcher processes other than the pids
# given and their children: workers orphaned by a master that died, and
# masters no pidfile names. SIGTERM, then SIGKILL after 5 s.
stop_strays() {
	local keep=" $* " p ppid strays=() i
	for p in $(stack_pids); do
		ppid=$(awk '{print $4}' "/proc/$p/stat" 2>/dev/null) || continue
		case $keep in *" $p "* | *" $ppid "*) continue ;; esac
		strays+=("$p")
	done
	[ ${#strays[@]} -eq 0 ] && return 0
	say "stopping ${#strays[@]} stray processes: ${strays[*]}"
	for p in "${strays[@]}"; do kill -TERM "$p" 2>/dev/null; done
	for i in $(seq 50); do
		for p in "${strays[@]}"; do running "$p" && break; p=; done
		[ -z "$p" ] && return 0
		sleep 0.1
	done
	for p in "${strays[@]}"; do kill -KILL "$p" 2>/dev/null; done
	return 0
}

# Configure and build into build/ (out of tree), quietly.
build_all() {
	[ -x "$root/configure" ] || (cd "$root" && ./autogen.sh >"$var/log/autogen.log" 2>&1) ||
		die "autogen failed; see $var/log/autogen.log"
	mkdir -p "$build"
	[ -f "$build/Makefile" ] || (cd "$build" && "$root/configure" --enable-werror \
		>"$var/log/configure.log" 2>&1) || die "configure failed; see $var/log/configure.log"
	make -C "$build" -j"$(nproc)" >"$var/log/make.log" 2>&1 ||
		{ tail -30 "$var/log/make.log" >&2; die "build failed; see $var/log/make.log"; }
}
