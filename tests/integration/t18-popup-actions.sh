# SPDX-License-Identifier: MIT
# t18-popup-actions: what the popup asks the host beyond records -- unlock,
# incidents, undoing a reported login -- and rotation by severity (the badge
# counts only the urgent), one row per account, breaches settled only by a
# real change.
. "$(dirname "$0")/lib.sh"
wipe_keyring
for schema in Incident Setting Key; do secret-tool clear xdg:schema "org.leaktrace.$schema" 2>/dev/null; done

rec() { # rec ID URL IDENT_KIND IDENT PASSWORD [CAPTURE]
	printf '{"id":%s,"action":"record","url":"%s","capture":"%s","identifiers":[{"kind":"%s","value":"%s"}],"password":"%s"}' \
		"$1" "$2" "${6:-signup}" "$3" "$4" "$5"
}

check "unlock on an unlocked keyring answers ok at once" json_ok '.ok and .result.keyring == "ok"' \
	"$(host '{"id":1,"action":"unlock"}')"

# An incident typed in the popup is the one `leaktrace incident add` makes.
out=$(host '{"id":1,"action":"incident","identifier":"+86 139 0000 1111","kind":"sms","from":"10690000","note":"贷款推销"}' \
	'{"id":2,"action":"incident","identifier":"+86 139 0000 1111","kind":"login"}' \
	'{"id":3,"action":"incident","kind":"call"}' \
	'{"id":4,"action":"incident","identifier":"'"$(head -c 300 /dev/zero | tr '\000' 9)"'","kind":"call"}')
check "the host logs a call or SMS from the popup" jsons_ok \
	'.[0].ok and .[0].result.incident.kind == "sms" and .[0].result.incident.identifier.normalized == "+8613900001111"' "$out"
check "... which leaktrace incident list shows" sh -c "'$LT' incident list +8613900001111 --json | jq -e '.[0].kind == \"sms\" and .[0].from == \"10690000\"'"
check "a login is not logged this way (report it), nor a missing or too long identifier" jsons_ok \
	'.[1].error.code == "bad_request" and .[2].error.code == "bad_request" and .[3].error.code == "too_large"' "$out"

# Severity: reuse alone is listed but not urgent (no badge, no reminder).
host "$(rec 1 https://www.sev-a.example/join email sev@mail.example Same-Pass-1)" \
	"$(rec 2 https://sev-b.example/join email sev@mail.example Same-Pass-1)" \
	"$(rec 3 https://sev-c.example/join email sev@mail.example Own-Pass-3)" >/dev/null
"$LT" record sev-d.example --email sev@mail.example >/dev/null
"$LT" record sev-a.example --username sev_user >/dev/null
r=$(host '{"id":1,"action":"rotate"}')
check "reuse alone: counted as due, not urgent; severity reused" json_ok \
	'.result.count == 2 and .result.urgent == 0 and ([.result.due[] | .severity] | unique == ["reused"])' "$r"

# Report, from the popup (the host), then undo it within the day.
r=$(host '{"id":1,"action":"report_login","site":"https://www.sev-a.example/","note":"alert"}')
at=$(printf '%s' "$r" | jq -r '.result.at')
check "report_login answers with the time it marked (for the undo)" json_ok \
	'.ok and (.result.at | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T"))' "$r"
due=$(host '{"id":1,"action":"rotate"}')
check "groups: compromised, then reused with it, then the watch note" json_ok \
	'[.result.due[] | [.site, .severity]] | map(select(.[0] != "sev-a.example")) == [["sev-b.example","reuse-compromised"],["sev-d.example","watch"]]' "$due"
check "both accounts of the compromised site are compromised, neither 'because of' itself" json_ok \
	'[.result.due[] | select(.site == "sev-a.example") | [.severity, .because_of]] == [["compromised",null],["compromised",null]]' "$due"
check "the badge count (urgent) is the compromised and reused-with-compromised accounts; the watch note is no password to change" json_ok \
	'.result.urgent == 3 and .result.count == 3' "$due"
check "rotate (CLI) groups by severity, says why in words, names each account" sh -c "
	out=\$('$LT' rotate); printf '%s' \"\$out\" | grep -q 'Compromised: change these first' &&
	printf '%s' \"\$out\" | grep -q 'Watch for login alerts' && printf '%s' \"\$out\" | grep -q 'sev_user' &&
	! printf '%s' \"\$out\" | grep -q 'reuse-compromised' && ! printf '%s' \"\$out\" | grep -q 'shares this login'"
