# SPDX-License-Identifier: MIT
# t12-accounts-import: past accounts from password-manager exports into the
# real keyring: every format, dates that say how sure they are, passwords
# only as fingerprints, the same file twice adds nothing, bad files write
# nothing, and trace on a store mixing exact, no-later-than and unknown dates.
. "$(dirname "$0")/lib.sh"
wipe_keyring
for schema in Alias Incident Setting Key; do secret-tool clear xdg:schema "org.leaktrace.$schema" 2>/dev/null; done
FX=tests/fixtures/accounts
dir=$(mktemp -d)
export LEAKTRACE_NOW=2026-12-01T08:00:00Z

check "a dry run lists what would be added and writes nothing" sh -c "
	out=\$('$LT' accounts import $FX/chrome.csv --dry-run) && echo \"\$out\" | grep -q 'added *shop-b.test *+8613800138000 *date unknown' &&
	[ \$(secret-tool search --all xdg:schema org.leaktrace.Account 2>/dev/null | grep -c '^\[') -eq 0 ] &&
	! secret-tool search --all xdg:schema org.leaktrace.Key 2>/dev/null | grep -q '^\['"
# An account the extension saw first: the import must keep its page and exact date.
LEAKTRACE_NOW=2026-11-01T08:00:00Z "$LT" record https://www.shop-a.test/register --email alice@mail.example --capture signup >/dev/null
out=$("$LT" accounts import $FX/chrome.csv --json)
check "Chrome CSV (BOM, CRLF, quoted commas and quotes, a line break in a field, Chinese title)" json_ok \
	'.format == "chrome" and .entries == 5 and .added == 2 and .merged == 1 and .unchanged == 0 and .passwords_fingerprinted == 3 and .undated == 3' "$out"
check "bad rows are listed by row number and reason, the rest imported" json_ok \
	'[.skipped[] | .row] == [5, 6] and (.skipped[0].reason | test("an Android app, not a web site")) and (.skipped[1].reason | test("no username"))' "$out"
check "usernames are classified: email, phone (region CN), username" sh -c "
	'$LT' list --json | jq -e '[.accounts[] | [.site, .identifiers[0].kind]] | sort == [[\"shop-a.test\",\"email\"],[\"shop-b.test\",\"phone\"],[\"taobao-x.test\",\"username\"]]'"
check "an account already here keeps its page and exact date" sh -c "
	'$LT' list --site shop-a.test --json | jq -e '.accounts[0] | .url == \"https://www.shop-a.test/register\" and .first_seen == \"2026-11-01T08:00:00Z\" and .first_seen_certainty == \"exact\" and .title == null and (.captures | index(\"import\"))'"
check "passwords are fingerprints only: never in the keyring" sh -c "
	! secret-tool search --all xdg:schema org.leaktrace.Account 2>/dev/null | grep -e 'shared-pw' -e 'pa,ss' -e 'secrets'"
check "the same password on two sites gives one fingerprint (a reuse group)" sh -c "
	'$LT' list --json | jq -e '[.accounts[] | select(.site == \"shop-b.test\" or .site == \"taobao-x.test\") | .password.fingerprint] | (length == 2 and .[0] == .[1] and (.[0] | test(\"^[0-9a-f]{16}\$\")))'"
check "the Chinese title is kept" sh -c "'$LT' list --site taobao-x.test --json | jq -e '.accounts[0].title == \"淘宝 中文标题\"'"
check "importing the same file twice adds nothing" json_ok '.added == 0 and .merged == 0 and .unchanged == 3' \
	"$("$LT" accounts import $FX/chrome.csv --json)"
check "... and writes no item" items_are 3

out=$("$LT" accounts import $FX/firefox.csv --json)
check "Firefox CSV: timeCreated is a no-later-than date" sh -c "
	'$LT' list --site insure-d.test --json | jq -e '.accounts[0] | .first_seen == \"2024-05-03T00:00:00Z\" and .first_seen_certainty == \"no-later-than\" and .capture == \"import\"'"
