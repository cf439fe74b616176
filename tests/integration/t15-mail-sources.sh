# SPDX-License-Identifier: MIT
# t15-mail-sources: where the mail is, as desktop people keep it -- KMail's
# local folders (found where KMail keeps them, or where its settings say),
# Evolution's Maildir++ store, a folder of Maildirs as mbsync and
# offlineimap lay them out; sources listed and removed; the systemd user
# timer that scans by itself, its units checked by systemd's own parser.
. "$(dirname "$0")/lib.sh"
wipe_all
export TZ=UTC
M=tests/mail
TMP=$(mktemp -d)
LEAKTRACE_NOW=2026-10-01T08:00:00Z "$LT" record shop.example --email me+shop@mail.example >/dev/null
LEAKTRACE_NOW=2026-10-01T08:00:00Z "$LT" record a-site.example --email me@mail.example >/dev/null

# maildir DIR: makes DIR a Maildir (cur, new, tmp).
maildir() { mkdir -p "$1/cur" "$1/new" "$1/tmp"; }
# A leak to the shop's alias, and spam without any spam header (its folder says it).
leak() { sed "s/deal-001@/$2@/" "$M/leak-other.eml" >"$1"; }
junk() { sed "s/^X-Spam-Flag: YES\$/X-Other: 1/; s/spam-1@/$2@/" "$M/spam-flag.eml" >"$1"; }

# KMail: inbox/, sent-mail/ ... each a Maildir; inbox's subfolders in .inbox.directory/.
K="$XDG_DATA_HOME/local-mail"
maildir "$K/inbox"; maildir "$K/sent-mail"; maildir "$K/.inbox.directory/Junk"; maildir "$K/.inbox.directory/.Archive.directory/Spam"
leak "$K/inbox/cur/1794500000.M1P1.host:2,S" km-1
junk "$K/.inbox.directory/Junk/new/1794500001.M2P1.host" km-2
junk "$K/.inbox.directory/.Archive.directory/Spam/cur/1794500002.M3P1.host:2,S" km-3
check "mail add evolution with no Evolution mail: exit 1, says to give the folder" sh -c "
	'$LT' mail add evolution 2>'$TMP/evo.err'; [ \$? -eq 1 ] && grep -q 'give its folder' '$TMP/evo.err'"
check "mail add kmail finds KMail's local folders by itself" sh -c "'$LT' mail add kmail | grep -q 'Added kmail (maildir)'"
km=$("$LT" mail scan --json)
check "KMail: the inbox's leak; the Junk folder in .inbox.directory and a Spam folder two levels down are spam" json_ok \
	'.messages == 3 and .leaks == 1 and .spam >= 1 and ([.incidents[] | select(.verdict == "spam")] | map(.count) | add) == 2' "$km"
check "KMail: the unchanged folders are not read again" sh -c "'$LT' mail scan --json | jq -e '.messages == 0'"

# KMail's Maildir resource may keep the mail elsewhere: its settings say where.
K2="$TMP/kmail-elsewhere"
maildir "$K2/inbox"
leak "$K2/inbox/cur/1794500003.M4P1.host:2,S" km-4
printf '[General]\nPath=%s\nTopLevelIsContainer=true\n' "$K2" >"$XDG_CONFIG_HOME/akonadi_maildir_resource_0rc"
check "mail add kmail follows the folder KMail's settings name" sh -c "
	'$LT' mail add kmail --name kmail-2 >/dev/null && '$LT' mail list --json | jq -e --arg k '$K2' '.[] | select(.name == \"kmail-2\") | .location == \$k'"
rm -f "$XDG_CONFIG_HOME/akonadi_maildir_resource_0rc"

# Evolution: its local store is one Maildir with Maildir++ subfolders.
E="$XDG_DATA_HOME/evolution/mail/local"
maildir "$E"; maildir "$E/.Junk"
leak "$E/cur/1794500004.M5P1.host:2,S" evo-1
junk "$E/.Junk/cur/1794500005.M6P1.host:2,S" evo-2
check "mail add evolution finds Evolution's local store" sh -c "'$LT' mail add evolution | grep -q 'Added evolution (maildir)'"