old=$(host '{"id":1,"action":"report_login_undo","site":"sev-a.example","at":"2020-01-01T00:00:00Z"}')
check "an undo after the day is refused (bad_time)" json_ok '.error.code == "bad_time"' "$old"
wrong=$(host '{"id":1,"action":"report_login_undo","site":"sev-b.example","at":"'"$at"'"}')
check "an undo of a report that was not made is not_found" json_ok '.error.code == "not_found"' "$wrong"
undo=$(host '{"id":1,"action":"report_login_undo","site":"https://www.sev-a.example/x","at":"'"$at"'"}')
check "the undo clears the report: nothing urgent is left" json_ok '.ok and .result.cleared == 2 and .result.urgent == 0' "$undo"
check "... and its login incidents are gone" sh -c "
	'$LT' incident list sev@mail.example --json | jq -e '[.[] | select(.kind == \"login\")] == []' &&
	'$LT' list --site sev-a.example --json | jq -e '[.accounts[] | select(.compromised)] == []'"

# A breach is settled by a change seen after it, not by a first sighting.
wipe_keyring
cat >"$LEAKTRACE_TEST_HOME/b.json" <<'JSON'
[{"Name": "LateBreach", "Domain": "late-b.example", "BreachDate": "2026-11-15", "AddedDate": "2026-11-18T10:00:00Z", "DataClasses": ["Passwords"]}]
JSON
"$LT" breaches import "$LEAKTRACE_TEST_HOME/b.json" >/dev/null
LEAKTRACE_NOW=2026-11-01T08:00:00Z "$LT" record late-b.example --email lb@mail.example >/dev/null
LEAKTRACE_NOW=2026-11-20T08:00:00Z host "$(rec 1 https://late-b.example/login email lb@mail.example Old-Pass-1 login)" >/dev/null
check "a password first seen after the breach on an account older than it is still due" sh -c "
	'$LT' rotate --json | jq -e '[.[] | select(.site == \"late-b.example\") | [.reason, .severity]] == [[\"breach\",\"compromised\"]]'"
LEAKTRACE_NOW=2026-11-21T08:00:00Z host "$(rec 2 https://late-b.example/settings email lb@mail.example New-Pass-2 login)" >/dev/null
check "a change seen after the breach settles it" sh -c "'$LT' rotate --json | jq -e '[.[] | select(.site == \"late-b.example\")] == []'"
LEAKTRACE_NOW=2026-11-20T08:00:00Z host "$(rec 3 https://late-c.example/join email lb@mail.example Fresh-3)" >/dev/null
printf '[{"Name": "C", "Domain": "late-c.example", "BreachDate": "2026-11-15", "AddedDate": "2026-11-18T10:00:00Z", "DataClasses": []}]' >"$LEAKTRACE_TEST_HOME/c.json"
"$LT" breaches import "$LEAKTRACE_TEST_HOME/c.json" >/dev/null
check "an account first given after the breach is not due for it" sh -c "'$LT' rotate --json | jq -e '[.[] | select(.site == \"late-c.example\")] == []'"
rm -f "$LEAKTRACE_TEST_HOME/b.json" "$LEAKTRACE_TEST_HOME/c.json"

# Unlock through the provider's prompt: gnome-keyring asks its prompter, which
# has no display here, so the keyring stays locked and the host says so.
gnome_keyring_only "locks and replaces the gnome-keyring daemon"
lock_keyring
r=$(host '{"id":1,"action":"unlock"}')
check "unlock with no prompt possible: keyring_locked, saying it stays locked" json_ok \
	'.error.code == "keyring_locked" and (.error.message | test("stays locked"))' "$r"
restart_unlocked
check "after the person unlocked it, unlock answers ok" json_ok '.ok' "$(host '{"id":1,"action":"unlock"}')"

# alias --base: confirms the real shape, shows it alone, clears it; warns about
# providers whose +tag delivery leaktrace could not verify (QQ Mail) and notes
# those that readable pages say deliver it (Gmail): data/mail-plus/SOURCE.md.
secret-tool clear xdg:schema org.leaktrace.Setting 2>/dev/null
check "alias --base with nothing set says how to set one (exit 1)" sh -c "
	out=\$('$LT' alias --base); [ \$? -eq 1 ] && printf '%s' \"\$out\" | grep -q 'No alias base is set'"