check "Firefox CSV: a row whose date is no date is skipped with its row" json_ok '.added == 2 and .dated == 2 and [.skipped[].row] == [4]' "$out"
check "Firefox CSV: the password's own date is kept" sh -c "
	'$LT' list --site forum.example --json | jq -e '.accounts[0].password.first_seen == \"2020-09-13T12:26:40Z\"'"
check "Bitwarden CSV: logins only, quoted names and notes" json_ok '.format == "bitwarden" and .added == 2 and .entries == 2' \
	"$("$LT" accounts import $FX/bitwarden.csv --json)"
check "Bitwarden JSON: creationDate, a Chinese name, items without a web address skipped" json_ok \
	'.format == "bitwarden-json" and .added == 1 and .dated == 1 and [.skipped[].row] == [3]' "$("$LT" accounts import $FX/bitwarden.json --json)"
check "Bitwarden JSON: the date" sh -c "'$LT' list --site jd-x.test --json | jq -e '.accounts[0].first_seen == \"2023-02-01T08:30:00Z\" and .accounts[0].title == \"京东 账户\"'"
check "KeePassXC CSV: Created is a no-later-than date" sh -c "
	'$LT' accounts import $FX/keepassxc.csv --json | jq -e '.format == \"keepassxc\" and .added == 2 and .dated == 2' &&
	'$LT' list --site weibo-x.test --json | jq -e '.accounts[0].first_seen == \"2022-01-01T00:00:00Z\" and .accounts[0].title == \"微博\"'"
check "1Password CSV" json_ok '.format == "1password" and .added == 2 and .undated == 2' "$("$LT" accounts import $FX/1password.csv --json)"

