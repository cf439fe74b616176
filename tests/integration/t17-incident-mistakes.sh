# SPDX-License-Identifier: MIT
# t17-incident-mistakes: `incident add` catches the caller's number typed where
# the person's own belongs, and their own with a digit wrong -- against the
# real keyring: it warns, names the near number, asks on a terminal, refuses
# off one without --yes and logs nothing then.
. "$(dirname "$0")/lib.sh"
wipe_keyring
secret-tool clear xdg:schema org.leaktrace.Incident 2>/dev/null || true
T=${LEAKTRACE_TEST_HOME:-/tmp}/incident-mistakes
mkdir -p "$T"
WARN="No site has this number. Is it yours? The caller's number goes in --from."
incident_count() { "$LT" incident list --json | jq length; }

"$LT" record shop.example --phone '138 0013 8000' >/dev/null
"$LT" record bank.example --phone '138 0013 8000' >/dev/null
"$LT" record forum.example --email me@mail.example >/dev/null

check "a recorded number is logged without a question, off a terminal" sh -c "
	'$LT' incident add 13800138000 --kind call --from '+86 21 5555 0101' </dev/null >/dev/null 2>'$T/ok.err' && ! test -s '$T/ok.err'"
check "one incident logged" test "$(incident_count)" = 1

"$LT" incident add 02155550101 --kind call </dev/null >"$T/stranger.out" 2>"$T/stranger.err"
rc=$?
check "a number no site has, off a terminal without --yes: exit 2" test "$rc" = 2
check "the warning is said once, word for word" test "$(grep -cxF "$WARN" "$T/stranger.err")" = 1
check "and why it was not logged, with what to do" grep -q 'not on a terminal.*--yes' "$T/stranger.err"
check "a stranger's number names no near number" sh -c "! grep -q 'one digit' '$T/stranger.err'"
check "nothing was logged" test "$(incident_count)" = 1

"$LT" incident add 13800138001 --kind sms </dev/null >/dev/null 2>"$T/near.err"
check "one digit from a recorded number: exit 2 off a terminal" test $? = 2
check "it says which number, and which sites have it" grep -qxF "It is one digit from +8613800138000, which bank.example and 1 more site have." "$T/near.err"
check "still nothing logged" test "$(incident_count)" = 1

check "--yes logs it without asking" sh -c "'$LT' incident add 13800138001 --kind sms --yes </dev/null >/dev/null 2>'$T/yes.err' && ! test -s '$T/yes.err'"
check "two incidents now" test "$(incident_count)" = 2

# On a terminal (script gives the command one), the question is asked.
check "on a terminal it asks, and 'n' logs nothing" sh -c "
	printf 'n\n' | script -qec \"'$LT' incident add 02155550101 --kind call\" /dev/null >'$T/tty-no.out'
	grep -qF \"$WARN\" '$T/tty-no.out' && grep -q 'anyway? \[y/N\]' '$T/tty-no.out' && grep -q 'Nothing logged' '$T/tty-no.out'"
check "after 'n' still two" test "$(incident_count)" = 2
check "on a terminal 'y' logs it" sh -c "
	printf 'y\n' | script -qec \"'$LT' incident add 02155550101 --kind call\" /dev/null >'$T/tty-yes.out'
	grep -q 'Logged incident' '$T/tty-yes.out'"
check "after 'y' three" test "$(incident_count)" = 3

check "a number in the phone pool is the person's own: no question" sh -c "
	'$LT' pool add '139 0013 9000' >/dev/null && '$LT' incident add 13900139000 --kind call </dev/null >/dev/null"
check "an email no site has: the same care, in its own words" sh -c "
	'$LT' incident add spammer@bad.example --kind email </dev/null 2>&1 >/dev/null | grep -q 'No site has this identifier'"
check "an email a site has is logged" sh -c "'$LT' incident add me@mail.example --kind email </dev/null >/dev/null"
LC_ALL=C.UTF-8 "$LT" incident add 13800138001 --kind sms </dev/null >"$T/near.en" 2>&1
LC_ALL=zh_CN.UTF-8 "$LT" incident add 13800138001 --kind sms </dev/null >"$T/near.zh" 2>&1
check "the warning and the question's refusal, in Chinese" "$(dirname "$0")/../i18n/untranslated" "$T/near.en" "$T/near.zh"
check "the Chinese one names the near number too" grep -q '+8613800138000' "$T/near.zh"
check "--json is refused the same way, and prints no JSON" sh -c "
	out=\$('$LT' incident add 02155550101 --kind call --json </dev/null 2>/dev/null); [ \$? -eq 2 ] && [ -z \"\$out\" ]"
