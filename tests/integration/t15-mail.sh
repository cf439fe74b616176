# SPDX-License-Identifier: MIT
# t15-mail: the mailbox read for leaks against the real keyring -- the corpus
# in tests/mail (each file says its expected verdict in X-Leaktrace-Expect)
# judged by `mail check`; a Maildir and a Thunderbird profile (mbox, an
# expunged message, a Junk folder) scanned; rescans add nothing; review,
# allow and deny settle senders; accounts found in welcome mail are added on
# confirmation; a 10 MB message costs no 10 MB of memory.
. "$(dirname "$0")/lib.sh"
wipe_all
export TZ=UTC
M=tests/mail
TMP=$(mktemp -d)

# The person's records: per-site sub-addresses (aliases) and a main address given to two sites.
for s in shop:shop.example taobao:taobao.com github:github.com bank:bank.example craft:craftshop.example \
	old:oldname.example forum:forum.example; do
	LEAKTRACE_NOW=2026-10-01T08:00:00Z "$LT" record "${s#*:}" --email "me+${s%%:*}@mail.example" >/dev/null
done
LEAKTRACE_NOW=2026-11-01T10:00:00Z "$LT" record newsite.example --email me+new@mail.example >/dev/null
LEAKTRACE_NOW=2026-10-01T08:00:00Z "$LT" record a-site.example --email me@mail.example >/dev/null
LEAKTRACE_NOW=2026-10-01T08:00:00Z "$LT" record b-site.example --email me@mail.example >/dev/null

