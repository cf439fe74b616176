# SPDX-License-Identifier: MIT
# t17-i18n: the command line in the person's language. Every command's --help
# and its common errors under zh_CN.UTF-8 hold no line left in English
# (tests/i18n/untranslated compares with the English run); --lang overrides
# the locale; JSON output is the same in every language.
. "$(dirname "$0")/lib.sh"
wipe_keyring
T=${LEAKTRACE_TEST_HOME:-/tmp}/i18n
mkdir -p "$T"
UNTRANSLATED="$(dirname "$0")/../i18n/untranslated"

check "the catalogue is built beside the programs" test -s "$BUILD/locale/zh_CN/LC_MESSAGES/leaktrace.mo"
check "zh_CN.UTF-8 is generated on this machine (scripts/install-deps)" sh -c "locale -a | grep -qix 'zh_CN.utf8'"

# both NAME ARG...: the command's stdout and stderr in English and in Chinese.
both() {
	name=$1
	shift
	LC_ALL=C.UTF-8 "$LT" "$@" >"$T/$name.en" 2>&1
	LC_ALL=zh_CN.UTF-8 "$LT" "$@" >"$T/$name.zh" 2>&1
}
translated() { # translated NAME: the Chinese output differs and has no English line left
	! cmp -s "$T/$1.en" "$T/$1.zh" || { echo "the same output in both languages: $(cat "$T/$1.en")"; return 1; }
	"$UNTRANSLATED" "$T/$1.en" "$T/$1.zh"
}

both help --help
check "leaktrace --help is in Chinese" translated help
for cmd in $(LC_ALL=C.UTF-8 "$LT" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }'); do
	both "help-$cmd" "$cmd" --help
	check "leaktrace $cmd --help is in Chinese" translated "help-$cmd"
done
check "every command was checked" test "$(ls "$T"/help-*.zh | wc -l)" -ge 16

both typo trce
check "a mistyped command: did you mean, in Chinese" translated typo
check "the Chinese one names \`trace\` too" grep -q '`trace`' "$T/typo.zh"
check "a mistyped command: did you mean \`trace\`?" grep -qx "leaktrace: 'trce' is not a leaktrace command; did you mean \`trace\`?" "$T/typo.en"
both unknown-option list --frob
check "an unknown option is one line and where to read more" test "$(cat "$T/unknown-option.en")" = "leaktrace list: unknown option '--frob'
see leaktrace list --help"
check "an unknown option, in Chinese" translated unknown-option
both no-value list --site
check "an option without its value, in Chinese" translated no-value
both no-arg trace
check "a missing argument, in Chinese" translated no-arg
both no-output export
check "export without -o, in Chinese" translated no-output
both bad-kind trace a@b.example --kind colour
check "a bad --kind, in Chinese" translated bad-kind
both bad-lang --lang fr list
check "--lang other than zh or en is refused" exits 2 "$LT" --lang fr list
check "that refusal, in Chinese" translated bad-lang

check "--lang zh overrides an English locale" sh -c "LC_ALL=C.UTF-8 '$LT' --lang zh --help | cmp -s - '$T/help.zh'"
check "--lang en overrides a Chinese locale, after the command too" sh -c "
	LC_ALL=zh_CN.UTF-8 '$LT' trace --help --lang en | cmp -s - '$T/help-trace.en'"
check "LANG is followed when LC_ALL is unset" sh -c "env -u LC_ALL -u LC_MESSAGES LANG=zh_CN.UTF-8 '$LT' --help | cmp -s - '$T/help.zh'"
check "LC_MESSAGES beats LANG" sh -c "env -u LC_ALL LANG=C.UTF-8 LC_MESSAGES=zh_CN.UTF-8 '$LT' --help | cmp -s - '$T/help.zh'"

"$LT" record shop.example --phone '138 0013 8000' >/dev/null
check "JSON output is the same in every language" sh -c "
	LC_ALL=C.UTF-8 '$LT' trace 13800138000 --json | jq -S 'del(.. | .generated_at?)' >'$T/trace.en.json' &&
	LC_ALL=zh_CN.UTF-8 '$LT' trace 13800138000 --json | jq -S 'del(.. | .generated_at?)' >'$T/trace.zh.json' &&
	cmp '$T/trace.en.json' '$T/trace.zh.json'"

