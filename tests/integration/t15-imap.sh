# SPDX-License-Identifier: MIT
# t15-imap: headers read over IMAP from a real dovecot (tests/integration/dovecot):
# INBOX and Junk, nothing marked read, incremental rescans, a new UIDVALIDITY,
# a refused login, an untrusted certificate, STARTTLS, a Junk folder known only
# by its Chinese name, and header blocks of odd sizes whose literals arrive whole.
# The transport runs through build/tests/imapscan until `leaktrace mail scan`
# reads IMAP sources.
. "$(dirname "$0")/lib.sh"
HARNESS="$(dirname "$0")/dovecot"
SCAN="$BUILD/tests/imapscan"
command -v dovecot >/dev/null 2>&1 || { echo "not ok - $SCRIPT_NAME: dovecot is not installed (make deps)"; echo fail >>"$RESULTS"; exit 0; }
TMP=$(mktemp -d)
D=$(mktemp -d /tmp/leaktrace-dovecot.XXXXXX)
D2=$(mktemp -d /tmp/leaktrace-dovecot.XXXXXX)
trap '"$HARNESS" stop "$D"; "$HARNESS" stop "$D2"; rm -rf "$TMP" "$D" "$D2"' EXIT

# mail MESSAGE-ID SUBJECT [EXTRA-HEADER-LINE]: a message with CRLF line ends,
# only fields leaktrace asks for, so its fetched block is its whole header
mail() {
	{
		printf 'From: Shop <news@shop.example>\r\nTo: alice@example.test\r\nSubject: %s\r\n' "$2"
		printf 'Message-ID: <%s@shop.example>\r\nDate: Fri, 04 Dec 2026 10:00:00 +0800\r\n' "$1"
		[ -z "${3:-}" ] || printf '%s\r\n' "$3"
		printf '\r\nthe body, never fetched\r\n'
	} >"$TMP/$1.eml"
	echo "$TMP/$1.eml"
}
header_sha() { # the header block of a message file, up to and with the empty line
	awk 'BEGIN { RS = "\r\n\r\n" } NR == 1 { printf "%s\r\n\r\n", $0; exit }' "$1" | sha256sum | cut -d' ' -f1
}

"$HARNESS" start "$D" || { echo "not ok - $SCRIPT_NAME: dovecot would not start"; echo fail >>"$RESULTS"; exit 0; }
URL="imaps://$(cat "$D/user")@localhost:$(cat "$D/port")"
scan() { "$SCAN" "$URL" --password-fd 3 --ca-file "$D/ca.pem" --state "$TMP/state.json" "$@" 3<"$D/password"; }
PW=$(cat "$D/password")

"$HARNESS" deliver "$D" INBOX "$(mail in1 'Welcome to Shop')" "$(mail in2 'Your order')"
"$HARNESS" deliver "$D" INBOX --seen "$(mail in3 'Read before')"
"$HARNESS" deliver "$D" Junk "$(mail junk1 'You won')"
"$HARNESS" deliver "$D" Junk --junk-keyword "$(mail junk2 'Cheap pills')"
out=$(scan)
check "first scan: the three INBOX and two Junk messages, folders named" jsons_ok \
	'(map(select(.folder == "INBOX")) | length) == 3 and (map(select(.folder == "Junk")) | length) == 2' "$out"
check "the Junk folder is found by SPECIAL-USE \\Junk" jsons_ok \
	'(.[-1].stats | .junk == "Junk" and .junk_by_name == false) and all(.[] | select(.folder == "Junk"); .junk_folder) and all(.[] | select(.folder == "INBOX"); .junk_folder | not)' "$out"
check "flags as they were: one \\Seen, one \$Junk keyword" jsons_ok \
	'[.[] | select(.seen) | .subject] == ["Read before"] and [.[] | select(.junk_keyword) | .subject] == ["Cheap pills"]' "$out"
check "the header block arrives whole, byte for byte" jsons_ok \
	"[.[] | select(.subject == \"Your order\") | .header_sha256] == [\"$(header_sha "$TMP/in2.eml")\"]" "$out"
