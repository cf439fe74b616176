# SPDX-License-Identifier: MIT
# t14-provider-update: what every Secret Service provider must do alike (this
# suite runs against gnome-keyring and KeePassXC): an item updated in place,
# never a second one and never a wait on a prompt; text that looks like a
# provider's placeholders ({USERNAME}, {REF:...}) read back as written.
. "$(dirname "$0")/lib.sh"
wipe_keyring

check "a new record, then the same site again: an update, within the keyring bound" sh -c "
	'$LT' record https://update.example/a --email up@update.example >/dev/null &&
	LEAKTRACE_KEYRING_TIMEOUT=10 timeout 30 '$LT' record https://update.example/b --email up@update.example |
		grep -q '^Updated update.example'"
check "the update is one item, not two" items_are 1
check "the page of the update is kept (the secret was replaced)" sh -c "
	'$LT' list --json | jq -e '[.accounts[0].pages[].url] | index(\"https://update.example/b\") != null' >/dev/null"
check "report-login on the updated site finishes" sh -c "
	LEAKTRACE_KEYRING_TIMEOUT=10 timeout 30 '$LT' report-login update.example >/dev/null; [ \$? -ne 124 ]"

title='{USERNAME}'
note='{REF:T@I:00000000000000000000000000000000} {DT_YEAR} {S:x}'
check "a title and a note that look like placeholders are read back as written" sh -c "
	'$LT' record https://braces.example --email b@braces.example --title '$title' --note '$note' >/dev/null &&
	'$LT' record https://braces.example --email b@braces.example --username braces >/dev/null &&
	'$LT' list --json | jq -e --arg t '$title' --arg n '$note' \
		'.accounts[] | select(.site == \"braces.example\") | .title == \$t and .note == \$n' >/dev/null"
check "no brace inside a string is stored raw" sh -c "
	secret-tool search --all xdg:schema org.leaktrace.Account 2>/dev/null | grep '^secret = ' | grep -q 'u007bUSERNAME' &&
	! secret-tool search --all xdg:schema org.leaktrace.Account 2>/dev/null | grep '^secret = ' | grep -q '\"{USERNAME}'"