# Digits alone as a username (region CN): a QQ number or an ID is a username, a valid number the phone.
out=$("$LT" accounts import $FX/numeric.csv --json)
check "digits that are no phone number in the region are a username; a valid number is the phone" sh -c "
	'$LT' list --json | jq -e '[.accounts[] | select(.site | test(\"^(qq|short|ten|mobile|tw)-x[.]test\$\")) | [.site, .identifiers[].kind, .identifiers[].normalized]] | sort ==
	  [[\"mobile-x.test\",\"phone\",\"+8613800138002\"],[\"qq-x.test\",\"username\",\"123456789\"],[\"short-x.test\",\"username\",\"10001\"],
	   [\"ten-x.test\",\"username\",\"1380013800\"],[\"tw-x.test\",\"username\",\"0912345678\"]]'"
check "trace of the QQ number finds the account it was imported as (a username), not a refused phone" sh -c "
	'$LT' trace 123456789 --json | jq -e '.kind == \"username\" and [.matches[].site] == [\"qq-x.test\"]'"
check "... while digits no site has, as a phone or a username, are still refused with the phone's reason (exit 2)" sh -c "
	'$LT' trace 987654321 2>&1 | grep -q 'not a valid phone number in CN' && { '$LT' trace 987654321 >/dev/null 2>&1; [ \$? -eq 2 ]; }"
check "a spaced number that is none, an app, a bare word: skipped, each with its reason" json_ok \
	'.added == 5 and [.skipped[] | .row] == [7, 8, 9] and (.skipped[0].reason | test("not a valid phone number in CN")) and
	 (.skipped[1].reason == "not a web address or host name: an Android app, not a web site") and
	 (.skipped[2].reason == "not a web address or host name: a word, not a web address")' "$out"
check "no site is named after a bare word or an app" sh -c "
	'$LT' list --json | jq -e '[.accounts[] | select(.site == \"notaurl\" or (.site | test(\"example.app\")))] | length == 0'"
check "--region reads the digits with that region: valid in TW, the phone; not valid there, a username" sh -c "
	'$LT' accounts import $FX/numeric.csv --region TW --dry-run --json | jq -e '
	  [.accounts[] | select(.site == \"tw-x.test\" or .site == \"mobile-x.test\") | [.site, .identifiers[].kind, .identifiers[].normalized]] ==
	  [[\"mobile-x.test\",\"username\",\"13800138002\"],[\"tw-x.test\",\"phone\",\"+886912345678\"]]'"
check "a bad --region is a usage error" exits 2 "$LT" accounts import $FX/numeric.csv --region C1

out=$("$LT" accounts import $FX/kp-nogroup.csv --json)
check "KeePassXC CSV without its Group column: KeePassXC still, with its Created date" json_ok \
	'.format == "keepassxc" and .added == 1 and .dated == 1' "$out"
check "... the date kept" sh -c "
	'$LT' list --site mail-k.test --json | jq -e '.accounts[0] | .first_seen == \"2020-03-04T05:06:07Z\" and .first_seen_certainty == \"no-later-than\"'"
out=$("$LT" accounts import $FX/bitwarden-uris.csv --json)
check "Bitwarden CSV: a login with several URIs is an account on each of their sites, once each" json_ok \
	'.entries == 2 and .added == 2 and .passwords_fingerprinted == 1 and [.skipped[] | .row] == [3] and
	 (.skipped[0].reason | test("an Android app"))' "$out"
check "... the same fingerprint on both sites" sh -c "
	'$LT' list --json | jq -e '[.accounts[] | select(.site == \"multi-a.test\" or .site == \"multi-b.test\") | [.site, .identifiers[0].normalized, .password.fingerprint]] |
	  length == 2 and .[0][1] == \"mia@mail.example\" and .[1][1] == \"mia@mail.example\" and .[0][2] == .[1][2] and (.[0][2] | test(\"^[0-9a-f]{16}\$\"))'"
out=$("$LT" accounts import $FX/bitwarden-bom.json --json)
check "Bitwarden JSON (a byte order mark): several uris, one account per site, dated" json_ok \
	'.format == "bitwarden-json" and .entries == 1 and .added == 2 and .dated == 2' "$out"
check "... a numeric username on both" sh -c "
	'$LT' list --json | jq -e '[.accounts[] | select(.site == \"json-a.test\" or .site == \"json-b.test\") | [.site, .identifiers[0].kind, .first_seen]] | sort ==
	  [[\"json-a.test\",\"username\",\"2022-02-02T00:00:00Z\"],[\"json-b.test\",\"username\",\"2022-02-02T00:00:00Z\"]]'"
count=$(item_count)

# Files that are not what they claim write nothing.
for f in bad-quote.csv bad-fields.csv bad-header.csv bitwarden-encrypted.json; do
	check "$f is refused with exit 2" exits 2 "$LT" accounts import "$FX/$f"
done
check "... and nothing was written" items_are "$count"
check "a broken quote names its row" sh -c "'$LT' accounts import $FX/bad-quote.csv 2>&1 | grep -q 'row 2: broken quoting'"
check "a short row names its row and the field counts" sh -c "'$LT' accounts import $FX/bad-fields.csv 2>&1 | grep -q 'row 3: 3 fields, the header has 5'"
check "an encrypted Bitwarden export says how to make a plain one" sh -c "'$LT' accounts import $FX/bitwarden-encrypted.json 2>&1 | grep -q 'encrypted Bitwarden export'"
check "a --format the file is not is refused, naming the column" sh -c "
	'$LT' accounts import $FX/chrome.csv --format firefox 2>&1 | grep -q 'no column \"httpRealm\"'"
check "an unknown --format is a usage error" exits 2 "$LT" accounts import $FX/chrome.csv --format lastpass
check "a missing file is an error" sh -c "! '$LT' accounts import '$dir/none.csv' 2>/dev/null"
check "a progress bar on a terminal" sh -c "
	script -qec \"'$LT' accounts import $FX/1password.csv\" /dev/null | grep -q 'importing \[#*\] 2 of 2'"
check "--help says passwords are never stored" sh -c "'$LT' accounts --help | grep -q 'Passwords in the file are never stored'"

# Browser history: only the first visit to a sign-up page, as a no-later-than date.
HX=tests/fixtures/history
sqlite3 "$dir/History" <$HX/chromium.sql >/dev/null
sqlite3 "$dir/places.sqlite" <$HX/firefox.sql >/dev/null
cp "$dir/History" "$dir/History.orig"
before=$("$LT" list --json)
check "a history dry run writes nothing" sh -c "
	'$LT' accounts import '$dir/History' --dry-run --json | jq -e '.format == \"chromium-history\" and .merged == 3' &&
	[ \"\$('$LT' list --json)\" = '$(printf '%s' "$before" | sed "s/'/'\\''/g")' ]"
out=$("$LT" accounts import "$dir/History" --json)
check "Chromium History: sign-up pages by path, 注册, query, host label and title; not a product page, a file: page, a long path" json_ok \
	'[.signup_sites[] | [.site, .first_visit, .accounts]] == [["forum-x.test","2019-07-01T00:00:00Z",0],["jd-x.test","2022-03-01T12:00:00Z",1],
	  ["live-x.test","2021-01-01T00:00:00Z",0],["shop-a.test","2024-05-03T00:00:00Z",1],["weibo-x.test","2020-06-01T00:00:00Z",1]]' "$out"
check "the first sign-up visit dates the accounts there no later than it" sh -c "
	'$LT' list --json | jq -e '[.accounts[] | select(.site == \"shop-a.test\" or .site == \"jd-x.test\" or .site == \"weibo-x.test\") | [.site, .first_seen, .first_seen_certainty]] | sort ==
	  [[\"jd-x.test\",\"2022-03-01T12:00:00Z\",\"no-later-than\"],[\"shop-a.test\",\"2024-05-03T00:00:00Z\",\"no-later-than\"],[\"weibo-x.test\",\"2020-06-01T00:00:00Z\",\"no-later-than\"]]'"
check "a history adds no account, and names the sites it cannot date" sh -c "
	[ \$('$LT' list --json | jq .total) -eq $(printf '%s' "$before" | jq .total) ] &&
	'$LT' accounts import '$dir/History' | grep -q 'live-x.test  first sign-up visit 2021-01-01'"
check "the live file is read, never written" cmp "$dir/History" "$dir/History.orig"
check "Firefox places.sqlite: the same pages, nothing new to date" json_ok \
	'.format == "firefox-history" and (.signup_sites | length == 5) and .merged == 0' "$("$LT" accounts import "$dir/places.sqlite" --json)"
check "a history with the wrong --format is refused" exits 2 "$LT" accounts import "$dir/places.sqlite" --format chromium-history
printf 'SQLite format 3\000 but no database' >"$dir/fake.sqlite"
check "a file that only looks like SQLite is refused" exits 2 "$LT" accounts import "$dir/fake.sqlite"

# 10,000 rows, streamed: every one read and weighed.
awk 'BEGIN { print "\"url\",\"username\",\"password\",\"httpRealm\",\"formActionOrigin\",\"guid\",\"timeCreated\",\"timeLastUsed\",\"timePasswordChanged\"";
	for (i = 1; i <= 10000; i++) printf "\"https://www.site%05d.test/login\",\"user%05d@mail.example\",\"pw %d, \"\"q\"\"\",\"\",\"\",\"{g%d}\",\"%d000\",\"\",\"\"\n", i, i, i, i, 1600000000 + i }' >"$dir/big.csv"
check "10,000 rows read in a dry run" json_ok '.entries == 10000 and .added == 10000 and .dated == 10000 and (.skipped | length == 0)' \
	"$("$LT" accounts import "$dir/big.csv" --dry-run --json)"

# trace on a store mixing exact, no-later-than and unknown dates.
"$LT" record late.test --phone '+86 139 1111 2222' --given 2026-11-25 >/dev/null
"$LT" record someone.test --phone '+86 139 1111 2222' --given unknown >/dev/null
"$LT" incident add '+86 139 1111 2222' --kind call --at 2026-11-20T10:00:00Z >/dev/null
t=$("$LT" trace 13911112222 --json)
check "trace: the imported site is most likely, no later than its created date" json_ok \
	'.verdict == "most_likely" and .suspect == "insure-d.test" and .certainty == "no-later-than" and
	 [.matches[] | [.site, .certainty, .ruled_out]] == [["insure-d.test","no-later-than",false],["someone.test","unknown",false],["late.test","exact",true]]' "$t"
check "trace: the verdict line says how sure" sh -c "
	'$LT' trace 13911112222 | head -1 | grep -qx 'Suspect, by time alone: insure-d.test — had it no later than 2024-05-03, 931 days before the first call.'"
unset LEAKTRACE_NOW
rm -rf "$dir"
