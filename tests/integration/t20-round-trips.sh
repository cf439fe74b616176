# SPDX-License-Identifier: MIT
# t20-round-trips: what `leaktrace trace` asks the Secret Service, counted on
# the bus (dbus-monitor), not timed: every search the trace needs sent together
# and one read of every item they found (lt_keyring_prefetch), with the
# attribute key from the kernel's cache (keycache.h) once a call has read it;
# without the cache, one more search and read for the key. No question about
# who provides the service (only a write needs that). A cached key that is no
# longer the keyring's never gives a wrong answer, and a locked keyring drops
# it. A regression here is a slower or a wrong trace at any store size (make
# bench measures how much).
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

count() { printf '%s\n' "$1" | grep -cx "$2"; }
"$LT" trace 13800138077 >/dev/null 2>&1 # the key is in the kernel's cache from here on
c=$(calls "$LT" trace 13800138077)
check "trace of a national number: 1 read (every item found, at once; the key from the cache)" test "$(count "$c" GetSecrets)" = 1
# (the provider compares every item per search: the number's accounts and its
# incidents, stored under the same attribute, are found in one pass)
check "... and 3 searches: the number with its incidents, its digits and the breach index" test "$(count "$c" SearchItems)" = 3
check "... and no question about the provider (asked before a first write only)" sh -c "! printf '%s\n' '$c' | grep -qx AskProvider"
# The searches go out before the session is opened (its Diffie-Hellman
# exchange is done while the provider searches: keyring.c, search_all).
check "... and the 3 searches go out before the session is opened" sh -c "
	printf '%s\n' '$c' | awk '/^SearchItems\$/ { s++ } /^OpenSession\$/ { print s; exit }' | grep -qx 3"
check "... and the answer is whole: three sites and the incident" sh -c "
	'$LT' trace 13800138077 --json | jq -e '(.matches | length) == 3 and .cutoff.source == \"incident\"'"
c=$(calls "$LT" trace rt@mail.example)
check "trace of an email: 1 read" test "$(count "$c" GetSecrets)" = 1
c=$(LEAKTRACE_KEY_CACHE=0 calls "$LT" trace 13800138077)
check "with LEAKTRACE_KEY_CACHE=0: 2 reads (the key, then every item found at once)" test "$(count "$c" GetSecrets)" = 2
check "... and 4 searches (the key's, then the same three)" test "$(count "$c" SearchItems)" = 4
# An item on the number that is neither an account nor an incident log (its
# secret is not JSON): nothing is sorted by a guess; the trace's finds search
# on their own, and it is counted, the sites and the incident still found.
key=$(secret-tool lookup xdg:schema org.leaktrace.Key purpose attr | jq -r .key)
phone_h=$(node -e 'process.stdout.write(require("crypto").createHmac("sha256", Buffer.from(process.argv[1], "hex"))
	.update(process.argv[2] + "\0" + process.argv[3]).digest("hex"))' "$key" phone +8613800138077)
check "the attribute key is read from the keyring" test "${#key}" = 64
odd_site_h=$(printf '%064d' 7)
printf '%s' 'neither {' | secret-tool store --label='leaktrace: account' xdg:schema org.leaktrace.Account \
	phone_h "$phone_h" site_h "$odd_site_h"
check "an unreadable item on the number: the trace still gives the three sites and the incident, and counts it" sh -c "
	'$LT' trace 13800138077 --json 2>/dev/null | jq -e '(.matches | length) == 3 and .unreadable == 1 and .cutoff.source == \"incident\"'"
c=$(calls "$LT" trace 13800138077)
check "... its searches made again one by one (3 together, then each find's 4)" test "$(count "$c" SearchItems)" = 7
secret-tool clear xdg:schema org.leaktrace.Account site_h "$odd_site_h"

