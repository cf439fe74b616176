# SPDX-License-Identifier: MIT
# t7f-evidence-local: the evidence report as it is handed over at a police
# station -- local times with their offset (Beijing, and New York across its
# DST change), --tz, the person's details (never stored), wording that claims
# no more than the data, the SMS and the number each incident arrived on,
# phone-import reasons in Chinese, page numbers in a PDF printed by the real
# Chromium and counted with pdfinfo, and a fingerprint no time or zone moves.
. "$(dirname "$0")/lib.sh"
wipe_keyring
for schema in Incident Setting; do secret-tool clear xdg:schema "org.leaktrace.$schema" 2>/dev/null; done
rep="$LEAKTRACE_TEST_HOME/reports-local"
mkdir -p "$rep"
N=13977776666
ID=110101199001011234

# shop-a got the number on 1 Nov, shop-b on 10 Nov, late.example after the first call.
LEAKTRACE_NOW=2026-11-01T08:00:00Z "$LT" record 'https://www.shop-a.com/reg' --phone $N --capture signup >/dev/null
LEAKTRACE_NOW=2026-11-10T08:00:00Z "$LT" record passport.shop-b.cn --phone $N --capture signup >/dev/null
LEAKTRACE_NOW=2026-11-25T08:00:00Z "$LT" record late.example --phone $N >/dev/null
# A call logged at 10:31 Beijing time, as the phone's call log shows it.
TZ=Asia/Shanghai "$LT" incident add $N --kind call --at '2026-11-20 10:31' --from 021-5555-0101 --note '自称快递' >/dev/null

TZ=Asia/Shanghai LEAKTRACE_NOW=2026-11-28T00:00:00Z "$LT" evidence $N --format md --lang zh >"$rep/zh.md" 2>/dev/null
check "Beijing: the call logged at 10:31 reads 10:31 with its offset" \
	grep -qF '| 2026-11-20 10:31 (UTC+08:00) | 来电 | 021-5555-0101 | +8613977776666 |' "$rep/zh.md"
check "Beijing: the first incident and the generation time in local time" sh -c "
	grep -qF '**首次骚扰时间**: 2026-11-20 10:31 (UTC+08:00)' '$rep/zh.md' &&
	grep -qF '**报告生成时间**: 2026-11-28 08:00 (UTC+08:00)' '$rep/zh.md'"
check "Beijing: the zone is named, and no 'UTC with a conversion note'" sh -c "
	grep -qF 'Asia/Shanghai：所有时间均为该时区的当地时间' '$rep/zh.md' && ! grep -q '北京时间 = UTC' '$rep/zh.md'"
json=$(TZ=Asia/Shanghai "$LT" evidence $N --format json 2>/dev/null)
check "JSON keeps RFC 3339 with its offset (UTC)" json_ok '.incidents[0].at == "2026-11-20T02:31:00Z" and .cutoff.at == "2026-11-20T02:31:00Z"' "$json"
check "JSON says which of the person's identifiers the call arrived on" json_ok \
	'.incidents[0].on == "+8613977776666" and .incidents[0].on_kind == "phone" and .incidents[0].from == "021-5555-0101"' "$json"
json_ny=$(TZ=America/New_York "$LT" evidence $N --format json 2>/dev/null)
check "the data is the same in every zone: same JSON, same fingerprint" test "$json_ny" = "$json"

# Wording: nothing claims more than the data.
LEAKTRACE_NOW=2026-11-28T00:00:00Z "$LT" evidence $N --format md --lang en >"$rep/en.md" 2>/dev/null
check "no 'most likely' in either language" sh -c "! grep -qi 'most likely' '$rep/en.md' && ! grep -q '可能性最大' '$rep/zh.md'"
check "the suspect is 'not certain', with the facts the dates give" sh -c "
	grep -qF '**Conclusion**: not certain: ranked by time alone' '$rep/en.md' &&
	grep -qF 'shop-b.cn is the last recorded site to have received this number before the first incident' '$rep/en.md' &&
	grep -qF 'the earliest recipient on record is shop-a.com, 18 days 18 hours before the first incident' '$rep/en.md'"
check "the Chinese report says the same facts" sh -c "
	grep -qF '**判断结论**: 不能确定' '$rep/zh.md' && grep -qF '最早收到的已记录网站是 shop-a.com' '$rep/zh.md'"
check "the order the report states is the order it shows: the closest before the first incident first" sh -c "
	grep -qF 'the closest first' '$rep/en.md' &&
	'$LT' evidence $N --format json | jq -e '[.sites[] | select(.ruled_out | not) | .seconds_before] | . == sort and length == 2'"
check "trace's verdict names a suspect by time, not a likelihood" sh -c "
	'$LT' trace $N | head -1 | grep -qx 'Suspect, by time alone: shop-b.cn — had it 9 days before the first call.'"