check "alias --base ADDRESS confirms the real shape" sh -c "'$LT' alias --base ZhangSan@Mail.Example 2>/dev/null | grep -qx 'Aliases look like zhangsan+TAG@mail.example (TAG names the site).'"
check "alias --base alone shows it" sh -c "'$LT' alias --base | grep -q 'zhangsan+TAG@mail.example'"
check "a QQ Mail base warns that +tag delivery is not verified, and says what works" sh -c "
	'$LT' alias --base zhangsan@qq.com 2>&1 >/dev/null | grep -q 'QQ Mail.*could not be verified.*catch-all domain.*own alias feature'"
check "a Gmail base: a note that Gmail delivers +TAG mail, with where the sources are, and no warning" sh -c "
	err=\$('$LT' alias --base li.na@gmail.com 2>&1 >/dev/null) &&
	printf '%s' \"\$err\" | grep -q 'note: Gmail delivers mail sent to a +TAG address.*sources' &&
	! printf '%s' \"\$err\" | grep -q 'could not be verified'"
check "an iCloud base: reported to deliver, no warning" sh -c "
	! '$LT' alias --base li.na@icloud.com 2>&1 >/dev/null | grep -q 'could not be verified'"
check "a NetEase 163 base still warns" sh -c "
	'$LT' alias --base li.na@163.com 2>&1 >/dev/null | grep -q 'NetEase.*could not be verified'"
check "the Chinese note for Gmail says it delivers" sh -c "
	'$LT' --lang zh alias --base li.na@gmail.com 2>&1 >/dev/null | grep -q 'Gmail 会投递发往 +TAG 地址的邮件'"