# An import of a few sites reads their accounts alone (account_batch.h), not
# every account: the items it reads are that site's one account (read again
# under the lock, to merge) and the keys it needs (the password key exists
# when an earlier script stored a password), never the other 13 accounts.
for i in 10 11 12 13 14 15 16 17 18 19; do "$LT" record "shop-rt$i.example" --email "rt$i@mail.example" >/dev/null 2>&1; done
csv="$LEAKTRACE_TEST_HOME/t20-one.csv"
printf '%s\n' '"url","username","password","httpRealm","formActionOrigin","guid","timeCreated","timeLastUsed","timePasswordChanged"' \
	'"https://shop-rt4.example/login","rt@mail.example","pw","","","{t20}","1600000000000","",""' >"$csv"
calls "$LT" accounts import "$csv" >/dev/null
read_paths=$(awk '/member=/ { g = /member=GetSecrets/; next } g && /object path "\/org\/freedesktop\/secrets\/collection/' "$mon" | sort -u | wc -l)
check "an import of one site reads at most 3 items (its account, the keys), not the 14 accounts" test "$read_paths" -le 3
check "... and it merged into that account (the password fingerprint, nothing added)" sh -c "
	'$LT' accounts import '$csv' --json | jq -e '.added == 0 and .unchanged == 1' >/dev/null"

# The keyring gets a new key behind the cache's back (everything wiped, then a
# record by a leaktrace that cannot use the cache, as in a sandbox that refuses
# the kernel's keyring): the stale key finds nothing, so the keyring's own key
# is read and the search asked again. The right answer, and the cache renewed.
wipe_all
LEAKTRACE_KEY_CACHE=0 "$LT" record shop-new.example --phone 13800138066 --email new@mail.example >/dev/null 2>&1
check "a stale cached key: trace still finds the site" sh -c "
	'$LT' trace new@mail.example --json | jq -e '[.matches[].site] == [\"shop-new.example\"]' >/dev/null"
c=$(calls "$LT" trace 13800138066)
check "... and the cache holds the new key (1 read again)" test "$(count "$c" GetSecrets)" = 1
check "a number nobody has: still exit 1, after the keyring's own key said so" exits 1 "$LT" trace 13800138055
# the same behind a command that searches once: forget finds the site's one record
wipe_all
LEAKTRACE_KEY_CACHE=0 "$LT" record shop-one.example --email one@mail.example >/dev/null 2>&1
check "a stale cached key: forget still finds and deletes the record" sh -c "
	'$LT' forget shop-one.example --yes >/dev/null && [ \"\$(secret-tool search --all xdg:schema org.leaktrace.Account 2>/dev/null | grep -c '^\[')\" = 0 ]"
c=$(calls "$LT" record shop-rt5.example --phone 13800138077)
check "a record asks who provides the service, once, before it writes" test "$(count "$c" AskProvider)" = 1

# The cached key: in the kernel's keyring (/proc/keys lists what this user may
# see), named after this session bus, readable by its possessor only, expiring;
# and a locked keyring drops it.
gnome_keyring_only "locks and replaces the gnome-keyring daemon"
cache_name="leaktrace:attr-key:$(printf '%s' "$DBUS_SESSION_BUS_ADDRESS" | sha256sum | cut -c1-16):"
cached() { awk -v d="$cache_name" '$9 == d && $2 !~ /i/' /proc/keys; } # valid (not invalidated) entries
"$LT" trace 13800138066 >/dev/null 2>&1
check "the key is cached in the kernel's keyring after a trace" test -n "$(cached)"
check "... readable by its possessor only (others of the user may only see it), with a time-out" sh -c "
	printf '%s\n' '$(cached)' | awk '\$5 == \"3f010000\" && \$4 ~ /^[1-5]m\$/ { ok = 1 } END { exit !ok }'"
lock_keyring
check "a trace with the keyring locked fails (exit 3)" exits 3 "$LT" trace 13800138066
check "... and the cached key is gone from the kernel" test -z "$(cached)"
restart_unlocked
