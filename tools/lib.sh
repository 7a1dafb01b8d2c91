# tools/lib.sh - what tools/up, tools/down and tools/test share: paths,
# package installation, and starting or stopping one program.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
var=$(realpath -m "${SME_VAR:-$root/var}")
build=$(realpath -m "${SME_BUILD:-$root/build}")
port=${SME_PORT:-8080}
export SME_VAR=$var SME_PORT=$port
export SME_CONFIG=$var/sme.conf
HANDLERS="sme-account sme-sms sme-recover sme-filing sme-title sme-review sme-upload sme-eval"

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
	libcurl4-openssl-dev libjson-c-dev libxlsxwriter-dev zlib1g-dev
	nginx curl ca-certificates python3 libcrack2-dev cracklib-runtime"

# The pid in pidfile if that process runs.
pid_of() { local p; [ -s "$1" ] && p=$(cat "$1") && kill -0 "$p" 2>/dev/null && echo "$p"; }

# Stop process $1 with SIGTERM (it drains), waiting up to 40 s.
stop_pid() {
	local i
	kill -TERM "$1" 2>/dev/null || return 0
	for i in $(seq 400); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
	kill -KILL "$1" 2>/dev/null || true
}

# Stop the process of pidfile $1.
stop_pidfile() {
	local pid
	pid=$(pid_of "$1") && stop_pid "$pid"
	rm -f "$1"
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
