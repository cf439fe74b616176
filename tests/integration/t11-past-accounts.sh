# SPDX-License-Identifier: MIT
# t11-past-accounts: first-given dates that say how sure they are (exact,
# no-later-than, unknown), `record --given`, and trace's one-line verdict in
# text, --json and the evidence report.
. "$(dirname "$0")/lib.sh"
wipe_keyring
for schema in Alias Incident Setting Key; do secret-tool clear xdg:schema "org.leaktrace.$schema" 2>/dev/null; done
dir=$(mktemp -d)
N=13922223333

# A store mixing the three: calls began on 2026-11-20 10:00 UTC.
export LEAKTRACE_NOW=2026-12-01T08:00:00Z
check "record --given DATE is exact" sh -c "
	'$LT' record insure-d.cn --phone $N --given 2026-11-17T10:00:00Z --json |
	jq -e '.account.first_seen == \"2026-11-17T10:00:00Z\" and .account.first_seen_certainty == \"exact\"'"
check "record --given unknown keeps no date" sh -c "
	'$LT' record unknown.example --phone $N --given unknown --json | jq -e '.account.first_seen_certainty == \"unknown\"'"
check "a date in the future is refused" exits 2 "$LT" record later.example --phone $N --given 2027-01-01
check "a date that is no date is refused" exits 2 "$LT" record later.example --phone $N --given soon
"$LT" record late.example --phone $N --given 2026-11-25 >/dev/null
# A no-later-than date, through a plain backup (as an import of past accounts makes them).
"$LT" record nlt.example --phone $N --given 2024-05-03T00:00:00Z >/dev/null
LEAKTRACE_PASSPHRASE_FD= "$LT" export -o "$dir/all.json" --plain >/dev/null 2>&1
jq '(.accounts[] | select(.site == "nlt.example") | .first_seen_certainty) = "no-later-than"' "$dir/all.json" >"$dir/nlt.json"
"$LT" forget nlt.example --yes >/dev/null
"$LT" import "$dir/nlt.json" --plain >/dev/null 2>&1
check "a no-later-than date survives the keyring and a backup" sh -c "
	'$LT' list --site nlt.example --json | jq -e '.accounts[0].first_seen_certainty == \"no-later-than\"'"
check "list says how sure each date is" sh -c "
	out=\$('$LT' list); echo \"\$out\" | grep -q 'no later than 2024-05-03' && echo \"\$out\" | grep -q 'date unknown'"

"$LT" incident add $N --kind call --at 2026-11-20T10:00:00Z >/dev/null
t=$("$LT" trace $N --json)
check "only an exact date after the first call rules a site out" json_ok \
	'[.matches[] | [.site, .ruled_out, .reason_code, .certainty]] == [
	  ["insure-d.cn",false,"before","exact"], ["nlt.example",false,"before","no-later-than"],
	  ["unknown.example",false,"date_unknown","unknown"], ["late.example",true,"after","exact"]]' "$t"
check "the verdict in --json" json_ok '.verdict == "most_likely" and .certainty == "exact" and .suspect == "insure-d.cn"' "$t"
check "the verdict is the first line, then the table" sh -c "
	'$LT' trace $N | head -1 | grep -qx 'Suspect, by time alone: insure-d.cn — had it 3 days before the first call.'"
check "the table shows how sure each date is" sh -c "
	out=\$('$LT' trace $N); echo \"\$out\" | grep -q 'no later than 2024-05-03' && echo \"\$out\" | grep -q 'date unknown'"
"$LT" forget insure-d.cn --yes >/dev/null
check "a no-later-than date is worded as such" sh -c "
	'$LT' trace $N | head -1 | grep -qx 'Suspect, by time alone: nlt.example — had it no later than 2024-05-03, 931 days before the first call.'"
check "the evidence report's source box has the same verdict" sh -c "
	'$LT' evidence $N --format json | jq -e '.suspected_source | .site == \"nlt.example\" and .verdict == \"most_likely\" and .certainty == \"no-later-than\" and (.verdict_text | startswith(\"Suspect, by time alone: nlt.example\"))'"
