# SPDX-License-Identifier: MIT
# t2-host: the browser's side -- framed requests to the real leaktrace-host.
. "$(dirname "$0")/lib.sh"
wipe_keyring

ping=$(host '{"id":1,"action":"ping"}')
check "ping answers with version, protocol and keyring state" json_ok \
	'.id == 1 and .ok and .result.protocol == 1 and .result.keyring == "ok" and (.result.version | length > 0)' "$ping"

rec='{"id":"r1","action":"record","url":"https://www.shop-c.test/join?ref=abc#top","title":"加入 Shop C","capture":"signup","identifiers":[{"kind":"phone","value":"139 1234 5678"},{"kind":"email","value":"Alice@Example.ORG"}]}'
out=$(host "$rec")
check "record stores a new account" json_ok \
	'.id == "r1" and .ok and .result.created and .result.account.site == "shop-c.test" and .result.account.url == "https://www.shop-c.test/join"' "$out"
check "the normalised identifiers are in the record" json_ok \
	'[.result.account.identifiers[] | .normalized] == ["alice@example.org","+8613912345678"]' "$out"

# One long-lived pipe, as connectNative uses it: many requests, answered in order.
many=$(host "$rec" \
	'{"id":2,"action":"record","url":"https://login.shop-c.test/","capture":"login","identifiers":[{"kind":"email","value":"alice@example.org"}]}' \
	'{"id":3,"action":"site","site":"https://shop-c.test/anything"}' \
	'{"id":4,"action":"trace","query":"+86 139-1234-5678"}' \
	'{"id":5,"action":"list","limit":10}')
check "a long-lived pipe answers every request in order" jsons_ok '[.[].id] == ["r1",2,3,4,5] and all(.[]; .ok)' "$many"
check "recording again merged: one account with both captures" jsons_ok '.[2].result.accounts | length == 1 and (.[0].captures == ["signup","login"])' "$many"
check "trace through the host finds the site" jsons_ok '.[3].result.matches[0].site == "shop-c.test" and .[3].result.normalized == "+8613912345678"' "$many"
check "list through the host pages" jsons_ok '.[4].result.total == 1 and .[4].result.offset == 0' "$many"
check "the keyring holds one item for that account" items_are 1
check "a later login keeps the signup page, its title and capture; the login page is kept beside it, once" jsons_ok \
	'.[2].result.accounts[0] | .url == "https://www.shop-c.test/join" and .title == "加入 Shop C" and .capture == "signup" and
	([.pages[] | [.url, .capture, .title]] == [["https://login.shop-c.test/", "login", null]]) and .pages[0].at >= .first_seen' "$many"

check "a frame from a Firefox caller is served" sh -c "
	printf '%s\n' '{\"id\":9,\"action\":\"ping\"}' | '$NMF' -e |
	'$LTH' /usr/lib/mozilla/native-messaging-hosts/org.leaktrace.host.json leaktrace@leaktrace 2>/dev/null |
	'$NMF' -d | jq -e '.id == 9 and .ok'"
check "an unknown extension is refused with forbidden_caller" sh -c "
	printf '%s\n' '{\"id\":9,\"action\":\"ping\"}' | '$NMF' -e | '$LTH' chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/ 2>/dev/null |
	'$NMF' -d | jq -e '.ok == false and .error.code == \"forbidden_caller\" and .error.number == 8'"
check "no caller at all is refused" sh -c "
	printf '%s\n' '{\"id\":9,\"action\":\"ping\"}' | '$NMF' -e | '$LTH' 2>/dev/null | '$NMF' -d | jq -e '.error.code == \"forbidden_caller\"'"
check "LEAKTRACE_ALLOWED_EXTENSIONS admits another ID" sh -c "
	printf '%s\n' '{\"id\":9,\"action\":\"ping\"}' | '$NMF' -e |
	LEAKTRACE_ALLOWED_EXTENSIONS=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb '$LTH' chrome-extension://bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb/ 2>/dev/null |
	'$NMF' -d | jq -e '.ok'"

# The host must exit on EOF, not linger: the browser kills one that does. The bound catches a
# host that waits on something; it is no speed figure (make bench has those), so it leaves room
# for a sanitizer build on a busy machine (1.2 s seen under ASan at load 20).
exit_time() {
	start=$(date +%s%N)
	printf '%s\n' '{"id":1,"action":"ping"}' | "$NMF" -e | "$LTH" "$ORIGIN" >/dev/null 2>&1
	end=$(date +%s%N)
	ms=$(((end - start) / 1000000))
	[ "$ms" -lt 5000 ] || { echo "the host took $ms ms to exit after EOF"; return 1; }
}
check "the host exits on EOF (within 5 s, start and a ping included)" exit_time
check "nothing but frames on stdout: every byte decodes as frames" sh -c "
	printf '%s\n' '{\"id\":1,\"action\":\"ping\"}' 'not json' '{\"id\":2,\"action\":\"list\"}' | '$NMF' -e |
	'$LTH' '$ORIGIN' 2>/dev/null | '$NMF' -d | jq -s -e 'length == 3'"
