# SPDX-License-Identifier: MIT
# t5-keyring-faults: no D-Bus session, no Secret Service, a locked collection,
# a daemon killed mid-session. Each gives a clear code; nothing half-written.
. "$(dirname "$0")/lib.sh"
gnome_keyring_only "it locks the login collection, kills gnome-keyring-daemon and starts a new one"
wipe_keyring

REC_C='{"id":2,"action":"record","url":"https://c.example/","identifiers":[{"kind":"email","value":"c@c.example"}]}'
check "CLI without a D-Bus session exits 3 and says why" sh -c "
	DBUS_SESSION_BUS_ADDRESS=disabled: '$LT' record a.example --email a@a.example 2>&1 >/dev/null | grep -q 'DBUS_SESSION_BUS_ADDRESS=disabled:'
	DBUS_SESSION_BUS_ADDRESS=disabled: '$LT' record a.example --email a@a.example >/dev/null 2>&1; [ \$? -eq 3 ]"
no_bus=$(printf '%s\n' '{"id":1,"action":"ping"}' "$REC_C" | "$NMF" -e |
	DBUS_SESSION_BUS_ADDRESS=disabled: "$LTH" "$ORIGIN" 2>/dev/null | "$NMF" -d)
check "host without a D-Bus session: ping says unavailable, record gets keyring_unavailable" jsons_ok '.[0].result.keyring == "unavailable" and .[1].error.code == "keyring_unavailable" and .[1].error.number == 15' "$no_bus"
check "no Secret Service on the bus: exit 3" exits 3 env DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent "$LT" list
check "nothing was stored while unavailable" items_are 0

"$LT" record a.example --email a@a.example >/dev/null
lock_keyring
check "record into a locked keyring exits 3 with keyring_locked" sh -c "
	'$LT' record b.example --email a@a.example 2>&1 | grep -q 'locked'; '$LT' record b.example --email a@a.example >/dev/null 2>&1; [ \$? -eq 3 ]"
locked=$(host '{"id":1,"action":"ping"}' "$REC_C" '{"id":3,"action":"trace","query":"a@a.example"}')
check "host on a locked keyring: ping locked, record and trace keyring_locked" jsons_ok '[.[0].result.keyring, .[1].error.code, .[2].error.code] == ["locked","keyring_locked","keyring_locked"] and .[1].error.number == 16' "$locked"
check "unlocking brings the records back" restart_unlocked
check "the locked attempts stored nothing" sh -c "'$LT' list --json | jq -e '[.accounts[].site] == [\"a.example\"]'"

# A long-lived host whose daemon dies between requests, then comes back.
daemon_pid=$(session_daemon_pid)
check "this session's keyring daemon is found by its bus name" test -n "$daemon_pid"
killed=$({
	echo '{"id":1,"action":"ping"}'
	sleep 0.3
	# Dead and gone from the bus before the next request, however loaded the machine is.
	kill "$daemon_pid"
	i=0
	while { kill -0 "$daemon_pid" 2>/dev/null || [ -n "$(session_daemon_pid 2>/dev/null)" ]; } && [ "$i" -lt 200 ]; do
		i=$((i + 1)); sleep 0.05
	done
	echo "$REC_C"
	sleep 0.3
	restart_unlocked
	echo '{"id":3,"action":"record","url":"https://c.example/","identifiers":[{"kind":"email","value":"c@c.example"}]}'
} | "$NMF" -e | "$LTH" "$ORIGIN" 2>/dev/null | "$NMF" -d)
check "daemon killed mid-session: a clear error, then the same host recovers" jsons_ok '.[0].ok and (.[1].error.code | test("keyring_unavailable|keyring_locked")) and .[2].ok and .[2].result.created' "$killed"
check "after the crash: exactly the two whole records" sh -c "'$LT' list --json | jq -e '[.accounts[].site] == [\"a.example\",\"c.example\"]'"

# A daemon replaced (a desktop's keyring restarting) under a long-lived host: no request fails.
replaced=$({
	echo '{"id":1,"action":"ping"}'
	sleep 0.3
	restart_unlocked
	echo '{"id":2,"action":"ping"}'
	echo "$REC_C"
} | "$NMF" -e | "$LTH" "$ORIGIN" 2>/dev/null | "$NMF" -d)
check "a replaced daemon: the same host reconnects at once, no request fails" jsons_ok \
	'[.[].ok] == [true,true,true] and .[1].result.keyring == "ok"' "$replaced"
