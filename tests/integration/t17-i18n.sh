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
