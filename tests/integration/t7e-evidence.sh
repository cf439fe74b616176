# SPDX-License-Identifier: MIT
# t7e-evidence: the evidence report, as a person would hand it over -- parsed
# back (HTML with xmllint, JSON with jq) and checked field by field.
. "$(dirname "$0")/lib.sh"
wipe_keyring
secret-tool clear xdg:schema org.leaktrace.Incident 2>/dev/null
rep="$LEAKTRACE_TEST_HOME/reports"
mkdir -p "$rep"

LEAKTRACE_NOW=2026-11-01T08:00:00Z "$LT" record 'https://www.shop-a.com/reg?t=1' --phone 13977778888 --title '注册 <b>Shop</b> & "more"' >/dev/null
LEAKTRACE_NOW=2026-11-10T08:00:00Z "$LT" record passport.shop-b.cn --phone 13977778888 --capture signup >/dev/null
LEAKTRACE_NOW=2026-11-25T08:00:00Z "$LT" record late.example --phone 13977778888 >/dev/null
"$LT" incident add 13977778888 --kind call --at 2026-11-20T10:31:00Z --from 021-5555-0101 --note '自称快递 <script>x</script>' >/dev/null

json=$(LEAKTRACE_NOW=2026-11-28T00:00:00Z "$LT" evidence 13977778888 --format json 2>"$rep/json.err")
check "JSON report: identifier, cutoff and sites in rank order" json_ok \
	'.identifier.normalized == "+8613977778888" and .cutoff.at == "2026-11-20T10:31:00Z" and [.sites[].site] == ["shop-b.cn","shop-a.com","late.example"]' "$json"
check "JSON report: the suspected source with its reason" json_ok \
	'.suspected_source.site == "shop-b.cn" and .suspected_source.reason_code == "before" and (.suspected_source.certain | not)' "$json"
check "JSON report: the later site is ruled out, the incident is there with its note" json_ok \
	'.sites[2].ruled_out and .incidents[0].note == "自称快递 <script>x</script>" and .incidents[0].kind == "call"' "$json"
check "JSON report: page URL without query, CJK title kept" json_ok '.sites[1].url == "https://www.shop-a.com/reg" and (.sites[1].title | startswith("注册"))' "$json"
check "JSON report: keys sorted at every level (canonical)" sh -c "
	printf '%s' '$(printf '%s' "$json" | jq -c . | sed "s/'/'\\\\''/g")' | jq -e '[paths(type == \"object\") as \$p | getpath(\$p) | keys_unsorted | . == sort] | all'"
fp=$(sed -n 's/^data fingerprint (SHA-256 of the canonical JSON): //p' "$rep/json.err")
check "the printed data fingerprint is the SHA-256 of the canonical JSON" test "$fp" = "$(printf '%s' "$json" | sha256sum | cut -c1-64)"
json2=$(LEAKTRACE_NOW=2026-12-24T18:00:00Z "$LT" evidence 13977778888 --format json 2>"$rep/json2.err")
check "a second run a month later gives the same JSON data, byte for byte" test "$json2" = "$json"
check "... and prints the same data fingerprint" grep -qx "data fingerprint (SHA-256 of the canonical JSON): $fp" "$rep/json2.err"
check "the JSON data holds no generation time" json_ok 'has("generated_at") | not' "$json"
check "two Markdown reports at different times: each shows its own time, both the same fingerprint" sh -c "
	LEAKTRACE_NOW=2026-11-28T00:00:00Z TZ=UTC '$LT' evidence 13977778888 --format md --lang en >'$rep/a.md' 2>/dev/null &&
	LEAKTRACE_NOW=2026-12-24T18:00:00Z TZ=UTC '$LT' evidence 13977778888 --format md --lang en >'$rep/b.md' 2>/dev/null &&
	grep -qF '2026-11-28 00:00 (UTC+00:00)' '$rep/a.md' && grep -qF '2026-12-24 18:00 (UTC+00:00)' '$rep/b.md' &&
	grep -q '$fp' '$rep/a.md' && grep -q '$fp' '$rep/b.md' && ! cmp -s '$rep/a.md' '$rep/b.md'"

check "HTML report in Chinese is written, with its SHA-256" sh -c "
	LEAKTRACE_NOW=2026-11-28T00:00:00Z '$LT' evidence 13977778888 -o '$rep/report.html' --lang zh 2>'$rep/html.err' &&
	grep -q \"报告的 SHA-256：\$(sha256sum '$rep/report.html' | cut -c1-64)\" '$rep/html.err'"
cells=$(xmllint --html --xpath '//td' "$rep/report.html" 2>/dev/null)
check "HTML report parses and lists every site" sh -c "for s in shop-b.cn shop-a.com late.example; do printf '%s' '$(printf '%s' "$cells" | tr "'" ' ')' | grep -q \"\$s\" || exit 1; done"
check "HTML report speaks Chinese" grep -q '骚扰记录' "$rep/report.html"
check "HTML report carries no script from the page title or note" sh -c "! grep -qi '<script' '$rep/report.html' && grep -q '&lt;script&gt;' '$rep/report.html'"
check "the HTML embeds the same data fingerprint as the JSON" grep -q "$fp" "$rep/report.html"
check "Markdown report in English has a row per site" sh -c "
	'$LT' evidence 13977778888 -o '$rep/report.md' --lang en 2>/dev/null && [ \$(grep -c -e '| shop-b.cn' -e '| shop-a.com' -e '| late.example' '$rep/report.md') -ge 3 ] && grep -qi 'incident' '$rep/report.md'"
check "an unknown identifier: 'no records', exit 1, no file" sh -c "
	'$LT' evidence nobody@nowhere.example -o '$rep/none.html' >/dev/null 2>&1; [ \$? -eq 1 ] && [ ! -e '$rep/none.html' ] && ! ls '$rep' | grep -q 'none.html.'"
check "an unwritable -o fails before any work, with the reason" sh -c "
	'$LT' evidence 13977778888 -o /nonexistent-dir/r.html 2>&1 | grep -q 'No such file or directory'; '$LT' evidence 13977778888 -o /nonexistent-dir/r.html >/dev/null 2>&1; [ \$? -eq 2 ]"
check "a bad --format is a usage error" exits 2 "$LT" evidence 13977778888 --format pdf

# The page beside the signup date is the signup page, after any number of later logins.
LEAKTRACE_NOW=2026-11-02T09:00:00Z "$LT" record 'https://www.shop-a.com/login?next=/' --phone 13977778888 --capture login --title '登录 Shop' >/dev/null
LEAKTRACE_NOW=2026-11-29T09:00:00Z "$LT" record 'https://m.shop-a.com/account' --phone 13977778888 --capture login >/dev/null
later=$(LEAKTRACE_NOW=2026-11-30T00:00:00Z "$LT" evidence 13977778888 --format json 2>/dev/null)
check "after later logins the report still shows the signup page, its title and time" json_ok \
	'.sites[] | select(.site == "shop-a.com") | .url == "https://www.shop-a.com/reg" and (.title | startswith("注册")) and
	.first_seen == "2026-11-01T08:00:00Z" and .last_seen == "2026-11-29T09:00:00Z"' "$later"
check "the account keeps the later pages with their own times" sh -c "
	'$LT' list --site shop-a.com --json | jq -e '.accounts[0].pages | map([.url, .capture, .at]) ==
	[[\"https://www.shop-a.com/login\", \"login\", \"2026-11-02T09:00:00Z\"], [\"https://m.shop-a.com/account\", \"login\", \"2026-11-29T09:00:00Z\"]]'"