# New York leaves summer time at 02:00 on 1 Nov 2026: 01:30 happens twice.
"$LT" incident add $N --kind sms --at 2026-11-01T05:30:00Z --from 106900001111 >/dev/null
"$LT" incident add $N --kind sms --at 2026-11-01T06:30:00Z --from 106900002222 >/dev/null
TZ=America/New_York "$LT" evidence $N --format md --lang en >"$rep/ny.md" 2>/dev/null
check "New York: before the DST change, 01:30 (UTC-04:00)" grep -qF '| 2026-11-01 01:30 (UTC-04:00) | SMS | 106900001111 |' "$rep/ny.md"
check "New York: after it, 01:30 again, (UTC-05:00)" grep -qF '| 2026-11-01 01:30 (UTC-05:00) | SMS | 106900002222 |' "$rep/ny.md"
check "New York: the rest of that day and later dates read in EST" sh -c "
	grep -qF '| 2026-11-01 03:00 (UTC-05:00) | Given to shop-a.com' '$rep/ny.md' &&
	grep -qF '| 2026-11-25 03:00 (UTC-05:00) | Given to late.example' '$rep/ny.md'"
TZ=America/New_York "$LT" evidence $N --format md --lang en --tz Asia/Shanghai >"$rep/tz.md" 2>/dev/null
check "--tz overrides TZ with an IANA name" sh -c "
	grep -qF '| 2026-11-20 10:31 (UTC+08:00) | call |' '$rep/tz.md' && grep -qF '**Time zone**: Asia/Shanghai' '$rep/tz.md'"
check "--tz takes a fixed offset" sh -c "'$LT' evidence $N --format md --tz +05:30 2>/dev/null | grep -qF '2026-11-20 08:01 (UTC+05:30)'"
check "--tz UTC+8 means eight hours ahead of UTC" sh -c "
	TZ=UTC '$LT' evidence $N --format md --tz UTC+8 2>/dev/null | grep -qF '2026-11-20 10:31 (UTC+08:00)'"
check "an unknown --tz is a usage error naming the forms" sh -c "
	'$LT' evidence $N --tz Mars/Olympus 2>&1 >/dev/null | grep -q 'IANA name'; '$LT' evidence $N --tz Mars/Olympus >/dev/null 2>&1; [ \$? -eq 2 ]"

# The person's details: in the document, masked, never stored.
LEAKTRACE_NOW=2026-11-28T00:00:00Z "$LT" evidence $N -o "$rep/person.html" --lang zh --name '张三 <b>' --id-number $ID \
	--contact 'zhang3@mail.example' 2>/dev/null
check "the HTML report parses as XHTML-clean HTML (xmllint)" xmllint --html --noout "$rep/person.html"
person=$(xmllint --html --xpath '//h2[.="报告人"]/following-sibling::dl[1]//dd/text()' "$rep/person.html" 2>/dev/null)
check "the header holds the name (escaped), the ID masked but its last 4, the contact" test "$person" = "张三 &lt;b&gt;
**************1234
zhang3@mail.example"
check "the full ID number is nowhere in the report" sh -c "! grep -q '11010119900101' '$rep/person.html'"
check "the person's details are in no keyring item" sh -c "
	! secret-tool search --all --unlock xdg:schema org.leaktrace.Account 2>/dev/null | grep -q -e 张三 -e 1234 -e zhang3 &&
	! secret-tool search --all --unlock xdg:schema org.leaktrace.Incident 2>/dev/null | grep -q -e 张三 -e zhang3 -e $ID &&
	! secret-tool search --all --unlock xdg:schema org.leaktrace.Setting 2>/dev/null | grep -q -e 张三 -e zhang3"
check "a signature and date line" test "$(xmllint --html --xpath 'count(//p[starts-with(., "签名：") and contains(., "日期：")])' "$rep/person.html" 2>/dev/null)" = 1
check "a bad --id-number is a usage error" exits 2 "$LT" evidence $N --id-number '12 34'
check "a --name over one line is a usage error" exits 2 "$LT" evidence $N --name "$(printf 'a\nb')"

# Deterministic: two renders at different times and zones, details or not, one fingerprint.
LEAKTRACE_NOW=2026-11-28T00:00:00Z TZ=Asia/Shanghai "$LT" evidence $N -o "$rep/a.html" --lang zh 2>"$rep/a.err"
LEAKTRACE_NOW=2027-01-05T09:00:00Z TZ=Europe/Berlin "$LT" evidence $N -o "$rep/b.html" --lang en --name 'Zhang San' 2>"$rep/b.err"
fp=$("$LT" evidence $N --format json 2>/dev/null | tr -d '\n' | sha256sum | cut -c1-64)
check "two renders at different times and zones carry the same data fingerprint" sh -c "
	grep -q '$fp' '$rep/a.html' && grep -q '$fp' '$rep/b.html' && grep -q '$fp' '$rep/person.html' &&
	grep -q '$fp' '$rep/a.err' && grep -q '$fp' '$rep/b.err' && ! cmp -s '$rep/a.html' '$rep/b.html'"

