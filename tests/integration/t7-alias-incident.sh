# SPDX-License-Identifier: MIT
# t7-alias-incident: per-site aliases, the phone pool, name variants, the
# incident log and ranking by the first incident.
. "$(dirname "$0")/lib.sh"
wipe_all

check "alias without a base says how to set one" sh -c "'$LT' alias shop.example 2>&1 | grep -q -- '--base'"
check "a base address is accepted" "$LT" alias --base Me@Mail.Example
a1=$("$LT" alias https://www.shop-p.com/join 2>/dev/null)
a2=$("$LT" alias shop-p.com 2>/dev/null)
a3=$("$LT" alias shop-q.com 2>/dev/null)
check "an alias is a +tag of the base" sh -c "echo '$a1' | grep -Eq '^me\+[a-z2-9]{8}@mail\.example$'"
check "the same site always gets the same alias" test "$a1" = "$a2"
check "another site gets another alias" test "$a1" != "$a3"
check "the alias is recorded as given to its site" sh -c "'$LT' list --site shop-p.com --json | jq -e '.accounts[0].identifiers[0].normalized == \"$a1\"'"
check "tracing an alias names its site for certain, other aliases are no candidates" sh -c "
	'$LT' trace '$a1' --json | jq -e '[.matches[] | [.site, .match, .rank]] == [[\"shop-p.com\",\"alias\",1]]'"
"$LT" forget shop-p.com --yes >/dev/null
check "with the account record gone, the alias still names the site" sh -c "
	'$LT' trace '$a1' --json | jq -e '.matches[0].site == \"shop-p.com\" and .matches[0].record_lost and .matches[0].reason_code == \"alias\"'"
"$LT" record shop-q.com --username q-user >/dev/null
"$LT" forget shop-q.com "$a3" --yes >/dev/null
secret-tool clear xdg:schema org.leaktrace.Alias
check "with the alias item gone too, the tag is recomputed from the sites known" sh -c "
	'$LT' trace '$a3' --json | jq -e '.matches[0].site == \"shop-q.com\" and .matches[0].match == \"alias\"'"
check "the host offers the alias for the extension" jsons_ok '.[0].result.alias == "'"$a3"'" and .[0].result.site == "shop-q.com"' \
	"$(host '{"id":1,"action":"alias","site":"https://login.shop-q.com/x"}')"
check "a catch-all domain gives TAG@domain" sh -c "
	'$LT' alias --base mydomain.example >/dev/null && '$LT' alias shop-r.com 2>/dev/null | grep -Eq '^[a-z2-9]{8}@mydomain\.example$'"

check "pool numbers are normalised" sh -c "'$LT' pool add '138 0013 8001' | grep -q '+8613800138001'"
"$LT" pool add 13800138002 >/dev/null
"$LT" record busy.example --phone 13800138001 >/dev/null
check "alias --phone picks the pool number held by the fewest sites" sh -c "'$LT' alias fresh.example --phone 2>/dev/null | grep -qx '+8613800138002'"
check "the picked number is recorded as given" sh -c "'$LT' trace 13800138002 --json | jq -e '.matches[0].site == \"fresh.example\"'"
variant=$("$LT" alias canary.example --name 'Zhang San' 2>/dev/null)
check "a name variant has a middle initial" sh -c "echo '$variant' | grep -Eq '^Zhang [A-Z]\. San$'"
check "trace --kind name finds the variant in any case and spacing" sh -c "
	'$LT' trace \"\$(echo '$variant' | tr A-Z a-z | sed 's/ /  /g')\" --kind name --json | jq -e '.matches[0].site == \"canary.example\"'"
check "a one-word name is refused" exits 2 "$LT" alias canary.example --name Zhang

# Ranking by time: three sites got the number on Nov 1, 10 and 25; the calls began on Nov 20.
wipe_keyring
LEAKTRACE_NOW=2026-11-01T08:00:00Z "$LT" record early.example --phone 13911112222 >/dev/null
LEAKTRACE_NOW=2026-11-10T08:00:00Z "$LT" record close.example --phone 13911112222 >/dev/null
LEAKTRACE_NOW=2026-11-10T08:00:00Z "$LT" record tie.example --phone 13911112222 >/dev/null
LEAKTRACE_NOW=2026-11-25T08:00:00Z "$LT" record late.example --phone 13911112222 >/dev/null
check "without incidents: oldest first, no one ruled out" sh -c "
	'$LT' trace 13911112222 --json | jq -e '[.matches[].site] == [\"early.example\",\"close.example\",\"tie.example\",\"late.example\"] and .cutoff == null'"
check "an incident in local time is logged" sh -c "TZ=Asia/Shanghai '$LT' incident add 13911112222 --kind call --from '+86 21 5555 0101' --at '2026-11-20 18:30' --note '自称银行客服' --json |
	jq -e '.at == \"2026-11-20T10:30:00Z\" and .note == \"自称银行客服\" and (.id | length == 12)'"
"$LT" incident add 13911112222 --kind sms --at 2026-11-22T09:00:00+08:00 >/dev/null
check "an identifier's incidents live in one keyring item" sh -c "
	[ \$(secret-tool search --all xdg:schema org.leaktrace.Incident 2>/dev/null | grep -c '^\[') -eq 1 ]"
ranked=$("$LT" trace 13911112222 --json)
check "the first incident is the cutoff" json_ok '.cutoff == {"at":"2026-11-20T10:30:00Z","source":"incident"}' "$ranked"
check "closest before the first incident ranks first, ties together, later sites ruled out" json_ok \
	'[.matches[] | [.rank, .site, .ruled_out]] == [[1,"close.example",false],[2,"tie.example",false],[3,"early.example",false],[4,"late.example",true]]' "$ranked"
check "each match says why" json_ok '[.matches[].reason_code] == ["before","before","before","after"] and (.matches[0].reason | test("10 days before the first incident"))' "$ranked"
check "the human trace says it in one line each" sh -c "'$LT' trace 13911112222 | grep -q 'ruled out: received it only after the first incident'"
check "--since overrides the incidents" sh -c "'$LT' trace 13911112222 --since 2026-11-05T00:00:00Z --json | jq -e '.cutoff.source == \"since\" and ([.matches[] | select(.ruled_out | not) | .site] == [\"early.example\"])'"
check "incidents before any registration rule every site out" sh -c "
	'$LT' incident add 13911112222 --kind call --at 2026-10-01 >/dev/null && '$LT' trace 13911112222 --json | jq -e '[.matches[].ruled_out] | all'"
check "incident list shows them oldest first" sh -c "'$LT' incident list 13911112222 --json | jq -e '[.[].kind] == [\"call\",\"call\",\"sms\"]'"
first_id=$("$LT" incident list 13911112222 --json | jq -r '.[0].id')
check "incident forget removes one" sh -c "'$LT' incident forget $first_id >/dev/null && '$LT' incident list --json | jq -e 'length == 2'"
check "forgetting an unknown incident exits 1" exits 1 "$LT" incident forget 000000000000
check "an unknown incident kind is refused" exits 2 "$LT" incident add 13911112222 --kind fax
check "an unreadable time is refused" exits 2 "$LT" incident add 13911112222 --kind call --at 'last tuesday'
check "a bad identifier is refused" exits 2 "$LT" incident add 'me@' --kind call