# verdict_is FILE: mail check's verdict is the one the file expects.
verdict_is() {
	want=$(sed -n 's/^X-Leaktrace-Expect: //p' "$1")
	out=$("$LT" mail check "$1" --json) || true
	got=$(printf '%s' "$out" | jq -r 'if length == 0 then "none" else .[0].verdict + (if .[0].verdict == "leak" and .[0].certain then " certain" else "" end) end')
	[ "$got" = "$want" ] || { echo "$1: expected '$want', got '$got': $out"; return 1; }
}
keys=$(secret-tool search --all xdg:schema org.leaktrace.Key 2>/dev/null | grep -c '^\[')
for f in "$M"/*.eml; do
	case "$f" in *related-reply.eml | *broken-binary.eml) continue ;; esac
	check "mail check $(basename "$f" .eml): $(sed -n 's/^X-Leaktrace-Expect: //p' "$f")" verdict_is "$f"
done
check "mail check stores nothing: no incident, no setting, no new key" sh -c "
	! secret-tool search --all xdg:schema org.leaktrace.Incident 2>/dev/null | grep -q '^\[' &&
	! secret-tool search --all xdg:schema org.leaktrace.Setting 2>/dev/null | grep -q '^\[' &&
	[ \$(secret-tool search --all xdg:schema org.leaktrace.Key 2>/dev/null | grep -c '^\[') -eq $keys ]"
check "every verdict says why" sh -c "'$LT' mail check $M/leak-other.eml --json | jq -e '.[0].reasons[0] == \"the alias made for shop.example got mail from spammer-mall.example\"'"
check "the forged site is named as forged" sh -c "'$LT' mail check $M/leak-forged.eml | grep -q 'DMARC fails: someone forged bank.example'"
check "a reply to mail you never sent from the alias is still a leak (nothing learned yet)" sh -c "
	'$LT' mail check $M/related-reply.eml --json | jq -e '.[0].verdict == \"leak\"'"
check "a file that is no mail is refused with exit 2" exits 2 "$LT" mail check "$M/broken-binary.eml"
check "mail check of a missing file is a usage error" exits 2 "$LT" mail check "$TMP/none.eml"
check "mail to nobody in the records: nothing to judge, exit 1" exits 1 "$LT" mail check "$M/not-mine.eml"

# A Maildir++ with INBOX, Sent and Junk; the same corpus delivered there.
MD="$TMP/Maildir"
mkdir -p "$MD/cur" "$MD/new" "$MD/tmp" "$MD/.Sent/cur" "$MD/.Sent/new" "$MD/.Junk/cur" "$MD/.Junk/new"
i=0
for f in "$M"/*.eml; do
	i=$((i + 1))
	case "$f" in
	*sent-from-alias.eml) cp "$f" "$MD/.Sent/cur/1794500000.M${i}P1.host:2,S" ;;
	*) cp "$f" "$MD/cur/1794500000.M${i}P1.host:2,S" ;;
	esac
done
# Junk without any spam header: the folder says it.
sed 's/^X-Spam-Flag: YES$/X-Other: 1/; s/spam-1@/junk-1@/' "$M/spam-flag.eml" >"$MD/.Junk/new/1794600000.M9P9.host"
check "mail add maildir remembers the source" sh -c "'$LT' mail add maildir '$MD' | grep -q 'maildir-1'"
check "the same Maildir twice is refused" exits 2 "$LT" mail add maildir "$MD"
check "a dry run judges and stores nothing" sh -c "
	'$LT' mail scan --dry-run --json | jq -e '.dry_run and .leaks == 4 and .added == 0' &&
	! secret-tool search --all xdg:schema org.leaktrace.Incident 2>/dev/null | grep -q '^\['"
out=$("$LT" mail scan --json)
check "scan: leaks, reviews, spam and related counted" json_ok \
	'.leaks == 4 and .review == 5 and .spam == 3 and .related == 6 and .broken == 1 and .proposed == 1' "$out"
check "scan: the reply to mail sent from the alias is related (addresses written to are the site's)" json_ok \
	'all(.incidents[]; .from != "friend@gmail.com")' "$out"
check "a leak incident: certain, site, sender domains, auth results, header hash, subject" json_ok \
	'[.incidents[] | select(.from == "deals@spammer-mall.example")][0] | .verdict == "leak" and .certain and .site == "shop.example"
	 and .mail.sender_domains == ["spammer-mall.example"] and (.mail.auth | test("dmarc=pass")) and (.mail.header_sha256 | length == 64)
	 and .mail.subject == "90% off everything, today only" and .at == "2026-11-06T01:02:03Z"' "$out"
check "spam on the main address at the top Received time; the Junk folder's copy counts in the same day's incident" json_ok \
	'[.incidents[] | select(.verdict == "spam")] | map([.identifier.normalized, .at, .count]) | sort == [["me@mail.example","2026-11-16T11:30:00Z",2],["me@mail.example","2026-11-17T12:00:00Z",1]]' "$out"
check "review incidents carry no subject" json_ok '[.incidents[] | select(.verdict == "review") | .mail.subject] | all(. == null)' "$out"
again=$("$LT" mail scan --json)
check "scanning the unchanged Maildir again reads nothing" json_ok '.messages == 0 and .added == 0 and .merged == 0' "$again"
touch "$MD/cur"
again=$("$LT" mail scan --json)
check "a changed Maildir is read again and adds nothing twice" json_ok '.messages > 0 and .added == 0 and .merged == 0' "$again"
check "the evidence report carries the mail incidents with their reasons and header hashes" sh -c "
	'$LT' evidence me+shop@mail.example --format json | jq -e '[.incidents[] | select(.verdict == \"leak\")] | length >= 3 and all(.[]; (.mail.header_sha256 | length) == 64 and (.reasons | length) > 0)' &&
	'$LT' evidence me+shop@mail.example --format md >'$TMP/mail-report.md' &&
	grep -q 'the alias made for shop.example got mail from spammer-mall.example' '$TMP/mail-report.md' &&
	grep -q 'SHA-256 of the mail.s header block: [0-9a-f]\{64\}' '$TMP/mail-report.md' &&
	grep -q 'Message-ID: ' '$TMP/mail-report.md' && grep -q 'Authentication-Results (added by your mail provider): ' '$TMP/mail-report.md' &&
	'$LT' evidence me+shop@mail.example --format md --lang zh | grep -q '邮件头部的 SHA-256：[0-9a-f]\{64\}'"
check "trace ranks the site by the leak incidents" sh -c "'$LT' incident list me+shop@mail.example --json | jq -e 'length >= 3'"

# Review, allow, deny.
rev=$("$LT" mail review --json)
check "mail review lists senders to settle and the account found in welcome mail" json_ok \
	'(.senders | map(.site + " " + .sender) | index("shop.example stranger.example")) and (.accounts | map(.site) == ["bbs-z.example"]) and .accounts[0].date == "2026-11-19T03:00:00Z"' "$rev"
check "mail review shows one line per site and sender, however many days its mail came on" sh -c "
	cp '$M/review-unverified-agree.eml' '$MD/new/1795000000.M99P1.host' &&
	sed -i 's/^Received: .*/Received: from smtp.stranger.example by mx.mail.example; Sun, 15 Nov 2026 10:00:00 +0000/; s/offer-1@/offer-2@/' '$MD/new/1795000000.M99P1.host' &&
	'$LT' mail scan --json | jq -e '.added == 1' &&
	'$LT' mail review --json | jq -e '[.senders[] | select(.site == \"shop.example\" and .sender == \"stranger.example\")] | length == 1 and .[0].messages == 2 and .[0].since == \"2026-11-14T10:00:00Z\"'"
check "mail allow settles a sender: its review incidents go" sh -c "
	'$LT' mail allow oldname.example newbrand.example | grep -q '1 incidents' &&
	'$LT' mail review --json | jq -e '.senders | map(.sender) | index(\"newbrand.example\") | not' &&
	'$LT' mail check $M/review-rebrand.eml --json | jq -e '.[0].verdict == \"related\"'"
check "mail deny makes a sender's mail a certain leak, stored ones too" sh -c "
	'$LT' mail deny shop.example stranger.example >/dev/null &&
	'$LT' incident list me+shop@mail.example --json | jq -e '[.[] | select(.from == \"offers@stranger.example\")][0] | .verdict == \"leak\" and .certain' &&
	'$LT' mail check $M/review-unverified-agree.eml --json | jq -e '.[0].verdict == \"leak\" and .[0].certain'"
