# SPDX-License-Identifier: MIT
# t13-phone-map: `phone map` judges again the incidents already stored, not
# only the next import's: a company named for a site that never got the number
# becomes a certain leak, one named for a site that got it (or --never) is no
# incident any more, and the log left is what a fresh import would make.
. "$(dirname "$0")/lib.sh"
wipe_keyring
for schema in Incident Setting Key; do secret-tool clear xdg:schema "org.leaktrace.$schema" 2>/dev/null; done
export TZ=Asia/Shanghai
D=$(dirname "$0")/../data/phone
SIMS="--sim 1=13800138000 --sim 2=13900139000"
incident_items() { secret-tool search --all xdg:schema org.leaktrace.Incident 2>/dev/null | grep -c '^\[' || true; }
# every stored incident as [id, verdict, site, certain, reasons], by id
stored() { "$LT" incident list --json | jq -c 'map([.id, .verdict, .site, .certain, .reasons]) | sort'; }
by_sig() { "$LT" incident list --json | jq -c --arg s "$1" '[.[] | select(.signature == $s)]'; }
T=$LEAKTRACE_TEST_HOME

LEAKTRACE_NOW=2026-11-20T02:00:00Z "$LT" record youxuan.example --phone 13800138000 >/dev/null
"$LT" record haowu.example --phone 13800138000 --title '好物商城 - 新用户注册' >/dev/null
"$LT" record shopq.example --phone 13900139000 >/dev/null
"$LT" phone import "$D/sms-android.xml" "$D/calls-android.xml" $SIMS >/dev/null 2>&1
"$LT" incident list --json >"$T/before.json"
check "before any map: 陌生贷款 is a company not in the records, twice" json_ok \
	'length == 2 and all(.[]; .verdict == "unknown-company")' "$(by_sig 陌生贷款)"
check "before any map: 某某商城 too" json_ok 'length == 1 and .[0].verdict == "unknown-company"' "$(by_sig 某某商城)"

out=$("$LT" phone map 陌生贷款 loan.example)
check "mapping to a site that never got the number: both stored incidents judged again" has \
	"Stored incidents judged again: 2 changed, 0 removed as related." "$out"
check "... they are certain leaks naming the site, with the map as the reason" json_ok \
	'length == 2 and all(.[]; .verdict == "leak" and .certain and .site == "loan.example" and
	.reasons == ["【陌生贷款】 texted a number you never gave it", "【陌生贷款】 is loan.example: your own map (leaktrace phone map)",
	"signed with a company'"'"'s 【signature】"])' "$(by_sig 陌生贷款)"
keep='[.[] | select(.signature == "陌生贷款") | [.id, .at, .count, .from]]'
check "... and keep their ids, times, counts and senders" test "$(jq -c "$keep" "$T/before.json")" = "$("$LT" incident list --json | jq -c "$keep")"

out=$("$LT" phone map 某某商城 haowu.example)
check "mapping to a site that got the number: the stored incident is related, removed" has \
	"Stored incidents judged again: 0 changed, 1 removed as related." "$out"
check "... it is gone from the log" test "$(by_sig 某某商城)" = "[]"
out=$("$LT" phone map --never 中国移动)
check "--never: the stored incident of that company is removed too" sh -c "
	printf '%s' '$out' | grep -qF '0 changed, 1 removed' && [ '$(by_sig 中国移动)' = '[]' ]"
out=$("$LT" phone map 好物商城 other.example)
check "a leak named by a page title, mapped by the person to another site: re-judged" has "1 changed, 0 removed" "$out"
check "... to that site, by the person's map" json_ok \
	'.[0].site == "other.example" and (.[0].reasons[1] | endswith("your own map (leaktrace phone map)"))' "$(by_sig 好物商城)"
out=$("$LT" phone map 好物商城 other.example)
check "the same map again changes nothing" has "0 changed, 0 removed" "$out"
unsigned='[.[] | select(.signature == null)] | sort_by(.id)'
check "the incidents without a signature are untouched" test "$(jq -c "$unsigned" "$T/before.json")" = "$("$LT" incident list --json | jq -c "$unsigned")"
check "10 incidents left, still one keyring item per number" sh -c "
	[ \$('$LT' incident list --json | jq length) -eq 10 ] && [ \$(secret-tool search --all xdg:schema org.leaktrace.Incident 2>/dev/null | grep -c '^\[') -eq 2 ]"

# What is stored now is what a fresh import with these maps makes.
fresh=$("$LT" phone import "$D/sms-android.xml" "$D/calls-android.xml" $SIMS --dry-run --json |
	jq -c '.incidents | map([.id, .verdict, .site, .certain, .reasons]) | sort')
check "the stored log equals a fresh import's judgement under the same map" test "$(stored)" = "$fresh"
check "importing the files again adds and changes nothing" sh -c "
	'$LT' phone import '$D/sms-android.xml' '$D/calls-android.xml' $SIMS --json | jq -e '.added == 0 and .merged == 0'"
check "the report shows the new judgement, in Chinese" sh -c "
	'$LT' evidence 13800138000 --format md --lang zh 2>/dev/null | grep -qF '【陌生贷款】即 loan.example：你自己的对应（leaktrace phone map）'"
check "trace in Chinese gives an imported incident's reason in Chinese" sh -c "
	LC_ALL=zh_CN.UTF-8 '$LT' trace 13800138000 | grep -qF '【陌生贷款】向一个你从未提供给它的号码发了短信'"
check "... and in English as it was stored" sh -c "
	LC_ALL=C.UTF-8 '$LT' trace 13800138000 | grep -qF '【陌生贷款】 texted a number you never gave it'"

# A signup-time code names the site only when the account's first-given time is exact:
# youxuan.example got 138 at 10:00 and 【优选App】 sent a code at 10:03. Dated no later
# than 10:00 (an import's date), that minute is no evidence: the code names no site.
code_sites() {
	"$LT" phone import "$D/sms-android.xml" "$D/calls-android.xml" $SIMS --dry-run --json |
		jq -c '[.incidents[] | select(.signature == "优选App") | .site]'
}
check "an exact first-given time: the code names youxuan.example" json_ok 'length > 0 and all(. == "youxuan.example")' "$(code_sites)"
"$LT" forget youxuan.example --yes >/dev/null
printf '"url","username","password","httpRealm","formActionOrigin","guid","timeCreated","timeLastUsed","timePasswordChanged"\n"https://youxuan.example","13800138000","","","","{g}","1795140000000","",""\n' >"$T/youxuan.csv"
"$LT" accounts import "$T/youxuan.csv" >/dev/null
check "... the same minute as a no-later-than date: it names no site" sh -c "
	'$LT' list --site youxuan.example --json | jq -e '.accounts[0] | .first_seen == \"2026-11-20T02:00:00Z\" and .first_seen_certainty == \"no-later-than\"' &&
	printf '%s' '$(code_sites)' | jq -e 'length > 0 and all(. != \"youxuan.example\")'"
