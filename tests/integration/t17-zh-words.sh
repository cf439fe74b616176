# SPDX-License-Identifier: MIT
# t17-zh-words: under zh_CN.UTF-8 the words in tables and lines are Chinese,
# not the data's machine names: identifier kinds, match kinds, how an
# identifier was given, incident kinds, import outcomes, mail verdicts, and
# the reasons stored in English (a skipped import row's, a mail verdict's, a
# phone log's),
# with Chinese punctuation ("1. 网站：理由"). Every command's output is
# checked twice: no line of English prose (tests/i18n/untranslated, the output
# compared with itself), and no machine word outside identifiers, sites, URLs,
# times and example commands. English keeps the machine names, and the check
# is shown to fail on English output.
. "$(dirname "$0")/lib.sh"
wipe_keyring
for schema in Alias Incident Setting Key; do secret-tool clear xdg:schema "org.leaktrace.$schema" 2>/dev/null; done
export TZ=UTC
T=$(mktemp -d) # outside HOME: t15-mail looks there for what mail left behind
UNTRANSLATED="$(dirname "$0")/../i18n/untranslated"
M="$(dirname "$0")/../mail"

MACHINE_WORDS="$(dirname "$0")/../i18n/machine-words"

# zh_ok NAME [DATA...]: the Chinese output of step NAME holds neither English
# prose (example commands aside, and the words DATA of the test's own data,
# such as a company's signature) nor machine words.
zh_ok() {
	name=$1
	shift
	test -s "$T/$name.zh" || { echo "no output"; return 1; }
	sed 's/leaktrace .*//' "$T/$name.zh" >"$T/$name.prose" # an example command, to the end of its line
	for word in "$@"; do sed -i "s/$word//g" "$T/$name.prose"; done
	"$UNTRANSLATED" "$T/$name.prose" "$T/$name.prose" || return 1
	"$MACHINE_WORDS" "$T/$name.zh"
}
zh() { # zh NAME ARG...: the command's stdout and stderr under zh_CN.UTF-8
	name=$1
	shift
	LC_ALL=zh_CN.UTF-8 "$LT" "$@" >"$T/$name.zh" 2>&1 </dev/null
}

# Sites given a number by hand and through a sign-up form; an incident on it.
"$LT" record shop.example --phone +8613912340003 --given 2025-01-10T02:00:00Z >/dev/null
"$LT" record other.example --phone +8613912340003 --capture signup --given 2025-02-20T02:00:00Z >/dev/null
"$LT" record mail.example --email me@mail.example --capture newsletter --given 2025-01-01T00:00:00Z >/dev/null
"$LT" incident add +8613912340003 --kind call --from +862155550101 --at 2025-03-01T02:00:00Z --yes >/dev/null
"$LT" incident add me@mail.example --kind email --from spam@x.example --at 2025-03-02T02:00:00Z --yes >/dev/null

zh trace trace +8613912340003
check "trace: kinds, matches, captures and reasons in Chinese" zh_ok trace
check "trace: the kind is named in Chinese" grep -q '+8613912340003（电话号码）' "$T/trace.zh"
check "trace: match and capture cells in Chinese" grep -q 'shop\.example *完全一致 .* 手动记录' "$T/trace.zh"
check "trace: a reason line with a Chinese colon, no stray space" grep -qx '  1\. other\.example：比第一次骚扰早 9 天拿到' "$T/trace.zh"
check "trace: the verdict has no stray space either" grep -q '早 9 天拿到。' "$T/trace.zh"
LC_ALL=C.UTF-8 "$LT" trace +8613912340003 >"$T/trace.en" 2>&1
check "trace in English keeps the machine names" sh -c "grep -q '(phone)' '$T/trace.en' && grep -q 'exact *[0-9-]* [0-9:]* *manual' '$T/trace.en'"
english_caught() { ! "$MACHINE_WORDS" "$T/trace.en" >/dev/null; }
check "the check can fail: it finds the machine words of the English trace" english_caught
zh trace-mail trace me@mail.example
check "trace of an address: kind, capture and the email incident in Chinese" zh_ok trace-mail
zh list list
check "list: the HOW column in Chinese" zh_ok list
check "list: manual is 手动记录, signup is 注册表单" sh -c "grep -q '手动记录' '$T/list.zh' && grep -q '注册表单' '$T/list.zh'"
zh incidents incident list
check "incident list: kinds in Chinese" zh_ok incidents
check "incident list: a call is 来电, an email 邮件" sh -c "grep -q '来电' '$T/incidents.zh' && grep -q '邮件' '$T/incidents.zh'"
"$LT" report-login shop.example --at 2026-11-27 >/dev/null 2>&1
zh rotate rotate
check "rotate: headings with a Chinese colon, words in Chinese" zh_ok rotate
check "rotate: no ASCII colon ends a heading" sh -c "! grep -q '[^ -~]:\$' '$T/rotate.zh'"

# An import with rows that cannot be accounts (no username, no address, a bad host,
# a bad email, an app, a bare word): their reasons in Chinese.
printf '%s\n' 'name,url,username,password' 'A,https://a.example/,me+a@mail.example,pw' 'B,https://b.example/,,pw' \
	'C,,x@mail.example,pw' 'D,https://d..example/,y@mail.example,pw' 'E,https://e.example/,bad@,pw' \
	'F,https://f.example/,13800138000,pw' 'G,android://AbC1@com.example.app/,z@mail.example,pw' \
	'H,notaurl,w@mail.example,pw' 'I,iosapp://com.example.app,v@mail.example,pw' >"$T/import.csv"