check "the report words it in English and Chinese" sh -c "
	'$LT' evidence $N --format md --lang en | grep -q 'no later than 2024-05-03' &&
	'$LT' evidence $N --format md --lang zh | grep -q '不晚于 2024-05-03' && '$LT' evidence $N --format md --lang zh | grep -q '日期不明'"
"$LT" forget nlt.example --yes >/dev/null
# A no-later-than date after the first call (a password manager's entry made later): the
# site may have had the number before, so it is ranked, never ruled out.
printf '"url","username","password","httpRealm","formActionOrigin","guid","timeCreated","timeLastUsed","timePasswordChanged"\r\n"https://after.example","%s","","","","{g}","%s000","",""\r\n' \
	"$N" "$(date -u -d 2026-11-27T10:00:00Z +%s)" >"$dir/after.csv"
"$LT" accounts import "$dir/after.csv" >/dev/null
t=$("$LT" trace $N --json)
check "a no-later-than date after the first call: not ruled out, evidence_after" json_ok \
	'[.matches[] | select(.site == "after.example") | [.ruled_out, .reason_code, .certainty, (.reason | test("it may have had it before, so it is not ruled out"))]] ==
	  [[false, "evidence_after", "no-later-than", true]] and .verdict == "most_likely" and .suspect == "after.example"' "$t"
check "... ranked before a date unknown and before the site ruled out" json_ok \
	'[.matches[] | .site] == ["after.example", "unknown.example", "late.example"]' "$t"
check "... the verdict line says maybe earlier" sh -c "
	'$LT' trace $N | head -1 | grep -qx 'Suspect, by time alone: after.example — had it no later than 2026-11-27, 7 days after the first call, maybe earlier.'"
check "... and the report says it may have had it earlier (en, zh)" sh -c "
	'$LT' evidence $N --format md --lang en | grep -q 'no later than 2026-11-27, 7 days after the first incident; it may have had it earlier: not ruled out' &&
	'$LT' evidence $N --format md --lang zh | grep -q '可能更早已有：不予排除'"
"$LT" forget after.example --yes >/dev/null
check "only an unknown date left: most likely, date unknown" sh -c "
	'$LT' trace $N | head -1 | grep -qx 'Suspect, by time alone: unknown.example — date unknown.'"
"$LT" forget unknown.example --yes >/dev/null
check "nothing fits: exit 1" exits 1 "$LT" trace $N
check "nothing fits: the verdict says so and how to import" sh -c "
	'$LT' trace $N | head -1 | grep -qx 'No recorded site had it before the spam began: the source is probably a site that is not recorded. Import your past accounts: leaktrace accounts import FILE'"
check "nothing fits in --json" json_ok '.verdict == "none" and .certainty == null and .suspect == null and (.matches | length == 1)' \
	"$("$LT" trace $N --json)"
check "nothing recorded at all: exit 1 and the same advice" sh -c "
	'$LT' trace 13900001111 | head -1 | grep -q 'Import your past accounts'; [ \$? -eq 0 ] && ! '$LT' trace 13900001111 >/dev/null"

"$LT" alias --base me@mail.example >/dev/null
a=$("$LT" alias shop-b.test 2>/dev/null)
check "an alias match is certain" sh -c "'$LT' trace '$a' | head -1 | grep -qx 'Certain: shop-b.test — this alias was made only for it.'"
check "an alias verdict in --json" json_ok '.verdict == "certain" and .suspect == "shop-b.test"' "$("$LT" trace "$a" --json)"

# A record the browser's host makes is exact: the extension saw the giving.
host '{"id":1,"action":"record","url":"https://www.host-made.example/register","capture":"signup","identifiers":[{"kind":"email","value":"h@mail.example"}]}' >/dev/null
check "a record made by the browser's host is exact" sh -c "
	'$LT' list --site host-made.example --json | jq -e '.accounts[0] | .first_seen_certainty == \"exact\" and .capture == \"signup\" and .first_seen == \"2026-12-01T08:00:00Z\"'"
unset LEAKTRACE_NOW
rm -rf "$dir"
