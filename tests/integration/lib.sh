# SPDX-License-Identifier: MIT
# lib.sh: what every integration test script shares, in the manner of git's t/.
# Tests drive the real binaries against the real (throwaway) keyring that
# scripts/keyring-session started; each `check` prints ok/not ok and counts.
set -u

: "${BUILD:?}" "${RESULTS:?}"
LT="$BUILD/leaktrace"
LTH="$BUILD/leaktrace-host"
NMF="$BUILD/tests/nmframe"
ORIGIN="chrome-extension://mfbhmookfccdhiccgdjdakbinbdgblde/"
HOST_LOG="${LEAKTRACE_TEST_HOME:-/tmp}/host-stderr.log"
SCRIPT_NAME=$(basename "$0" .sh)
export LEAKTRACE_REGION=CN

# check DESCRIPTION COMMAND [ARG...]: run the command; its exit status is the verdict.
check() {
	desc=$1
	shift
	_check_out=$("$@" 2>&1)
	if [ $? -eq 0 ]; then
		echo "ok - $SCRIPT_NAME: $desc"
		echo pass >>"$RESULTS"
	else
		echo "not ok - $SCRIPT_NAME: $desc"
		printf '%s\n' "$_check_out" | sed 's/^/#   /' | head -20
		echo fail >>"$RESULTS"
	fi
}

# Helpers that tests combine inside check:
exits() { # exits CODE COMMAND...: the command exits with CODE
	want=$1
	shift
	"$@" >/dev/null 2>&1
	got=$?
	[ "$got" -eq "$want" ] || { echo "expected exit $want, got $got: $*"; return 1; }
}
json_ok() { # json_ok JQ_FILTER JSON_TEXT: the filter yields true (jq -e passes on empty input, so that fails first)
	[ -n "$2" ] || { echo "jq '$1': nothing to check (empty output)"; return 1; }
	printf '%s' "$2" | jq -e "$1" >/dev/null || { echo "jq '$1' failed on: $2"; return 1; }
}
has() { # has NEEDLE HAYSTACK
	case "$2" in *"$1"*) return 0 ;; esac
	echo "'$1' not found in: $2"
	return 1
}
hasnt() {
	case "$2" in *"$1"*) echo "'$1' unexpectedly found in: $2"; return 1 ;; esac
	return 0
}

# host REQUEST...: send each JSON request through one host process; print responses, one a line.
host() {
	printf '%s\n' "$@" | "$NMF" -e | "$LTH" "$ORIGIN" 2>>"$HOST_LOG" | "$NMF" -d
}

# How many leaktrace items the keyring holds, counted by secret-tool, not by leaktrace.
item_count() {
	secret-tool search --all xdg:schema org.leaktrace.Account 2>/dev/null | grep -c '^\[' || true
}

wipe_keyring() {
	secret-tool clear xdg:schema org.leaktrace.Account 2>/dev/null || true
}
wipe_all() { # every leaktrace item: accounts, aliases, incidents, settings and keys
	wipe_keyring
	for schema in Alias Incident Setting Key; do secret-tool clear xdg:schema "org.leaktrace.$schema" 2>/dev/null; done
	return 0
}
items_are() { # items_are N: the keyring holds exactly N leaktrace items
	got=$(item_count)
	[ "$got" = "$1" ] || { echo "expected $1 leaktrace items in the keyring, found $got"; return 1; }
}
jsons_ok() { # jsons_ok JQ_FILTER TEXT: the filter yields true over the array of JSON lines in TEXT
	printf '%s\n' "$2" | jq -s -e "$1" >/dev/null || { echo "jq -s '$1' failed on: $2"; return 1; }
}

# gnome_keyring_only REASON: the rest of this script needs gnome-keyring itself
# (its file, its daemon, its login collection); under another provider it is
# skipped, and says so.
gnome_keyring_only() {
	[ "${LEAKTRACE_PROVIDER:-gnome-keyring}" = gnome-keyring ] && return 0
	echo "skip - $SCRIPT_NAME: not run against $LEAKTRACE_PROVIDER: $1"
	exit 0
}

# The keyring of this session: lock it, find its daemon, replace it unlocked.
lock_keyring() {
	dbus-send --session --dest=org.freedesktop.secrets --print-reply /org/freedesktop/secrets \
		org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null
}
session_daemon_pid() { # the gnome-keyring-daemon serving this session's bus, and no other
	dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.GetConnectionUnixProcessID \
		string:org.freedesktop.secrets | awk '/uint32/ {print $2}'
}
restart_unlocked() { # a new daemon replaces the old one and unlocks the login keyring
	printf '%s' "$LEAKTRACE_KEYRING_PASSWORD" |
		gnome-keyring-daemon --replace --unlock --components=secrets >/dev/null 2>&1
	i=0
	until "$LT" list >/dev/null 2>&1 || [ $? -eq 1 ]; do
		i=$((i + 1)); [ "$i" -lt 50 ] || return 1; sleep 0.1
	done
}
