# SPDX-License-Identifier: MIT
# t13-phone: the phone's own logs -- SMS Backup & Restore XML (SMS, MMS, calls,
# dual SIM, surrogate emoji references, GBK), an iOS sms.db and the CSV become
# incidents; signatures name companies; imports are idempotent; bad files
# change nothing.
. "$(dirname "$0")/lib.sh"
wipe_keyring
for schema in Incident Setting Key; do secret-tool clear xdg:schema "org.leaktrace.$schema" 2>/dev/null; done
export TZ=Asia/Shanghai
D=$(dirname "$0")/../data/phone
TMP=$(mktemp -d)
SIMS="--sim 1=13800138000 --sim 2=13900139000"
incident_items() { secret-tool search --all xdg:schema org.leaktrace.Incident 2>/dev/null | grep -c '^\[' || true; }

# The person's records: youxuan got 138 at 10:00 (a code from 【优选App】 came at 10:03);
# haowu got 138 on a page titled 好物商城; shopq got 139. Their own map names 某某商城.
LEAKTRACE_NOW=2026-11-20T02:00:00Z "$LT" record youxuan.example --phone 13800138000 >/dev/null
"$LT" record haowu.example --phone 13800138000 --title '好物商城 - 新用户注册' >/dev/null
"$LT" record shopq.example --phone 13900139000 >/dev/null
check "phone map stores the person's own map" "$LT" phone map 某某商城 mall.example
check "phone map --never takes one signature" "$LT" phone map --never 中国移动
check "phone map without a site is a usage error" exits 2 "$LT" phone map 某某商城

check "a dry run judges and stores nothing" sh -c "
	'$LT' phone import '$D/sms-android.xml' '$D/calls-android.xml' $SIMS --dry-run --json | jq -e '.dry_run and (.incidents | length) == 11 and .added == 0' &&
	[ \$(secret-tool search --all xdg:schema org.leaktrace.Incident 2>/dev/null | grep -c '^\[') -eq 0 ]"
out=$("$LT" phone import "$D/sms-android.xml" "$D/calls-android.xml" $SIMS --json)
check "SMS and calls files: 11 incidents, all new" json_ok '(.incidents | length) == 11 and .added == 11 and .records == 32' "$out"
check "counted: contacts, replies, codes, related companies, plain messages" json_ok \
	'[.from_contacts, .replies, .verification_codes, .related, .plain] == [2, 2, 7, 3, 3]' "$out"
check "missed calls from one number on one day are one incident with a count" json_ok \
	'[.incidents[] | select(.kind == "call" and .from == "02155550101")] | length == 1 and .[0].count == 2 and .[0].verdict == "harassment"' "$out"
check "rejected and blocked calls are incidents; a contact's and an answered call are not" json_ok \
	'[.incidents[] | select(.kind == "call") | .from] | sort == ["02155550101", "4001234567", "95123"]' "$out"
check "a missed call from a number the person called first is a reply, no incident" json_ok \
	'all(.incidents[]; .from != "01088889999" and .from != "+8613912345678")' "$out"
check "dual SIM: each incident is on the number of its SIM" json_ok \
	'[.incidents[] | select(.from == "95123" or .signature == "好物商城") | .identifier.normalized] == ["+8613900139000", "+8613900139000"]' "$out"
check "a signature sent the signup code: its site got 138, so 138's ads are related, 139's a certain leak" json_ok \
	'[.incidents[] | select(.signature == "优选App")] | length == 1 and .[0].identifier.normalized == "+8613900139000" and .[0].verdict == "leak" and .[0].certain and .[0].site == "youxuan.example" and (.[0].reasons[0] == "【优选App】 texted a number you never gave it")' "$out"
check "a signature in a recorded page title names its site; the emoji references were mended" json_ok \
	'[.incidents[] | select(.signature == "好物商城")][0] | .verdict == "leak" and .site == "haowu.example" and .count == 2 and (.text_sha256 | length == 64) and .text == null' "$out"
check "the person's own map names a site that never got the number: a leak" json_ok \
	'[.incidents[] | select(.signature == "某某商城")][0] | .verdict == "leak" and .site == "mall.example"' "$out"