check "the arrival time is the server's INTERNALDATE" jsons_ok \
	'all(.[] | select(.folder); .arrived | test("^20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9:]{8}Z$"))' "$out"
check "nothing was marked read on the server (no new S flag in the Maildir)" sh -c "
	[ \$(find '$D/home/alice/Maildir' -name '*leaktrace-test*S*' | wc -l) -eq 1 ]"
again=$(scan)
check "a rescan fetches nothing: positions hold UIDVALIDITY and the last UID" jsons_ok \
	'length == 1 and .[0].stats.messages == 0 and .[0].stats.folders == 2' "$again"
check "and the server still has four messages unread" sh -c "
	[ \$(find '$D/home/alice/Maildir' -name '*leaktrace-test*' ! -name '*S*' | wc -l) -eq 4 ]"
"$HARNESS" deliver "$D" INBOX "$(mail in4 'New one')"
new=$(scan)
check "a new message: only it is fetched" jsons_ok '[.[] | select(.folder) | .subject] == ["New one"]' "$new"
"$HARNESS" uidvalidity "$D" INBOX
re=$(scan)
check "a new UIDVALIDITY: the folder is read again from the start, the other not" jsons_ok \
	'(map(select(.folder == "INBOX")) | length) == 4 and (map(select(.folder == "Junk")) | length) == 0 and .[-1].stats.refetched == 1' "$re"

# literals of odd sizes: an empty block, a subject holding a literal's marker, raw 8-bit
# bytes, and a block of about 200 KB
long=$(awk 'BEGIN { for (i = 0; i < 2500; i++) printf "Received: from relay%d.example by mx.example.test with ESMTP id %08d\r\n", i, i }')
printf 'X-Not-Asked: 1\r\n\r\nno field leaktrace asks for\r\n' >"$TMP/bare.eml"
"$HARNESS" deliver "$D" INBOX "$TMP/bare.eml" "$(mail odd1 'a {5}')" "$(mail odd2 "$(printf '\345\236\203\345\234\276 \xd6\xd0\xce\xc4')")"
{ printf '%s' "$long"; cat "$(mail big 'big header')"; } >"$TMP/big2.eml"
"$HARNESS" deliver "$D" INBOX "$TMP/big2.eml"
odd=$(scan)
check "a message with none of the fields: an empty block (CRLF), no error" jsons_ok \
	'[.[] | select(.folder and .subject == null) | .header_len] == [2]' "$odd"
check "a subject with {5} and one of raw 8-bit bytes arrive whole" jsons_ok \
	"([.[] | select(.subject == \"a {5}\") | .header_sha256] == [\"$(header_sha "$TMP/odd1.eml")\"]) and ([.[] | select(.header_sha256 == \"$(header_sha "$TMP/odd2.eml")\")] | length) == 1" "$odd"
check "a header block of about 200 KB arrives whole" jsons_ok \
	"[.[] | select(.subject == \"big header\") | .header_len > 180000 and .header_sha256 == \"$(header_sha "$TMP/big2.eml")\"] == [true]" "$odd"

# errors, each one clear, none naming the password
bad=$("$SCAN" "$URL" --password-fd 3 --ca-file "$D/ca.pem" 3<<EOF 2>&1
wrong-$PW
EOF
)
check "a wrong password: login_refused, exit 2" exits 2 sh -c "echo wrong | '$SCAN' '$URL' --password-fd 3 --ca-file '$D/ca.pem' 3<&0"
check "a wrong password: the message says what to check, never the password" sh -c "
	case '$bad' in *login_refused*'check the user name and the password'*) ;; *) echo '$bad'; exit 1 ;; esac
	case '$bad' in *$PW*) exit 1 ;; esac"
