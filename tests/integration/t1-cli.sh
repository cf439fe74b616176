# SPDX-License-Identifier: MIT
# t1-cli: a person's session at the terminal -- record, trace, list, forget.
. "$(dirname "$0")/lib.sh"
wipe_keyring

check "record a phone in Chinese national notation" sh -c "
	'$LT' record 'https://www.shop-a.com/register?token=SECRET#x' --phone '138-0013-8000' --capture signup --title '注册 Shop A' |
	grep -q 'Recorded shop-a.com: +8613800138000'"
check "record a second site with + and 00 notations and an email" \
	"$LT" record passport.shop-b.com.cn --phone '0086 13800138000' --email 'Me+ShopB@Mail.Example'
check "record again updates, never duplicates" sh -c "
	'$LT' record shop-b.com.cn --phone '+86 138 0013 8000' --json | jq -e '.created == false'"
check "the keyring holds exactly two leaktrace items" items_are 2

trace_json=$("$LT" trace '8613800138000' --json)
check "trace finds both sites for the bare country-code form" json_ok \
	'[.matches[].site] == ["shop-a.com","shop-b.com.cn"] and .kind == "phone" and .normalized == "+8613800138000"' "$trace_json"
check "full-width digits trace the same number" sh -c "
	'$LT' trace '１３８００１３８０００' --json | jq -e '.matches | length == 2'"
check "query and fragment are not kept in the URL" json_ok \
	'.matches[0].url == "https://www.shop-a.com/register" and .matches[0].title == "注册 Shop A"' "$trace_json"
check "human trace output names the sites" sh -c "'$LT' trace '+86 13800138000' | grep -q 'shop-b.com.cn'"

"$LT" record bbc.co.uk --email me@mail.example --username ' Johnny ' >/dev/null
"$LT" record mail-list.example --email 'm.e@gmail.com' >/dev/null
"$LT" record other.example --email 'me@gmail.com' >/dev/null
check "sub-address accounts are weaker matches of the base address" sh -c "
	'$LT' trace ME@mail.example --json |
	jq -e '[.matches[] | [.site, .match]] == [[\"bbc.co.uk\",\"exact\"],[\"shop-b.com.cn\",\"subaddress\"]]'"
check "gmail dots are a weaker mailbox match" sh -c "
	'$LT' trace me@gmail.com --json | jq -e '[.matches[] | [.site, .match]] == [[\"other.example\",\"exact\"],[\"mail-list.example\",\"mailbox\"]]'"
check "usernames are case-folded and trimmed" sh -c "'$LT' trace JOHNNY --json | jq -e '.kind == \"username\" and .matches[0].site == \"bbc.co.uk\"'"
check "nothing found exits 1 with an empty list" sh -c "
	'$LT' trace nobody@nowhere.example --json > \$LEAKTRACE_TEST_HOME/none.json; [ \$? -eq 1 ] && jq -e '.matches == []' \$LEAKTRACE_TEST_HOME/none.json"

later=$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)
earlier=$(date -u -d '-1 day' +%Y-%m-%dT%H:%M:%SZ)
check "--since after every record rules nothing out" sh -c "
	'$LT' trace 13800138000 --since $later --json | jq -e '[.matches[].ruled_out] == [false,false]'"
check "--since before every record rules all out" sh -c "
	'$LT' trace 13800138000 --since $earlier --json | jq -e '[.matches[].ruled_out] == [true,true]'"

check "IDN and punycode name one site" sh -c "
	'$LT' record 'https://www.例子.中国/' --username idn-user >/dev/null &&
	'$LT' record 'xn--fsqu00a.xn--fiqs8s' --username idn-user --json | jq -e '.created == false and .account.site == \"例子.中国\"'"
check "an IP address host stays whole" sh -c "
	'$LT' record http://127.0.0.1:8080/signup --username ip-user --json | jq -e '.account.site == \"127.0.0.1\"'"
check "list shows every account" sh -c "'$LT' list --json | jq -e '.total == 7'"
check "list --site by URL" sh -c "'$LT' list --site https://passport.shop-b.com.cn/x --json | jq -e '.total == 1 and .accounts[0].site == \"shop-b.com.cn\"'"
check "human list aligns CJK sites" sh -c "'$LT' list | grep -q '例子.中国'"

check "forget without --yes off a terminal refuses" exits 2 "$LT" forget shop-a.com </dev/null
check "forget one identifier leaves other accounts of the site" sh -c "
	'$LT' forget mail-list.example m.e@gmail.com --yes && ! '$LT' list --site mail-list.example >/dev/null"
check "forget a site" sh -c "'$LT' forget shop-a.com --yes && '$LT' trace 13800138000 --json | jq -e '[.matches[].site] == [\"shop-b.com.cn\"]'"
check "forget of an unknown site exits 1" exits 1 "$LT" forget never.example --yes

check "usage error exits 2" exits 2 "$LT" record
check "unknown command exits 2" exits 2 "$LT" frobnicate
check "record without identifiers is refused" exits 2 "$LT" record example.com
check "record of a javascript: URL is refused" exits 2 "$LT" record 'javascript:alert(1)' --email a@b.example
check "a bad phone is refused" exits 2 "$LT" record example.com --phone 12
check "a bad region is refused" exits 2 "$LT" record example.com --phone 13800138000 --region China
check "bad --since is refused" exits 2 "$LT" trace 13800138000 --since yesterday
check "--help answers for each command" sh -c "
	for c in record trace list forget; do '$LT' \$c --help | grep -q example || exit 1; done; '$LT' --help | grep -q 'exit codes'"
check "--version" sh -c "'$LT' --version | grep -q '^leaktrace [0-9]'"
check "an E.164 query with a stray trunk 0 still finds the number (looked up again after libphonenumber)" sh -c "
	'$LT' record trunk.example --phone '139 8765 4321' >/dev/null && '$LT' trace +86013987654321 --json | jq -e '.normalized == \"+8613987654321\" and .matches[0].site == \"trunk.example\"'"