check "an unknown signature is 'a company not in your records', one incident per day" json_ok \
	'[.incidents[] | select(.signature == "陌生贷款") | .verdict] == ["unknown-company", "unknown-company"]' "$out"
check "an MMS is read from its parts, its sender from addr type 137" json_ok \
	'[.incidents[] | select(.signature == "彩信商城")][0] | .from == "10655000111" and .verdict == "unknown-company"' "$out"
check "a 95xxx service number without a signature is commercial" json_ok \
	'[.incidents[] | select(.from == "95999")][0].verdict == "commercial"' "$out"
check "six codes from six signatures within minutes are one SMS bombing" json_ok \
	'[.incidents[] | select(.verdict == "bombing")] | length == 1 and .[0].count == 6 and .[0].text_sha256 == null' "$out"
check "no text is kept without --keep-text" json_ok 'all(.incidents[]; .text == null)' "$out"
check "the incidents of a number live in one keyring item each" test "$(incident_items)" -eq 2
again=$("$LT" phone import "$D/sms-android.xml" "$D/calls-android.xml" $SIMS --json)
check "importing the same files again adds nothing" json_ok '.added == 0 and .merged == 0 and (.incidents | length) == 11' "$again"
check "incident list shows them all" sh -c "[ \$('$LT' incident list --json | jq length) -eq 11 ]"
check "phone review lists the unknown companies with messages and since when" sh -c "
	'$LT' phone review --json | jq -e '[.[] | [.signature, .messages, .incidents]] == [[\"陌生贷款\",2,2],[\"彩信商城\",1,1]] and .[0].since == \"2026-11-20T08:00:00Z\"'"
"$LT" phone map 彩信商城 mms-shop.example >/dev/null
check "a signature the person mapped leaves the review" sh -c "'$LT' phone review --json | jq -e 'map(.signature) == [\"陌生贷款\"]'"
check "trace shows the imported incidents with sender and reason in local time" sh -c "
	'$LT' trace 13900139000 | grep -q '2026-11-20 12:00  sms  from 10690002222 ×2: 【好物商城】 texted a number you never gave it'"
check "the evidence report carries signature, count and the SMS hash" sh -c "
	'$LT' evidence 13900139000 --format json | jq -e '[.incidents[] | select(.signature == \"好物商城\")][0] | .count == 2 and .verdict == \"leak\" and (.text_sha256 | length) == 64'"

# --keep-text on a fresh log: the text of the first message, never a code's.
secret-tool clear xdg:schema org.leaktrace.Incident
kept=$("$LT" phone import "$D/sms-android.xml" $SIMS --keep-text --json)
check "--keep-text keeps the first message's text, emoji joined from surrogate references" json_ok \
	'[.incidents[] | select(.signature == "好物商城")][0].text == "【好物商城】新品上架😆，点击查看 退订回T"' "$kept"
check "a stray surrogate reference becomes U+FFFD" json_ok \
	'[.incidents[] | select(.signature == "某某商城")][0].text == "【某某商城】会员日\ufffd专享，回TD退订"' "$kept"
check "--keep-text never keeps verification codes" json_ok 'all(.incidents[]; (.text // "") | test("验证码") | not)' "$kept"

# An export in GBK: the declaration is honoured.
iconv -f UTF-8 -t GBK >"$TMP/gbk.xml" <<'XML'
<?xml version="1.0" encoding="GBK"?>
<smses count="1"><sms address="10690007777" date="1795140000000" type="1" body="【国标商城】年货节开始了，退订回T" sub_id="1" contact_name="(Unknown)" /></smses>
XML
check "a GBK export is read in its encoding" sh -c "
	'$LT' phone import '$TMP/gbk.xml' --on 13800138000 --dry-run --json | jq -e '.incidents[0].signature == \"国标商城\"'"