zh import accounts import "$T/import.csv" --dry-run
check "accounts import --dry-run: outcome cells and skipped rows in Chinese" zh_ok import
check "accounts import --dry-run: a row to add is 新增" grep -q '^  新增 ' "$T/import.zh"
check "accounts import: every skipped row's reason in Chinese" sh -c "
	[ \$(grep -c '^  第 [0-9]* 行：' '$T/import.zh') -eq 7 ] && ! grep '^  第 [0-9]* 行：' '$T/import.zh' | grep -qi 'give\\|no \\|not \\|label\\|domain\\|app\\|word'"
check "accounts import --json keeps the English reasons" sh -c "
	LC_ALL=zh_CN.UTF-8 '$LT' accounts import '$T/import.csv' --dry-run --json |
	jq -e '.skipped[0].reason == \"give at least one identifier (email, phone, username or name): no username\" and .accounts[0].outcome == \"added\"'"
printf '%s\n' '"Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created"' \
	'"Root","A","frank","pw","https://bank.example/","","","0","2024-02-02T10:00:00Z","yesterday"' >"$T/keepassxc.csv"
zh import-date accounts import "$T/keepassxc.csv" --dry-run
check "accounts import of a KeePassXC export with a bad date: in Chinese" zh_ok import-date
check "accounts import: a row whose date the format never writes, its reason in Chinese" sh -c "
	grep -q '^  第 2 行：.*日期不是该格式应有的写法' '$T/import-date.zh'"
"$LT" accounts import "$T/import.csv" >/dev/null
zh import-again accounts import "$T/import.csv" --dry-run
check "accounts import again: nothing to add, reasons in Chinese" zh_ok import-again

# Mail: the corpus of tests/mail delivered to a Maildir, judged under zh_CN.
for s in shop:shop.example taobao:taobao.com github:github.com bank:bank.example craft:craftshop.example \
	old:oldname.example forum:forum.example; do
	LEAKTRACE_NOW=2026-10-01T08:00:00Z "$LT" record "${s#*:}" --email "me+${s%%:*}@mail.example" >/dev/null
done
LEAKTRACE_NOW=2026-11-01T10:00:00Z "$LT" record newsite.example --email me+new@mail.example >/dev/null
MD="$T/Maildir"
mkdir -p "$MD/cur" "$MD/new" "$MD/tmp"
i=0
for f in "$M"/*.eml; do
	i=$((i + 1))
	cp "$f" "$MD/cur/1794500000.M${i}P1.host:2,S"
	case "$f" in *broken-binary.eml | *not-mine.eml | *sent-from-alias.eml) continue ;; esac
	zh "check-$(basename "$f" .eml)" mail check "$f"
	check "mail check $(basename "$f" .eml): verdict and reasons in Chinese" zh_ok "check-$(basename "$f" .eml)"
done
check "mail check: a leak's reason in Chinese" grep -q '专为 shop\.example 生成的别名收到了' "$T/check-leak-other.zh"
check "mail check: the verdict word is Chinese" grep -q '^泄露（确定）' "$T/check-leak-other.zh"
"$LT" mail add maildir "$MD" >/dev/null
zh scan mail scan
check "mail scan: verdicts and reasons in Chinese" zh_ok scan
check "mail scan: review and spam lines are 待核实 and 垃圾邮件" sh -c "grep -q '^待核实 ' '$T/scan.zh' && grep -q '^垃圾邮件 ' '$T/scan.zh'"
zh review mail review
check "mail review: the reasons in Chinese" zh_ok review
check "mail review lists senders" grep -q ' <- ' "$T/review.zh"

# Phone logs: the incidents an import makes, with their stored reasons, in Chinese.
P="$(dirname "$0")/../data/phone"
LEAKTRACE_NOW=2026-11-20T02:00:00Z "$LT" record youxuan.example --phone 13800138000 >/dev/null
"$LT" record haowu.example --phone 13800138000 --title '好物商城 - 新用户注册' >/dev/null
"$LT" phone map 某某商城 mall.example >/dev/null
zh phone-dry phone import "$P/sms-android.xml" "$P/calls-android.xml" --sim 1=13800138000 --sim 2=13900139000 --dry-run
check "phone import --dry-run: kinds and reasons in the table in Chinese" zh_ok phone-dry ShopQ App
check "phone import --dry-run: an SMS is 短信, a call 来电" sh -c "grep -q ' 短信 ' '$T/phone-dry.zh' && grep -q ' 来电 ' '$T/phone-dry.zh'"
"$LT" phone import "$P/sms-android.xml" "$P/calls-android.xml" --sim 1=13800138000 --sim 2=13900139000 >/dev/null
zh phone-review phone review
check "phone review in Chinese" zh_ok phone-review ShopQ App
zh trace-phone trace 13800138000
check "trace of a number with imported incidents: their lines in Chinese" zh_ok trace-phone ShopQ App
check "trace: the imported incidents' kinds are words" grep -q '来自 .* ×[0-9]*：' "$T/trace-phone.zh"

check "every step said something" sh -c "! find '$T' -name '*.zh' -empty | grep -q ."
rm -rf "$T"
