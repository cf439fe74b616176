# SPDX-License-Identifier: MIT
# t20-round-trips: what `leaktrace trace` asks the Secret Service, counted on
# the bus (dbus-monitor), not timed: the attribute key (one search, one read),
# then every search the trace needs sent together and one read of every item
# they found (lt_keyring_prefetch); no question about who provides the
# service (only a write needs that). A regression here is a slower trace at
# any store size (make bench measures how much).
. "$(dirname "$0")/lib.sh"
wipe_keyring
export LEAKTRACE_REGION=CN
for i in 1 2 3; do "$LT" record "shop-rt$i.example" --phone 13800138077 >/dev/null 2>&1; done
"$LT" record shop-rt4.example --email rt@mail.example >/dev/null 2>&1
"$LT" incident add 13800138077 --kind call --from 13900000000 --at 2026-01-02T03:04:05Z --yes >/dev/null 2>&1

mon="$LEAKTRACE_TEST_HOME/t20-monitor"
# calls from one run of the command, one member name per line. A marker call
# (GetId) before and after it: the monitor is listening before the command
# starts, and everything it saw is written before it is stopped.
marker() { dbus-send --session --dest=org.freedesktop.DBus --print-reply / org.freedesktop.DBus.GetId >/dev/null; }
seen_markers() { # seen_markers N: wait (up to 10 s) until the monitor has written N markers
	i=0
	until [ "$(grep -c 'member=GetId' "$mon")" -ge "$1" ] || [ $i -ge 100 ]; do marker; sleep 0.1; i=$((i + 1)); done
}
calls() {
	: >"$mon"
	dbus-monitor --session "type='method_call'" >"$mon" 2>/dev/null &
	m=$!
	seen_markers 1
	"$@" >/dev/null 2>&1
	seen_markers "$(($(grep -c 'member=GetId' "$mon") + 1))"
	kill "$m" 2>/dev/null
	wait "$m" 2>/dev/null
	# GetConnectionUnixProcessID about the service's own name is leaktrace asking
	# who provides it (KeePassXC asks it about its clients: not counted)
	awk '/member=/ { sub(/.*member=/, ""); m = $1; print m; next }
		m == "GetConnectionUnixProcessID" && /string "org.freedesktop.secrets"/ { print "AskProvider" }
		{ m = "" }' "$mon"
}

c=$(calls "$LT" trace 13800138077)
check "trace of a national number: 2 reads (the key, then every item found at once)" test "$(printf '%s\n' "$c" | grep -cx GetSecrets)" = 2
check "... and 5 searches: the key, then the number, its digits, its incidents and the breach catalogue" \
	test "$(printf '%s\n' "$c" | grep -cx SearchItems)" = 5
check "... and no question about the provider (asked before a first write only)" sh -c "! printf '%s\n' '$c' | grep -qx AskProvider"
check "... and the answer is whole: three sites and the incident" sh -c "
	'$LT' trace 13800138077 --json | jq -e '(.matches | length) == 3 and .cutoff.source == \"incident\"'"
c=$(calls "$LT" trace rt@mail.example)
check "trace of an email: 2 reads (the key, then every item found at once)" test "$(printf '%s\n' "$c" | grep -cx GetSecrets)" = 2
c=$(calls "$LT" record shop-rt5.example --phone 13800138077)
check "a record asks who provides the service, once, before it writes" test "$(printf '%s\n' "$c" | grep -cx AskProvider)" = 1
