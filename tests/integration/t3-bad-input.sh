# SPDX-License-Identifier: MIT
# t3-bad-input: what a broken or hostile caller sends gets an error, and the
# host keeps serving (or exits cleanly when the stream itself is broken).
. "$(dirname "$0")/lib.sh"
wipe_keyring

deep=$(printf '%0.s[' $(seq 1 5000))
long_value=$(printf '%0.sx' $(seq 1 300))
stream=$(host \
	'not json at all' \
	'[1,2,3]' \
	'{"id":1}' \
	'{"id":2,"action":"explode"}' \
	"$deep" \
	'{"id":3,"action":"record"}' \
	'{"id":4,"action":"record","url":"javascript:alert(1)","identifiers":[{"kind":"email","value":"a@b.example"}]}' \
	'{"id":5,"action":"record","url":"https://x.example/","identifiers":[]}' \
	'{"id":6,"action":"record","url":"https://x.example/","identifiers":"a@b.example"}' \
	"{\"id\":7,\"action\":\"record\",\"url\":\"https://x.example/\",\"identifiers\":[{\"kind\":\"username\",\"value\":\"$long_value\"}]}" \
	'{"id":8,"action":"record","url":"https://x.example/","identifiers":[{"kind":"phone","value":"12"}]}' \
	'{"id":9,"action":"record","url":"https://x.example/","identifiers":[{"kind":"email","value":"a@b.example"},{"kind":"email","value":"c@d.example"}]}' \
	'{"id":10,"action":"record","url":42,"identifiers":[{"kind":"email","value":"a@b.example"}]}' \
	'{"id":11,"action":"trace"}' \
	'{"id":12,"action":"list","limit":100000}' \
	'{"id":13,"action":"ping"}')
codes=$(printf '%s\n' "$stream" | jq -s -c '[.[] | if .ok then "ok" else .error.code end]')
check "each bad request gets its own error code, then the host still serves" test "$codes" = \
	'["bad_json","bad_request","bad_request","unknown_action","bad_json","bad_request","bad_site","no_identifier","bad_request","too_large","bad_identifier","bad_request","bad_request","bad_request","bad_request","ok"]'
check "ids are echoed on errors" jsons_ok '[.[].id] == [null,null,1,2,null,3,4,5,6,7,8,9,10,11,12,13]' "$stream"
check "no bad request left a record behind" items_are 0

# Invalid UTF-8 inside a string.
bad_utf8() { printf '{"id":1,"action":"ping","x":"\377\376"}\n' | "$NMF" -e | "$LTH" "$ORIGIN" 2>/dev/null | "$NMF" -d; }
check "invalid UTF-8 is refused with bad_utf8 (host)" json_ok '.error.code == "bad_utf8" and .error.number == 4' "$(bad_utf8)"

# Frames the stream cannot survive: the host answers bad_frame and exits, status 1.
over_cap() { printf '\377\377\377\177{}' | "$LTH" "$ORIGIN" 2>/dev/null | "$NMF" -d; }
check "a length over 1 MiB is refused before allocating" json_ok '.error.code == "bad_frame"' "$(over_cap)"
check "the host exits non-zero after a bad frame" sh -c "printf '\377\377\377\177{}' | '$LTH' '$ORIGIN' >/dev/null 2>&1; [ \$? -eq 1 ]"
truncated() { printf '\100\000\000\000{"id":1' | "$LTH" "$ORIGIN" 2>/dev/null | "$NMF" -d; }
check "a truncated frame gets bad_frame" json_ok '.error.code == "bad_frame"' "$(truncated)"
check "a truncated header gets bad_frame" sh -c "printf '\100\000' | '$LTH' '$ORIGIN' 2>/dev/null | '$NMF' -d | jq -e '.error.code == \"bad_frame\"'"
check "an empty stream is a clean exit" sh -c "'$LTH' '$ORIGIN' </dev/null >/dev/null 2>&1"
padded_ping() { # a ping request of exactly $1 bytes, framed
	{
		printf '{"id":1,"action":"ping","p":"'
		head -c $(($1 - 31)) /dev/zero | tr '\000' a
		printf '"}\n'
	} | "$NMF" -e
}
check "a request of exactly 1 MiB is answered" json_ok '.ok' "$(padded_ping 1048576 | "$LTH" "$ORIGIN" 2>/dev/null | "$NMF" -d)"
check "one byte more is refused with bad_frame" json_ok '.error.code == "bad_frame"' \
	"$(padded_ping 1048577 | "$LTH" "$ORIGIN" 2>/dev/null | "$NMF" -d)"

check "the host's log names no identifier" sh -c "! grep -q -e 13912345678 -e a@b.example -e shop-c '$HOST_LOG'"
check "an empty or lone-plus phone query is a bad identifier, not a crash" jsons_ok \
	'[.[].error.code] == ["bad_identifier","bad_identifier"]' \
	"$(host '{"id":1,"action":"trace","query":"","kind":"phone"}' '{"id":2,"action":"trace","query":"+","kind":"phone"}')"
