# SPDX-License-Identifier: MIT
# t11-at-rest: the keyring file names no site and no identifier, not even as an
# unkeyed hash (gnome-keyring keeps an MD5 of every attribute value in the
# clear); a store written in the earlier layout (plain attributes, labels that
# name the site) is converted once and stays searchable.
. "$(dirname "$0")/lib.sh"
gnome_keyring_only "it reads gnome-keyring's keyring file for unkeyed hashes"

plain_attrs() { # how many leaktrace items still carry a plain attribute or a label naming a site
	for schema in Account Incident Alias; do
		secret-tool search --all xdg:schema "org.leaktrace.$schema" 2>&1
	done | grep -c -E '^(attribute\.(site|email|email_box|phone|username|name|tag) =|label = .*\.)' || true
}
old_item() { # old_item SECRET LABEL ATTR VALUE...: an item as leaktrace wrote it before attributes were keyed
	secret=$1 label=$2
	shift 2
	printf '%s' "$secret" | secret-tool store --label="$label" "$@"
}
wipe_all
# As on a machine where only the earlier leaktrace ran, no attribute key is in
# the kernel's cache (keycache.h): a read of the empty keyring drops the one the
# scripts before this one left.
"$LT" trace nobody@rest.example >/dev/null 2>&1

# ---- a store in the earlier layout ------------------------------------------
OLD_ACC='{"version":1,"site":"old-shop.example","url":"https://old-shop.example/join","title":null,"top_site":null,"identifiers":[{"kind":"email","value":"Old.Buyer+shop@old-mail.example","normalized":"old.buyer+shop@old-mail.example"},{"kind":"phone","value":"+86 139 0013 9000","normalized":"+8613900139000"}],"capture":"signup","captures":["signup"],"first_seen":"2026-01-02T03:04:05Z","last_seen":"2026-01-02T03:04:05Z","note":null}'
OLD_ACC2='{"version":1,"site":"old-forum.example","url":null,"title":null,"top_site":null,"identifiers":[{"kind":"username","value":"OldNick","normalized":"oldnick"}],"capture":"manual","captures":["manual"],"first_seen":"2026-02-02T03:04:05Z","last_seen":"2026-02-02T03:04:05Z","note":null}'
OLD_INC='[{"version":1,"id":"0123456789ab","kind":"call","identifier":{"kind":"phone","value":"+8613900139000","normalized":"+8613900139000"},"from":null,"at":"2026-03-01T10:00:00Z","note":null,"recorded":"2026-03-01T10:05:00Z"}]'
OLD_ALIAS='{"version":1,"site":"old-shop.example","tag":"oldtag42","alias":"me+oldtag42@old-mail.example","issued":"2026-01-02T03:04:05Z"}'
old_item "$OLD_ACC" "leaktrace: old-shop.example" xdg:schema org.leaktrace.Account site old-shop.example \
	email old.buyer+shop@old-mail.example email_box oldbuyer@old-mail.example phone +8613900139000
old_item "$OLD_ACC2" "leaktrace: old-forum.example" xdg:schema org.leaktrace.Account site old-forum.example username oldnick
old_item "$OLD_INC" "leaktrace: incidents" xdg:schema org.leaktrace.Incident phone +8613900139000
old_item "$OLD_ALIAS" "leaktrace: alias" xdg:schema org.leaktrace.Alias site old-shop.example tag oldtag42
check "the earlier layout is in place: plain attributes, labels naming sites" test "$(plain_attrs)" -ge 10

check "after the upgrade, list finds the old records" sh -c "
	'$LT' list --json | jq -e '[.accounts[].site] == [\"old-forum.example\",\"old-shop.example\"]'"
check "no item keeps a plain attribute or a label naming a site" test "$(plain_attrs)" -eq 0
check "each item was converted in place, none added or lost" sh -c "
	[ \$(secret-tool search --all xdg:schema org.leaktrace.Account 2>/dev/null | grep -c '^\\[') -eq 2 ] &&
	[ \$(secret-tool search --all xdg:schema org.leaktrace.Incident 2>/dev/null | grep -c '^\\[') -eq 1 ] &&
	[ \$(secret-tool search --all xdg:schema org.leaktrace.Alias 2>/dev/null | grep -c '^\\[') -eq 1 ]"