for c in "import" "accounts import" "breaches import" "phone import"; do
	both "missing-$c" $c "$T/no-such-file.csv"
	check "$c of a missing file exits 2" exits 2 "$LT" $c "$T/no-such-file.csv"
	check "$c of a missing file: cannot open FILE: No such file or directory" test "$(cat "$T/missing-$c.en")" = \
		"leaktrace: cannot open $T/no-such-file.csv: No such file or directory"
	check "$c of a missing file, in Chinese" translated "missing-$c"
done
both record-none record shop.example
check "a record without identifier: one message, no repeated clause" sh -c "
	[ \$(grep -c 'give at least one' '$T/record-none.en') -eq 1 ] && [ \$(grep -o 'give at least one' '$T/record-none.en' | wc -l) -eq 1 ]"
both list list
check "list in Chinese: the table and the count" translated list
both incidents incident list
check "incident list in Chinese" translated incidents

# A whole session in Chinese: each command's common output and errors, not
# only --help. Commands that change the keyring run once, in Chinese, and every
# line must hold no English sentence (the output is compared with itself:
# every line is checked); read-only ones are compared with the English run.
zh() { # zh NAME ARG...: the command's stdout and stderr under zh_CN.UTF-8
	name=$1
	shift
	LC_ALL=zh_CN.UTF-8 "$LT" "$@" >"$T/$name.zh" 2>&1 </dev/null
}
# Nor a machine name shown as a word (tests/i18n/machine-words); the rows an
# accounts import skips keep their English reason for --json and are listed in
# Chinese (t17-zh-words checks the words of tables and lines more closely).
english_free() { "$UNTRANSLATED" "$T/$1.zh" "$T/$1.zh" && "$(dirname "$0")/../i18n/machine-words" "$T/$1.zh"; }
wipe_keyring
secret-tool clear xdg:schema org.leaktrace.Incident 2>/dev/null || true
for step in \
	"rec-new record shop.example --phone 13800138000 --email me@mail.example" \
	"rec-again record shop.example --phone 13800138000" \
	"rec-old record old.example --phone 13800138000 --given 2020-01-01" \
	"rec-badsite record bad..site --email x@y.example" \
	"rec-badmail record shop2.example --email notanemail" \
	"rec-badphone record shop2.example --phone 12" \
	"rec-badtime record shop2.example --given yesterday --email a@b.example" \
	"trace-none trace 13900139000" \
	"trace-no-incident trace 13800138000" \
	"trace-badsince trace a@b.example --since garbage" \
	"inc-add incident add 13800138000 --kind call --from +862155550101 --at 2026-11-20" \
	"inc-stranger incident add 02155550101 --kind call" \
	"inc-near incident add 13800138001 --kind call" \
	"inc-badkind incident add 13800138000 --kind fax" \
	"inc-list incident list" \
	"inc-forget-none incident forget nope" \
	"trace-ranked trace 13800138000" \
	"alias-nobase alias shop.example" \
	"alias-base alias --base me@mail.example" \
	"alias-site alias shop.example" \
	"alias-name alias shop.example --name 'Zhang San'" \
	"alias-nopool alias shop.example --phone" \
	"pool-empty pool" \
	"pool-add pool add 13900139000" \
	"pool-list pool" \
	"pool-remove pool remove 13900139000" \
	"pool-bad pool add 12" \
	"rotate-none rotate" \
	"rotate-done rotate --done shop.example" \
	"rotate-done-none rotate --done nowhere.example" \
	"login report-login shop.example --at 2026-11-27" \
	"login-none report-login nowhere.example" \
	"rotate-due rotate" \
	"breaches-bad breaches import /etc/hostname" \
	"breaches-ok breaches import $(dirname "$0")/../fixtures/breaches-sample.json" \
	"accounts-bad accounts import /etc/hostname" \
	"accounts-dry accounts import $(dirname "$0")/../fixtures/accounts/chrome.csv --dry-run" \
	"accounts-ok accounts import $(dirname "$0")/../fixtures/accounts/chrome.csv" \
	"phone-review phone review" \
	"phone-bad phone import /etc/hostname --on 13800138000" \
	"export-plain export -o $T/plain.json --plain" \
	"export-exists export -o $T/plain.json --plain" \
	"import-plain import $T/plain.json --plain" \
	"import-bad import /etc/hostname --plain" \
	"setup-badbrowser setup --browser foo" \
	"setup-chromium setup --browser chromium" \
	"setup-remove setup --remove --browser chromium" \
	"doctor doctor" \
	"list-none list --site nowhere.example" \
	"list list" \
	"forget-notty forget shop.example" \
	"forget-none forget nowhere.example --yes" \
	"forget forget old.example --yes"; do
	eval "zh $step"
	check "in Chinese: leaktrace ${step#* }" english_free "${step%% *}"
