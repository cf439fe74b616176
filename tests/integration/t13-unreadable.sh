# SPDX-License-Identifier: MIT
# t13-unreadable: keyring items of leaktrace's schemas whose secret is not a
# record are counted by list and trace, named by doctor and removed by forget,
# never skipped in silence.
. "$(dirname "$0")/lib.sh"
wipe_keyring
secret-tool clear xdg:schema org.leaktrace.Incident 2>/dev/null

"$LT" record https://unread.example/join --email un@unread-mail.example >/dev/null
# the keyed attributes of the good item, as stored
attrs=$(secret-tool search --all xdg:schema org.leaktrace.Account 2>&1 | awk '
	/^\[/ { n++ } n == 1 && /^attribute\.(site_h|email_h) = / { sub(/^attribute\./, ""); sub(/ = /, " "); print }')
site_h=$(printf '%s\n' "$attrs" | awk '$1 == "site_h" { print $2 }')
email_h=$(printf '%s\n' "$attrs" | awk '$1 == "email_h" { print $2 }')
check "the good item's keyed attributes are read" test -n "$site_h" -a -n "$email_h"
# An item on the same site and email whose secret is not JSON (a program of the user's wrote it;
# its phone_h keeps secret-tool from replacing the good item).
printf '%s' 'this is not JSON {' | secret-tool store --label='leaktrace: account' xdg:schema org.leaktrace.Account \
	site_h "$site_h" email_h "$email_h" phone_h 1111111111111111111111111111111111111111111111111111111111111111
printf '%s' '[not json' | secret-tool store --label='leaktrace: incidents' xdg:schema org.leaktrace.Incident \
	phone_h 0000000000000000000000000000000000000000000000000000000000000000
"$LT" record other-unread.example --email un@unread-mail.example >/dev/null
check "the keyring holds the two good records and the bad one" items_are 3

check "list counts the unreadable item in a warning" sh -c "
	'$LT' list 2>&1 >/dev/null | grep -q '1 leaktrace keyring item holds no readable record'"
check "list --json counts it" sh -c "'$LT' list --json 2>/dev/null | jq -e '.total == 2 and .unreadable == 1'"
check "trace counts it in a warning" sh -c "
	'$LT' trace un@unread-mail.example 2>&1 >/dev/null | grep -q '1 leaktrace keyring item holds no readable record'"
check "trace --json counts it" sh -c "'$LT' trace un@unread-mail.example --json 2>/dev/null | jq -e '(.matches | length) == 2 and .unreadable == 1'"
bad_path=$(secret-tool search --all xdg:schema org.leaktrace.Account 2>/dev/null | awk '/^\[/ { p = $0 } /^secret = this is not JSON/ { print p }' | tr -d '[]')
check "doctor names the unreadable items by path and schema" sh -c "
	out=\$('$LT' doctor 2>&1); printf '%s' \"\$out\" | grep -q '2 items hold no readable record' &&
	printf '%s' \"\$out\" | grep -q '$bad_path (org.leaktrace.Account)' && printf '%s' \"\$out\" | grep -q 'org.leaktrace.Incident'"
check "forget SITE removes the unreadable item of that site and says so" sh -c "
	'$LT' forget 'unread.example' --yes | grep -q 'Forgot 1 record of unread.example and 1 unreadable item'"
check "the unreadable item is gone, the other site's record kept" sh -c "
	[ \$(secret-tool search --all xdg:schema org.leaktrace.Account site_h '$site_h' 2>/dev/null | grep -c '^\\[') -eq 0 ] &&
	'$LT' list --json 2>/dev/null | jq -e '.total == 1 and .unreadable == 0'"
check "list no longer warns" sh -c "[ -z \"\$('$LT' list 2>&1 >/dev/null)\" ]"
secret-tool clear xdg:schema org.leaktrace.Incident 2>/dev/null