check "a rescan after settling never brings the settled review back" sh -c "
	touch '$MD/cur' && '$LT' mail scan --json >/dev/null &&
	'$LT' incident list me+old@mail.example --json | jq -e 'map(select(.verdict == \"review\")) | length == 0'"
check "mail review --accept-all adds the proposed account no later than the welcome mail" sh -c "
	'$LT' mail review --accept-all | grep -q '1 accounts added' &&
	'$LT' list --site bbs-z.example --json | jq -e '.accounts[0] | .first_seen == \"2026-11-19T03:00:00Z\" and .first_seen_certainty == \"no-later-than\"'"
check "learned senders and sources live in the keyring, never in a file" sh -c "
	! grep -rqs 'newsite-mail.example' \"\$HOME\" && '$LT' mail allow newsite.example x.newsite-mail.example >/dev/null"

# Thunderbird: an mbox per folder, found in the profile; expunged messages skipped.
TB="$HOME/.thunderbird/abcd1234.default-release"
mkdir -p "$TB/ImapMail/imap.mail.example/INBOX.sbd" "$TB/Mail/Local Folders"
touch "$TB/prefs.js"
{
	printf 'From - Mon Nov 23 10:00:00 2026\nX-Mozilla-Status: 0001\n'
	sed '1d; s/deal-001@/tb-1@/' "$M/leak-other.eml"
	printf 'a body line\nFrom this line in a body is no message start\n>From neither\n\n'
	printf 'From - Mon Nov 23 10:00:00 2026\nX-Mozilla-Status: 0009\n'
	sed '1d; s/deal-001@/tb-expunged@/' "$M/leak-other.eml"
	printf '\nFrom - Mon Nov 23 10:00:00 2026\nX-Mozilla-Status: 0001\n'
	sed '1d; s/spam-1@/tb-spam@/; s/^X-Spam-Flag: YES$//' "$M/spam-flag.eml"
} >"$TB/ImapMail/imap.mail.example/INBOX"
touch "$TB/ImapMail/imap.mail.example/INBOX.msf"
{ printf 'From - Tue Nov 24 10:00:00 2026\n'; sed '1d; s/spam-2@/tb-junk@/; /^X-Spam-Status/d' "$M/spam-status-cc.eml"; } \
	>"$TB/ImapMail/imap.mail.example/Junk"
check "mail add thunderbird finds the profile by itself" sh -c "'$LT' mail add thunderbird | grep -q thunderbird-1"
tb=$("$LT" mail scan --json)
check "Thunderbird: the mbox leak is found, the expunged copy and the body's From line are not messages" json_ok \
	'.messages == 3 and ([.incidents[] | select(.verdict == "leak")] | length) == 1' "$tb"
check "Thunderbird: a folder named Junk makes its mail spam" json_ok '[.incidents[] | select(.verdict == "spam")] | length == 1' "$tb"
check "the unchanged mbox is not read again" sh -c "'$LT' mail scan --json | jq -e '.messages == 0'"
{ printf '\nFrom - Wed Nov 25 10:00:00 2026\n'; sed '1d; s/deal-001@/tb-2@/' "$M/leak-other.eml"; } >>"$TB/ImapMail/imap.mail.example/INBOX"
check "mail appended to the mbox: only it is read" sh -c "'$LT' mail scan --json | jq -e '.messages == 1'"

# A 10 MB message: only its header block is read; a header with no end is cut at 256 KiB.
big="$TMP/big.eml"
{ sed '/^$/q' "$M/leak-other.eml"; head -c 10485760 /dev/zero | tr '\0' 'a' | fold -w 76; } >"$big"
check "a 10 MB message is judged from its header" sh -c "'$LT' mail check '$big' --json | jq -e '.[0].verdict == \"leak\"'"
# Peak memory means nothing under ASan (its shadow and quarantine): make sanitize runs these
# files for memory errors, the plain build (make integration) for the bounds.
case "$LT" in
*build-san*) ;;
*)
check "reading it costs far less memory than its size" sh -c "
	/usr/bin/time -f %M '$LT' mail check '$big' 2>&1 >/dev/null | tail -1 | awk '{ exit !(\$1 < 30000) }'"
{ sed -n '1,/^Subject/p' "$M/leak-other.eml"; head -c 10485760 /dev/zero | tr '\0' 'b' | fold -w 70 | sed 's/^/X-Pad: /'; } >"$TMP/endless.eml"
check "a 10 MB header block is cut, not read whole, and still judged" sh -c "
	/usr/bin/time -f %M '$LT' mail check '$TMP/endless.eml' --json 2>'$TMP/rss' | jq -e '.[0].verdict == \"leak\"' &&
	awk '{ exit !(\$1 < 60000) }' '$TMP/rss'"
	;;
esac

check "nothing of the mail is in the keyring's attributes" sh -c "
	! secret-tool search --all xdg:schema org.leaktrace.Incident 2>/dev/null | grep '^attribute' | grep -e 'spammer-mall' -e 'me+shop'"
rm -rf "$TMP"