check "a catch-all domain base: TAG@domain, no warning" sh -c "
	out=\$('$LT' alias --base mydomain.example 2>&1); [ \"\$out\" = 'Aliases look like TAG@mydomain.example (TAG names the site).' ]"
check "alias --base --clear clears it; the next alias says there is no base" sh -c "
	'$LT' alias --base --clear | grep -q 'cleared' && ! '$LT' alias shop-z.example >/dev/null 2>&1 &&
	'$LT' alias --base --clear | grep -q 'No alias base was set'"
check "alias --name 张三 makes a per-site variant with the initial after the family name" sh -c "
	a=\$('$LT' alias shop-y.example --name 张三 2>/dev/null) && b=\$('$LT' alias shop-x.example --name 张三 2>/dev/null) &&
	printf '%s' \"\$a\" | grep -qx '张[A-Z]三' && [ \"\$a\" = \"\$('$LT' alias shop-y.example --name 张三 2>/dev/null)\" ] &&
	'$LT' trace \"\$a\" --kind name --json | jq -e '[.matches[].site] == [\"shop-y.example\"]' >/dev/null"
# 26 letters: two sites' keyed letters meet one time in 26. Every site still
# gets a variant no other site holds, and keeps it when asked again.
check "name variants of 26 sites are 26 different names, each naming its one site" sh -c "
	for i in \$(seq 1 26); do '$LT' alias name\$i.example --name 'Li Na' 2>/dev/null || exit 1; done >'$HOME/variants' &&
	[ \$(sort -u '$HOME/variants' | wc -l) = 26 ] && [ \"\$('$LT' alias name7.example --name 'Li Na' 2>/dev/null)\" = \"\$(sed -n 7p '$HOME/variants')\" ] &&
	'$LT' trace \"\$(sed -n 7p '$HOME/variants')\" --kind name --json | jq -e '[.matches[].site] == [\"name7.example\"]' >/dev/null"

# alias_base: the options page's view of the same setting.
out=$(host '{"id":1,"action":"alias_base"}' '{"id":2,"action":"alias_base","base":"ZhangSan@QQ.com"}' '{"id":3,"action":"alias_base"}')
cli_base=$("$LT" alias --base)
out=$(printf '%s\n' "$out"; host '{"id":4,"action":"alias_base","base":"me+x@mail.example"}' \
	'{"id":5,"action":"alias_base","base":"mydomain.example","clear":true}' '{"id":6,"action":"alias_base","clear":true}')
check "alias_base with none set answers base null" jsons_ok '.[0].ok and .[0].result.base == null' "$out"
check "alias_base sets, answers the real shape and the unverified provider" jsons_ok \
	'.[1].result == {"base":"zhangsan@qq.com","shape":"zhangsan+TAG@qq.com","catchall":false,"unverified_provider":"QQ Mail","reported_provider":null} and .[2].result.base == "zhangsan@qq.com"' "$out"
check "alias_base for a Gmail base: reported to deliver, not unverified" jsons_ok \
	'.[0].result == {"base":"li.na@gmail.com","shape":"li.na+TAG@gmail.com","catchall":false,"unverified_provider":null,"reported_provider":"Gmail"} and .[1].ok' \
	"$(host '{"id":7,"action":"alias_base","base":"Li.Na@Gmail.com"}' '{"id":8,"action":"alias_base","clear":true}')"
check "... the CLI sees it" has 'zhangsan+TAG@qq.com' "$cli_base"
check "a base with a +tag is refused; base and clear together are bad_request; clear removes it" jsons_ok \
	'.[3].error.code == "bad_identifier" and .[4].error.code == "bad_request" and .[5].ok and .[5].result.base == null' "$out"

# The popup's "Write an evidence report": the host writes the HTML report to the Downloads
# folder the desktop names (xdg-user-dirs), under a new name, and answers its path and URL.
for s in ev-a ev-b ev-c; do LEAKTRACE_NOW=2026-10-0${#s}T08:00:00Z "$LT" record "$s.example" --email ev@mail.example >/dev/null; done
"$LT" incident add ev@mail.example --kind email --at 2026-11-01 --yes >/dev/null
mkdir -p "$XDG_CONFIG_HOME"
dl="$LEAKTRACE_TEST_HOME/下载"
printf 'XDG_DESKTOP_DIR="$HOME/Desktop"\nXDG_DOWNLOAD_DIR="%s"\n' "$dl" >"$XDG_CONFIG_HOME/user-dirs.dirs"
ev=$(host '{"id":1,"action":"evidence","query":"ev@mail.example","lang":"zh"}' '{"id":2,"action":"evidence","query":"ev@mail.example","lang":"en"}')
check "evidence: written to the Downloads folder user-dirs names, twice under two names" jsons_ok \
	'.[0].ok and .[1].ok and (.[0].result.path | startswith("'"$dl"'/leaktrace-evidence-")) and (.[0].result.path | endswith(".html")) and
	 .[0].result.path != .[1].result.path and (.[0].result.url | startswith("file:///")) and .[0].result.sites >= 3' "$ev"
p0=$(printf '%s\n' "$ev" | jq -rs '.[0].result.path')
check "evidence: the file is the report the CLI writes, in the language asked, private (0600), its SHA-256 as answered" sh -c "
	grep -q 'ev-a.example' '$p0' && grep -q '证据' '$p0' && [ \"\$(stat -c %a '$p0')\" = 600 ] &&
	[ \"\$(sha256sum '$p0' | cut -d' ' -f1)\" = \"\$(printf '%s\n' '$ev' | jq -rs '.[0].result.sha256')\" ]"
check "evidence: the data fingerprint is the CLI's for the same records" sh -c "
	'$LT' evidence ev@mail.example --lang zh -o '$LEAKTRACE_TEST_HOME/cli.html' 2>'$LEAKTRACE_TEST_HOME/cli.err' &&
	grep -q \"\$(printf '%s\n' '$ev' | jq -rs '.[0].result.data_sha256')\" '$LEAKTRACE_TEST_HOME/cli.err'"
rm "$XDG_CONFIG_HOME/user-dirs.dirs"
nothing=$(host '{"id":1,"action":"evidence","query":"nobody@mail.example"}' '{"id":2,"action":"evidence"}' \
	'{"id":3,"action":"evidence","query":"ev@mail.example","lang":"fr"}' '{"id":4,"action":"evidence","query":"ev@mail.example"}')
check "evidence: nothing recorded is not_found; no query or an unknown lang is bad_request; without user-dirs, ~/Downloads" jsons_ok \
	'.[0].error.code == "not_found" and .[1].error.code == "bad_request" and .[2].error.code == "bad_request" and
	 (.[3].result.path | startswith("'"$HOME"'/Downloads/leaktrace-evidence-"))' "$nothing"