# mbsync/offlineimap: a folder per account holding one Maildir per folder.
S="$TMP/Mail"
maildir "$S/work/INBOX"; maildir "$S/work/[Gmail].Spam"
leak "$S/work/INBOX/cur/1794500006.M7P1.host:2,S" sync-1
junk "$S/work/[Gmail].Spam/cur/1794500007.M8P1.host:2,S" sync-2
check "mail add maildir takes a folder of Maildirs (mbsync, offlineimap)" sh -c "'$LT' mail add maildir '$S' | grep -q 'Added maildir-'"
more=$("$LT" mail scan --json)
check "Evolution's and mbsync's mail is read: a leak and a spam folder each" json_ok \
	'.messages == 5 and .leaks == 3 and ([.incidents[] | select(.verdict == "spam")] | map(.count) | add) == 2' "$more"
mkdir -p "$TMP/nomail/sub"
check "a folder with no Maildir in or under it is refused when added (exit 2), nothing stored" sh -c "
	'$LT' mail add maildir '$TMP/nomail' 2>'$TMP/nomail.err'; [ \$? -eq 2 ] && grep -q 'no Maildir here' '$TMP/nomail.err' &&
	[ \"\$('$LT' mail list --json | jq length)\" = 4 ]"
ln -s "$S" "$TMP/nomail/sub/loop"
check "a symbolic link in a folder is not followed" exits 2 "$LT" mail add maildir "$TMP/nomail"

check "mail list shows each source with its kind and folder" sh -c "
	'$LT' mail list >'$TMP/list' && grep -q '^  kmail  *maildir  *$K\$' '$TMP/list' && grep -q '^  evolution  *maildir' '$TMP/list'"
check "mail remove forgets a source; its incidents stay" sh -c "
	n=\$('$LT' incident list --json | jq length) && '$LT' mail remove kmail | grep -q 'Removed kmail\.' &&
	[ \"\$('$LT' mail list --json | jq length)\" = 3 ] && [ \"\$('$LT' incident list --json | jq length)\" = \"\$n\" ]"

# The timer: units written, checked by systemd's parser, removed again.
U="$XDG_CONFIG_HOME/systemd/user"
check "mail timer status with none: exit 1, says how to turn it on" sh -c "
	'$LT' mail timer status | grep -q 'mail timer enable'; [ \$? -eq 0 ] && ! '$LT' mail timer status >/dev/null"
"$LT" mail timer enable >"$TMP/timer.out" 2>"$TMP/timer.err"
rc=$?
check "mail timer enable: on, or (no user manager here) written with the one command to run" sh -c "
	[ $rc -eq 0 ] || { [ $rc -eq 4 ] && grep -q 'systemctl --user enable --now leaktrace-mail.timer' '$TMP/timer.err'; }"
check "the service runs this leaktrace by its absolute path: mail scan --quiet" sh -c "
	grep -qx 'ExecStart=\"$(realpath "$LT")\" mail scan --quiet' '$U/leaktrace-mail.service'"
check "the timer is hourly, catches up after the machine was off, and is wanted by timers.target" sh -c "
	grep -qx 'OnCalendar=hourly' '$U/leaktrace-mail.timer' && grep -qx 'Persistent=true' '$U/leaktrace-mail.timer' &&
	grep -qx 'WantedBy=timers.target' '$U/leaktrace-mail.timer'"
check "systemd's own parser accepts both units" systemd-analyze verify --man=no "$U/leaktrace-mail.service" "$U/leaktrace-mail.timer"
check "the units name no address, site or source" sh -c "! grep -q -e 'mail.example' -e 'shop' -e 'local-mail' '$U'/leaktrace-mail.*"
check "--every daily makes it daily; --every weekly is refused (exit 2)" sh -c "
	'$LT' mail timer enable --every daily >/dev/null 2>&1; grep -qx 'OnCalendar=daily' '$U/leaktrace-mail.timer' &&
	'$LT' mail timer enable --every weekly 2>/dev/null; [ \$? -eq 2 ]"
check "mail timer disable removes both units" sh -c "
	'$LT' mail timer disable | grep -q 'units are removed' && [ ! -e '$U/leaktrace-mail.timer' ] && [ ! -e '$U/leaktrace-mail.service' ]"
rm -rf "$TMP"