untrusted=$("$SCAN" "$URL" --password-fd 3 3<"$D/password" 2>&1)
check "a certificate nobody vouches for is refused: tls_error, exit 4" exits 4 sh -c "'$SCAN' '$URL' --password-fd 3 3<'$D/password'"
check "and the message says why" has "tls_error" "$untrusted"
check "a server that is not there: network_error, exit 4" exits 4 sh -c "echo x | '$SCAN' imaps://alice@127.0.0.1:1 --password-fd 3 --timeout 5 3<&0"
check "an address without a user is refused, exit 2" exits 2 sh -c "echo x | '$SCAN' imaps://localhost:1 --password-fd 3 3<&0"
oa=$("$SCAN" "$URL" --oauth2-command "'$HARNESS' token '$D'" --ca-file "$D/ca.pem" 2>&1)
check "an OAuth2 token from a command logs in (XOAUTH2 or OAUTHBEARER, checked by dovecot)" jsons_ok '.[-1].stats.messages == 10' "$oa"
check "a token dovecot does not accept: login_refused, exit 2" exits 2 \
	"$SCAN" "$URL" --oauth2-command "'$HARNESS' token '$D' bad" --ca-file "$D/ca.pem"
tokfail=$("$SCAN" "$URL" --oauth2-command "echo oops >&2; exit 3" --ca-file "$D/ca.pem" 2>&1)
check "a token command that fails: login_refused, its exit status named" has "token command failed (exit 3)" "$tokfail"
st=$("$SCAN" "imap://alice@localhost:$(cat "$D/starttls_port")" --password-fd 3 --ca-file "$D/ca.pem" 3<"$D/password")
check "imap:// logs in after STARTTLS" jsons_ok '.[-1].stats.messages == 10' "$st"

# a server that marks no folder \Junk: the folder 垃圾邮件 (&V4NXPpCuTvY- on the wire) is found by name
"$HARNESS" start "$D2" junk-by-name || { echo "not ok - $SCRIPT_NAME: the second dovecot would not start"; echo fail >>"$RESULTS"; exit 0; }
"$HARNESS" deliver "$D2" '&V4NXPpCuTvY-' "$(mail zh1 'spam one')" "$(mail zh2 'spam two')"
"$HARNESS" deliver "$D2" INBOX "$(mail zh3 'hello')"
zh=$("$SCAN" "imaps://alice@localhost:$(cat "$D2/port")" --password-fd 3 --ca-file "$D2/ca.pem" 3<"$D2/password")
check "a folder named 垃圾邮件 is the Junk folder, found by its name" jsons_ok \
	'.[-1].stats.junk == "垃圾邮件" and .[-1].stats.junk_by_name and ([.[] | select(.folder == "垃圾邮件" and .junk_folder)] | length) == 2 and ([.[] | select(.folder == "INBOX" and (.junk_folder | not))] | length) == 1' "$zh"
# --since: a folder read from its start begins at the first UID received since (ESEARCH MIN);
# older mail is not fetched at all. Dovecot's received time of Maildir mail is the file's time.
"$HARNESS" deliver "$D2" Archive "$(mail old1 'old one')" "$(mail old2 'old two')"
touch -d 2020-01-01 "$D2/home/alice/Maildir/.Archive/new/"*
"$HARNESS" deliver "$D2" Archive "$(mail new1 'new one')"
since=$("$SCAN" "imaps://alice@localhost:$(cat "$D2/port")" --password-fd 3 --ca-file "$D2/ca.pem" --since "$(date -d 2026-01-01 +%s)" 3<"$D2/password")
check "--since: only mail received since is fetched, the older is not fetched at all" jsons_ok \
	'([.[] | select(.folder == "Archive") | .subject] == ["new one"]) and .[-1].stats.messages == 4' "$since"
all=$("$SCAN" "imaps://alice@localhost:$(cat "$D2/port")" --password-fd 3 --ca-file "$D2/ca.pem" 3<"$D2/password")
check "without --since the old mail is there to fetch (the check above can fail)" jsons_ok \
	'[.[] | select(.folder == "Archive")] | length == 3' "$all"
check "nothing in any run's output names the password" sh -c "
	case '$out$again$new$re$odd$st$zh$untrusted' in *$PW*) exit 1 ;; esac"

# The same server through the command line: mail add imap, then mail scan.
wipe_all
LEAKTRACE_NOW=2026-10-01T08:00:00Z "$LT" record shop.example --email alice@example.test >/dev/null
CLI_URL="imaps://alice@localhost:$(cat "$D/port")"
check "mail add imap: a wrong password is refused at once, exit 2, nothing stored" sh -c "
	echo wrong | '$LT' mail add imap '$CLI_URL' --password-fd 0 --ca-file '$D/ca.pem'; [ \$? -eq 2 ] &&
	! secret-tool search --all xdg:schema org.leaktrace.Setting 2>/dev/null | grep -q '^\['"
