# SPDX-License-Identifier: MIT
# t14-big-answers: many accounts sharing one password, through leaktrace-host as
# the browser talks to it. The browser refuses a host message over 1 MB; every
# list-shaped answer comes a page at a time (limit, offset, total), so rotate,
# trace, list, site and report_login keep working however many accounts there are.
# N is 800 accounts with 1,000-byte titles (an unpaged rotate answer is then
# over 1 MB), 5,000 with LEAKTRACE_TEST_BIG=1 (make check).
. "$(dirname "$0")/lib.sh"
gnome_keyring_only "it fills gnome-keyring's in-memory session collection (KeePassXC has none)"
N=${LEAKTRACE_TEST_ACCOUNTS:-800}
[ "${LEAKTRACE_TEST_BIG:-}" = 1 ] && N=5000
work="$LEAKTRACE_TEST_HOME/t12"
mkdir -p "$work"

# The accounts go to gnome-keyring's in-memory session collection (made the
# default for this file, restored at its end): the login collection rewrites its
# file on every write, which at thousands of items is minutes of disk, not of leaktrace.
set_default() {
	dbus-send --session --dest=org.freedesktop.secrets --print-reply /org/freedesktop/secrets \
		org.freedesktop.Secret.Service.SetAlias string:default "objpath:/org/freedesktop/secrets/collection/$1" >/dev/null
}
wipe_keyring
set_default session

title=$(printf '%01000d' 0 | tr 0 T)
awk -v n="$N" -v t="$title" 'BEGIN { for (i = 1; i <= n; i++)
	printf "{\"id\":%d,\"action\":\"record\",\"url\":\"https://www.shop%05d.example/signup\",\"title\":\"%s\",\"identifiers\":[{\"kind\":\"phone\",\"value\":\"+8613900001111\"}],\"capture\":\"signup\",\"password\":\"one-password-everywhere\"}\n", i, i, t }' >"$work/feed"
"$NMF" -e <"$work/feed" | "$LTH" "$ORIGIN" 2>>"$HOST_LOG" | "$NMF" -d >"$work/fed"
check "$N accounts sharing one password are recorded through the host" test "$(grep -c '"ok":true' "$work/fed")" = "$N"

# ask REQUEST...: the answers, one a line, in $work/answers
ask() { printf '%s\n' "$@" | "$NMF" -e | "$LTH" "$ORIGIN" 2>>"$HOST_LOG" | "$NMF" -d >"$work/answers"; }
line() { sed -n "${1}p" "$work/answers"; }
# answer_is N JQ_FILTER: answer N is under 1 MB and the filter holds
answer_is() {
	[ "$(line "$1" | wc -c)" -lt 1000000 ] || { echo "answer $1 is $(line "$1" | wc -c) bytes"; return 1; }
	json_ok "$2" "$(line "$1")"
}

ask '{"id":1,"action":"rotate"}' \
	'{"id":2,"action":"rotate","offset":'$((N - 10))',"limit":100}' \
	'{"id":3,"action":"rotate","limit":1000}' \
	'{"id":4,"action":"trace","query":"+8613900001111"}' \
	'{"id":5,"action":"trace","query":"+8613900001111","offset":25,"limit":50}' \
	'{"id":6,"action":"list","order":"recent","limit":5}' \
	'{"id":7,"action":"site","site":"https://www.shop00001.example/","limit":1}'
check "rotate answers a page of 100 under 1 MB, counting all $N" answer_is 1 \
	".ok and .result.count == $N and .result.total == $N and .result.offset == 0 and (.result.due | length) == 100"
check "rotate's last page holds the last 10" sh -c "
	sed -n 2p '$work/answers' | jq -e '.ok and .result.offset == $((N - 10)) and (.result.due | length) == 10'"
check "a page still over 1 MB is refused as too large, asking for fewer, not blaming the input" sh -c "
	sed -n 3p '$work/answers' | jq -e '(.ok | not) and .error.code == \"too_large\" and (.error.message | contains(\"limit\")) and
		(.error.message | contains(\"input\") | not)'"
check "trace answers a page of 100 under 1 MB, with the total" answer_is 4 \
	".ok and .result.total == $N and (.result.matches | length) == 100 and .result.verdict != null"
check "trace's pages follow each other" sh -c "
	a=\$(sed -n 4p '$work/answers' | jq -c '[.result.matches[25:75][].site]');
	b=\$(sed -n 5p '$work/answers' | jq -c '[.result.matches[].site]'); [ \"\$a\" = \"\$b\" ] && [ \"\$a\" != '[]' ]"
check "list pages the most recent first, with the total" sh -c "
	sed -n 6p '$work/answers' | jq -e '.ok and .result.total == $N and (.result.accounts | length) == 5 and
		([.result.accounts[].last_seen] | . == (sort | reverse))'"
check "site answers with its total" sh -c "sed -n 7p '$work/answers' | jq -e '.ok and .result.total == 1 and .result.site == \"shop00001.example\"'"

ask '{"id":8,"action":"report_login","site":"https://www.shop00001.example/"}' \
	'{"id":9,"action":"rotate","site":"shop00002.example","limit":10}'
check "report_login answers under 1 MB: its site's rotations, a page of them, and the count of all" answer_is 1 \
	".ok and .result.count == $N and .result.total == $N and (.result.due | length) == 100 and
	([.result.due[] | select(.site == \"shop00001.example\" or .because_of == \"shop00001.example\")] | length) == 100"
check "rotate for one site: its own rotation" sh -c "
	sed -n 2p '$work/answers' | jq -e '.ok and .result.total == 1 and .result.due[0].site == \"shop00002.example\"'"

secret-tool clear xdg:schema org.leaktrace.Account 2>/dev/null
secret-tool clear xdg:schema org.leaktrace.Incident 2>/dev/null
set_default login