# Imported SMS: the sender, the text kept, the number it arrived on, reasons in Chinese.
D=$(dirname "$0")/../data/phone
LEAKTRACE_NOW=2026-11-20T02:00:00Z "$LT" record youxuan.example --phone 13800138000 >/dev/null
TZ=Asia/Shanghai "$LT" phone import "$D/sms-android.xml" "$D/calls-android.xml" --sim 1=13800138000 --sim 2=13900139000 --keep-text >/dev/null 2>&1
TZ=Asia/Shanghai "$LT" evidence 13900139000 --format md --lang zh >"$rep/zh139.md" 2>/dev/null
check "an imported leak: its reasons in Chinese, the SMS text as kept" sh -c "
	grep -qF '【优选App】向一个你从未提供给它的号码发了短信' '$rep/zh139.md' && grep -qF '短信内容：【好物商城】新品上架' '$rep/zh139.md'"
check "no English reason is left in the Chinese report" sh -c "
	! grep -qi -e 'texted a number' -e 'not in your' -e 'signed with' -e 'opt-out' -e 'service number' -e 'SMS port' -e 'blocked' -e 'rejected' '$rep/zh139.md'"
check "each imported incident names the number it arrived on" sh -c "
	'$LT' evidence 13900139000 --format json 2>/dev/null | jq -e '(.incidents | length) > 0 and all(.incidents[]; .on == \"+8613900139000\")'"

# The PDF: printed by the installed Chromium, page numbers counted against pdfinfo.
i=0
while [ $i -lt 30 ]; do
	"$LT" incident add $N --kind call --at "2026-11-2$((i % 8))T0$((i % 10)):0$((i % 6)):00Z" --from "0215555$((1000 + i))" \
		--note "第 $i 次来电：自称贷款中介，能说出我的姓名和住址，要求添加微信，语气强硬，挂断后又换号码打来" >/dev/null
	i=$((i + 1))
done
if [ -x /usr/bin/chromium ] && command -v pdfinfo >/dev/null; then
	check "-o report.pdf prints a PDF through Chromium" sh -c "
		TZ=Asia/Shanghai '$LT' evidence $N -o '$rep/report.pdf' --lang zh --name 张三 2>'$rep/pdf.err' && head -c 5 '$rep/report.pdf' | grep -q '%PDF-'"
	pages=$(pdfinfo "$rep/report.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
	text=$(pdftotext -layout "$rep/report.pdf" - 2>/dev/null | tr -d ' ')
	check "the report runs over several pages" test "${pages:-0}" -ge 2
	check "every page says 第 x 页 / 共 y 页, y the PDF's page count" sh -c "
		n=1; while [ \$n -le $pages ]; do printf '%s' '$text' | grep -qF \"第\${n}页/共${pages}页\" || exit 1; n=\$((n + 1)); done"
	check "the printed SHA-256 of the report is that of the PDF" grep -q "$(sha256sum "$rep/report.pdf" | cut -c1-64)" "$rep/pdf.err"
	TZ=Asia/Shanghai "$LT" evidence $N -o "$rep/report-en.pdf" --lang en 2>/dev/null
	pages_en=$(pdfinfo "$rep/report-en.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
	check "in English: Page x of y" sh -c "
		pdftotext '$rep/report-en.pdf' - | grep -qF 'Page 1 of $pages_en' && pdftotext '$rep/report-en.pdf' - | grep -qF 'Page $pages_en of $pages_en'"
	check "the print leaves no page or profile behind" sh -c "! ls -A '$rep' '${XDG_RUNTIME_DIR:-$rep}' 2>/dev/null | grep -q leaktrace-print"
	check "an existing PDF is kept without --force" sh -c "
		'$LT' evidence $N -o '$rep/report.pdf' >/dev/null 2>&1; [ \$? -eq 2 ] && pdfinfo '$rep/report.pdf' >/dev/null"
else
	echo "skip - $SCRIPT_NAME: no /usr/bin/chromium or pdfinfo (poppler-utils): the PDF is not checked"
fi
check "with no Chromium, -o report.pdf fails naming the missing browser, and writes nothing" sh -c "
	PATH=/nonexistent '$LT' evidence $N -o '$rep/none.pdf' 2>'$rep/none.err'; rc=\$?;
	[ \$rc -ne 0 ] && grep -q 'no Chromium' '$rep/none.err' && [ ! -e '$rep/none.pdf' ]"
check "a PDF needs -o" exits 2 "$LT" evidence $N --format pdf