check "mail add imap: an untrusted certificate is refused, exit 4" exits 4 sh -c "'$LT' mail add imap '$CLI_URL' --password-fd 3 3<'$D/password'"
added=$("$LT" mail add imap "$CLI_URL" --password-fd 3 --ca-file "$D/ca.pem" 3<"$D/password" 2>&1)
check "mail add imap tries the login and remembers the source" has "imap-1" "$added"
attrs=$(secret-tool search --all xdg:schema org.leaktrace.Setting 2>&1 >/dev/null)
check "the login is one keyring setting named mail-imap, no attribute names the password" sh -c "
	case '$attrs' in *'attribute.name = mail-imap'*) ;; *) exit 1 ;; esac
	case '$attrs' in *$PW*) exit 1 ;; esac"
check "no file under HOME holds the password (the keyring's own file aside)" sh -c "! grep -rqs '$PW' \"\$HOME\" --exclude-dir=keyrings"
scan1=$("$LT" mail scan --json 2>&1)
check "mail scan reads the IMAP source: Junk on a recorded address is spam" json_ok \
	'.messages + .broken == 10 and .spam == 2' "$scan1"
scan2=$("$LT" mail scan --json 2>&1)
check "mail scan again: the IMAP positions hold, nothing is read or added" json_ok '.messages == 0 and .added == 0' "$scan2"
check "still nothing marked read on the server" sh -c "
	[ \$(find '$D/home/alice/Maildir' -name '*leaktrace-test*S*' | wc -l) -eq 1 ]"

# The login changed, the source listed and removed.
check "mail list names the IMAP source, its user and server" sh -c "
	'$LT' mail list --json | jq -e '.[0].name == \"imap-1\" and .[0].kind == \"imap\" and .[0].user == \"alice\"'"
check "mail login with a wrong password: refused at once, exit 2, the old login kept" sh -c "
	echo wrong | '$LT' mail login imap-1 --password-fd 0 --ca-file '$D/ca.pem'; [ \$? -eq 2 ] &&
	secret-tool lookup xdg:schema org.leaktrace.Setting name mail-imap | grep -q '$PW'"
check "mail login with the right one: tried, kept, and the scan logs in with it" sh -c "
	'$LT' mail login imap-1 --password-fd 3 --ca-file '$D/ca.pem' 3<'$D/password' | grep -q 'works' &&
	'$LT' mail scan --json | jq -e '.messages == 0'"
check "mail login of a source that is not IMAP, or of none, is refused (exit 2, exit 2)" sh -c "
	mkdir -p '$TMP/md/cur' '$TMP/md/new' '$TMP/md/tmp' && '$LT' mail add maildir '$TMP/md' --quiet &&
	echo x | '$LT' mail login maildir-1 --password-fd 0 2>'$TMP/login.err'; [ \$? -eq 2 ] && grep -q 'only an IMAP source' '$TMP/login.err' &&
	echo x | '$LT' mail login nosuch --password-fd 0 2>/dev/null; [ \$? -eq 1 ]"
check "mail remove forgets the source and its login" sh -c "
	'$LT' mail remove imap-1 | grep -q 'Removed imap-1 and its login' &&
	! '$LT' mail list --json | jq -e '.[] | select(.name == \"imap-1\")' >/dev/null &&
	! secret-tool lookup xdg:schema org.leaktrace.Setting name mail-imap | grep -q '$PW'"
check "what its mail showed stays: the spam incidents are still there" sh -c "
	'$LT' incident list --json | jq -e '[.[] | select(.source == \"mail\")] | length >= 1'"
check "mail remove of a name no source has: exit 1, says how to see the names" sh -c "
	out=\$('$LT' mail remove imap-1 2>&1); [ \$? -eq 1 ] && printf '%s' \"\$out\" | grep -q 'leaktrace mail list shows them'"