check "trace finds a converted phone, with its converted incident" sh -c "
	'$LT' trace +8613900139000 --json | jq -e '.matches[0].site == \"old-shop.example\" and .cutoff.source == \"incident\"'"
check "trace finds a converted email through its mailbox attribute" sh -c "
	'$LT' trace oldbuyer@old-mail.example --json | jq -e '[.matches[].site] == [\"old-shop.example\"]'"
check "trace finds a converted username" sh -c "'$LT' trace oldnick --json | jq -e '.matches[0].site == \"old-forum.example\"'"
check "the host's site action finds a converted site" sh -c "
	printf '%s\n' '{\"id\":1,\"action\":\"site\",\"site\":\"https://old-forum.example/x\"}' | '$NMF' -e | '$LTH' '$ORIGIN' 2>/dev/null | '$NMF' -d |
	jq -e '.result.accounts[0].identifiers[0].normalized == \"oldnick\"'"
check "recording into a converted account merges, no duplicate" sh -c "
	'$LT' record old-forum.example --username OLDNICK >/dev/null &&
	[ \$('$LT' list --site old-forum.example --json | jq '.total') -eq 1 ]"
check "a second run converts nothing again (the key's item records it)" sh -c "
	secret-tool search --all xdg:schema org.leaktrace.Key purpose attr 2>/dev/null | grep -q '\"converted\":true'"
check "forget removes a converted site" sh -c "
	'$LT' forget old-forum.example --yes >/dev/null && ! '$LT' list --json | jq -e '.accounts[].site' | grep -q old-forum"

# ---- what the keyring file holds --------------------------------------------
SITES="old-shop.example rest-site-one.example rest-site-two.example"
IDS="old.buyer+shop@old-mail.example oldbuyer@old-mail.example +8613900139000 13900139000 oldnick OldNick
rest.person@rest-mail.example restperson@rest-mail.example rest.person+news@rest-mail.example +8613712345678
13712345678 resthandle RestHandle +14155550123 oldtag42"
"$LT" record "https://www.rest-site-one.example/signup" --email Rest.Person@rest-mail.example --phone 13712345678 >/dev/null
"$LT" record rest-site-two.example --username RestHandle --email rest.person+news@rest-mail.example >/dev/null
host '{"id":1,"action":"record","url":"https://rest-site-two.example/","identifiers":[{"kind":"phone","value":"+1 415 555 0123"}]}' >/dev/null
"$LT" incident add 13712345678 --kind call --at 2026-04-01 >/dev/null
"$LT" alias --base rest.person@rest-mail.example >/dev/null 2>&1
"$LT" alias rest-site-one.example >/dev/null 2>&1
keyring_file="${XDG_DATA_HOME:-$HOME/.local/share}/keyrings/login.keyring"
file_hex=$(od -An -v -tx1 "$keyring_file" | tr -d ' \n')
hex() { printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n'; }
upper() { printf '%s' "$1" | tr a-f A-F; }
# leaked VALUE: the file holds VALUE, or its MD5, SHA-1 or SHA-256 as raw bytes or as hex text.
leaked() {
	for sum in md5sum sha1sum sha256sum; do
		d=$(printf '%s' "$1" | $sum | cut -d' ' -f1)
		for form in "$d" "$(hex "$d")" "$(hex "$(upper "$d")")"; do
			case $file_hex in *"$form"*) echo "$sum of '$1' is in the keyring file"; return 0 ;; esac
		done
	done
	case $file_hex in *"$(hex "$1")"*) echo "'$1' is in the keyring file"; return 0 ;; esac
	return 1
}
check "the file check can see an unkeyed hash (gnome-keyring's MD5 of the schema name)" leaked org.leaktrace.Account
check "the records were stored" sh -c "
	'$LT' list --json | jq -e '[.accounts[].site] | unique == [\"old-shop.example\",\"rest-site-one.example\",\"rest-site-two.example\"]'"
not_leaked() { ! leaked "$1"; }
for v in $SITES $IDS; do
	check "the keyring file holds neither '$v' nor an unkeyed hash of it" not_leaked "$v"
done