done
check "the session said something in every step" sh -c "! find '$T' -name '*.zh' -empty | grep -q ."
check "the Chinese verdict names the site" grep -q 'shop.example' "$T/trace-no-incident.zh"

# JSON stays English and the same in every language: the verdict, the
# reasons, rotate's reasons, the incident list, the pool.
json_same() { # json_same ARG...: the same JSON under C.UTF-8 and zh_CN.UTF-8
	LC_ALL=C.UTF-8 "$LT" "$@" 2>/dev/null | jq -S 'del(.. | .generated_at?)' >"$T/json.en" &&
		LC_ALL=zh_CN.UTF-8 "$LT" "$@" 2>/dev/null | jq -S 'del(.. | .generated_at?)' >"$T/json.zh" &&
		[ -s "$T/json.en" ] && cmp "$T/json.en" "$T/json.zh"
}
check "trace --json (verdict_text, reasons) is the same in Chinese" json_same trace 13800138000 --json
check "trace --json keeps the English verdict text" sh -c "LC_ALL=zh_CN.UTF-8 '$LT' trace 13800138000 --json | jq -e '.verdict_text | test(\"^(Suspect, by time alone|Certain|No recorded)\")'"
check "rotate --json is the same in Chinese" json_same rotate --json
check "incident list --json is the same in Chinese" json_same incident list --json
check "list --json is the same in Chinese" json_same list --json
check "pool --json is the same in Chinese" sh -c "'$LT' pool add 13900139000 >/dev/null && LC_ALL=C.UTF-8 '$LT' pool --json >'$T/pool.en' && LC_ALL=zh_CN.UTF-8 '$LT' pool --json | cmp - '$T/pool.en'"
check "setup --json is the same in Chinese" json_same setup --browser chromium --json
check "doctor --json keeps its English details under zh_CN" sh -c "
	LC_ALL=zh_CN.UTF-8 '$LT' doctor --json | jq -e '[.checks[].detail | test(\"^(Secret Service|keyring|records|manifest|host|phone numbers|readers of mail|sandboxed browsers|KeePassXC)\")] | all'"

# Errors in the style of git: one message, no clause said twice, no word of the wire.
printf 'not json\n' >"$T/not.json"
LC_ALL=C.UTF-8 "$LT" breaches import "$T/not.json" >"$T/notjson.en" 2>&1
check "a file that is not JSON: one line" test "$(wc -l <"$T/notjson.en")" -eq 1
check "... that says 'not valid JSON' once" test "$(grep -o 'not valid JSON' "$T/notjson.en" | wc -l)" -eq 1
check "... and no word of the protocol" sh -c "! grep -qi 'request\|the message' '$T/notjson.en'"
LC_ALL=C.UTF-8 "$LT" setup --browser foo >"$T/badbrowser.en" 2>&1
check "an unknown browser: one message naming the known ones, and the usage line" sh -c "
	[ \$(grep -c '^leaktrace:' '$T/badbrowser.en') -eq 1 ] && grep -q \"unknown browser 'foo'; known: chromium\" '$T/badbrowser.en'"