# iOS sms.db, made here with SQLite: dates in ns since 2001, is_from_me.
sqlite3 "$TMP/sms.db" "CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT);
	CREATE TABLE message (ROWID INTEGER PRIMARY KEY, text TEXT, handle_id INTEGER, date INTEGER, is_from_me INTEGER);
	INSERT INTO handle VALUES (1, '+8610690008888'), (2, '+8613700000005');
	INSERT INTO message VALUES (1, '【苹果商城】双12预告，回T退订', 1, 816832800000000000, 0),
		(2, '在吗', 2, 816832860000000000, 0), (3, '好的', 2, 816832920000000000, 1),
		(4, '【苹果商城】明日开抢 回T退订', 1, 816836400000000000, 0);"
cp "$TMP/sms.db" "$TMP/sms.db.orig"
ios=$("$LT" phone import "$TMP/sms.db" --on 13800138000 --json)
check "iOS sms.db: the signed SMS of one day are one incident from the handle" json_ok \
	'(.incidents | length) == 1 and .incidents[0].count == 2 and .incidents[0].source == "ios-sms-db" and .incidents[0].at == "2026-11-20T02:00:00Z" and .records == 4' "$ios"
check "the backup's database is left untouched" cmp "$TMP/sms.db" "$TMP/sms.db.orig"

csv=$("$LT" phone import "$D/log.csv" --on 13800138000 --json)
check "CSV: quoted fields with commas, quotes and line breaks; contacts and replies skipped" json_ok \
	'[.incidents[] | [.source, .from, .count, .verdict]] == [["csv","10690005555",2,"unknown-company"],["csv","02155550199",1,"harassment"],["csv","95777",1,"commercial"]]' "$csv"

# Bad input: a clear error, exit 2, nothing stored.
before=$("$LT" incident list --json | jq length)
head -c 3000 "$D/sms-android.xml" >"$TMP/cut.xml"
check "a cut-off XML is refused and imports nothing" sh -c "
	'$LT' phone import '$TMP/cut.xml' $SIMS 2>&1 | grep -q 'broken or cut off'; [ \$? -eq 0 ] &&
	[ \$('$LT' incident list --json | jq length) -eq $before ]"
check "a cut-off XML exits 2" exits 2 "$LT" phone import "$TMP/cut.xml" $SIMS
echo '{"not": "a phone log"}' >"$TMP/wrong.json"
check "a file of another format is named as such" sh -c "'$LT' phone import '$TMP/wrong.json' --on 13800138000 2>&1 | grep -q 'not an SMS Backup'"
printf '<?xml version="1.0"?>\n<html><body/></html>\n' >"$TMP/other.xml"
check "an XML that is no SMS export is refused" exits 2 "$LT" phone import "$TMP/other.xml" --on 13800138000
{ printf '<smses><sms address="1" date="1" type="1" sub_id="1" body="'; head -c 1100000 /dev/zero | tr '\0' a; printf '"/></smses>'; } >"$TMP/huge.xml"
check "an SMS text over 1 MiB is refused as too large" sh -c "'$LT' phone import '$TMP/huge.xml' --on 13800138000 2>&1 | grep -q 'larger than allowed'"
printf '<!DOCTYPE smses [<!ENTITY a "aaaaaaaaaa">]><smses><sms address="1" date="1" type="1" body="&a;"/></smses>' >"$TMP/dtd.xml"
check "a document type is refused (no entity expansion)" exits 2 "$LT" phone import "$TMP/dtd.xml" --on 13800138000
check "a SIM without a number says which --sim to give" sh -c "
	'$LT' phone import '$D/sms-android.xml' --sim 1=13800138000 2>&1 | grep -q -- '--sim 2=NUMBER'"
check "no --on and no --sim is an error that says so" exits 2 "$LT" phone import "$D/calls-android.xml"
check "a missing file is refused before anything is read" exits 2 "$LT" phone import "$TMP/nothing.xml" --on 13800138000
check "nothing was stored by the bad imports" test "$("$LT" incident list --json | jq length)" -eq "$before"

# A large generated export: the expected incidents, computed by the generator.
expect=$("$(dirname "$0")/../../scripts/gen-phone-log" 20000 "$TMP/big.xml")
check "a generated 20,000-record export makes the incidents the generator counted" sh -c "
	TZ=UTC '$LT' phone import '$TMP/big.xml' --on 13600136000 --dry-run --json | jq -e '(.incidents | length) == $expect and .records == 20000'"
rm -rf "$TMP"
