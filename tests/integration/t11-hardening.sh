# SPDX-License-Identifier: MIT
# t11-hardening: what the red-team pass of issue 13 found -- output that did not
# reach its file, an evidence report written over what it must not replace,
# tampered backups, look-alike sites, implausible input.
. "$(dirname "$0")/lib.sh"
wipe_keyring
secret-tool clear xdg:schema org.leaktrace.Incident 2>/dev/null
work="$LEAKTRACE_TEST_HOME/t11"
mkdir -p "$work"

# ---- a failed write is a failure -------------------------------------------
"$LT" record shop-out.example --phone 13911112222 >/dev/null
check "list --json to a full disk exits 4 and says so" sh -c "
	'$LT' list --json >/dev/full 2>'$work/full.err'; [ \$? -eq 4 ] && grep -q 'could not write the output' '$work/full.err'"
check "trace to a full disk exits 4" exits 4 sh -c "'$LT' trace 13911112222 >/dev/full"
check "list to a full disk exits 4" exits 4 sh -c "'$LT' list >/dev/full"
check "evidence to a full standard output exits 4" exits 4 sh -c "'$LT' evidence 13911112222 --format md >/dev/full"

printf 'keep me\n' >"$work/old.html"
check "evidence -o refuses an existing file without --force, and leaves it" sh -c "
	'$LT' evidence 13911112222 -o '$work/old.html' 2>'$work/ev.err'; [ \$? -eq 2 ] &&
	grep -q 'exists; give --force' '$work/ev.err' && [ \"\$(cat '$work/old.html')\" = 'keep me' ]"
check "evidence -o --force replaces a regular file" sh -c "
	'$LT' evidence 13911112222 -o '$work/old.html' --force 2>/dev/null && grep -q 'shop-out.example' '$work/old.html'"
printf 'precious\n' >"$work/precious"
ln -s "$work/precious" "$work/link.html"
check "evidence -o --force refuses a symlink and leaves what it points to" sh -c "
	'$LT' evidence 13911112222 -o '$work/link.html' --force 2>'$work/ev.err'; [ \$? -eq 2 ] &&
	grep -q 'not a regular file' '$work/ev.err' && [ -L '$work/link.html' ] && [ \"\$(cat '$work/precious')\" = precious ]"
check "evidence -o --force refuses a device node" sh -c "
	'$LT' evidence 13911112222 -o /dev/null --force 2>'$work/ev.err'; [ \$? -eq 2 ] && grep -q 'not a regular file' '$work/ev.err'"
check "no temporary file is left beside the reports" sh -c "! ls -A '$work' | grep -q -e '^\.leaktrace-' -e 'html\.'"

# ---- plausible input only ---------------------------------------------------
check "an incident before 1990 is refused with the reason, nothing logged" sh -c "
	'$LT' incident add 13911112222 --kind call --at 1969-01-01 2>'$work/at.err'; [ \$? -eq 2 ] &&
	grep -q 'before 1990' '$work/at.err' && ! grep -q 'understands' '$work/at.err' &&
	[ \"\$('$LT' incident list --json | jq length)\" = 0 ]"
check "an incident years in the future is refused with the reason" sh -c "
	'$LT' incident add 13911112222 --kind call --at 9999-12-31 2>'$work/at.err'; [ \$? -eq 2 ] && grep -q 'in the future' '$work/at.err'"
check "an incident tomorrow (a clock a little ahead) is accepted" \
	"$LT" incident add 13911112222 --kind call --at "$(date -u -d '+12 hours' +%Y-%m-%dT%H:%M:%SZ)"
check "a reported login in 1969 is refused" exits 2 "$LT" report-login shop-out.example --at 1969-07-20
check "a bad --kind names every kind, name included" sh -c "
	'$LT' trace 13911112222 --kind phne 2>&1 | grep -q 'email, phone, username or name'"
check "a bad kind from the browser names every kind, name included" sh -c "
	'$NMF' -e <<'REQ' | '$LTH' '$ORIGIN' 2>/dev/null | '$NMF' -d | jq -e '.error.code == \"bad_request\" and (.error.message | contains(\"username or name\"))'
{\"id\":1,\"action\":\"trace\",\"query\":\"x@y.example\",\"kind\":\"phne\"}
REQ"
check "a bad --as is refused, not guessed" exits 2 "$LT" incident add 13911112222 --kind sms --as phne
check "XDG_RUNTIME_DIR naming a missing folder: the error is about that folder" sh -c "
	XDG_RUNTIME_DIR='$work/no-such-run' '$LT' record shop-lock.example --phone 13911112222 2>'$work/rt.err'; [ \$? -ne 0 ] &&
	grep -q 'no-such-run' '$work/rt.err' && grep -q XDG_RUNTIME_DIR '$work/rt.err' && ! grep -q 'lock file' '$work/rt.err'"
# With XDG_RUNTIME_DIR unset (and no /run/user/UID here) the lock is in the cache folder,
# the same for every writer: held there, a writer without XDG_RUNTIME_DIR waits and gives up.
if [ ! -d "/run/user/$(id -u)" ]; then
	env -u XDG_RUNTIME_DIR "$LT" record shop-lock.example --phone 13911112222 >/dev/null 2>&1
	lockf="${XDG_CACHE_HOME:-$HOME/.cache}/leaktrace.lock"
	check "with XDG_RUNTIME_DIR unset the lock file is in the cache folder" test -f "$lockf"
	sh -c 'exec 9>"$1"; flock 9; exec sleep 30' _ "$lockf" & # the sleep itself holds it
	holder=$!
	sleep 0.3
	check "with XDG_RUNTIME_DIR unset a writer waits for the same lock" sh -c "
		env -u XDG_RUNTIME_DIR '$LT' record shop-lock.example --email held@lock.example 2>'$work/lock.err'; [ \$? -eq 3 ] &&
		grep -q 'busy' '$work/lock.err'"
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
fi
# With XDG_RUNTIME_DIR unset and /run/user/UID there (what systemd makes at login), the lock
# is in that folder, where a host started in the desktop session (XDG_RUNTIME_DIR=/run/user/UID)
# takes it. Made in a private mount namespace: a tmpfs on /run/user that nothing outside sees.
# This runs as root, who could write into anyone's folder: one of that name owned by another
# user must not be used (the cache folder is).
if unshare -m true 2>/dev/null; then
	out=$(LT="$LT" work="$work" lockf="${XDG_CACHE_HOME:-$HOME/.cache}/leaktrace.lock" unshare -m sh -c '
		mount -t tmpfs -o mode=0755 tmpfs /run/user || exit 1
		run=/run/user/$(id -u)
		mkdir -m 0700 "$run" || exit 1
		yn() { if [ -e "$1" ]; then echo yes; else echo no; fi; }
		rm -f "$lockf"
		env -u XDG_RUNTIME_DIR "$LT" record shop-lock.example --email run@lock.example >/dev/null 2>&1
		echo "own: rc=$? run=$(yn "$run/leaktrace.lock") cache=$(yn "$lockf")"
		sh -c "exec 9>\"\$1\"; flock 9; exec sleep 30" _ "$run/leaktrace.lock" &
		holder=$!
		sleep 0.3
		env -u XDG_RUNTIME_DIR "$LT" record shop-lock.example --email held@run.example >/dev/null 2>"$work/run.err"
		echo "held: rc=$? busy=$(grep -c busy "$work/run.err")"
		kill "$holder"
		wait "$holder" 2>/dev/null
		rm -f "$run/leaktrace.lock"
		chown 65534:65534 "$run"
		env -u XDG_RUNTIME_DIR "$LT" record shop-lock.example --email other@lock.example >/dev/null 2>&1
		echo "other: rc=$? run=$(yn "$run/leaktrace.lock") cache=$(yn "$lockf")"
	')
	check "with XDG_RUNTIME_DIR unset and /run/user/UID there, the lock file is in it, not in the cache folder" \
		has "own: rc=0 run=yes cache=no" "$out"
	check "... a writer waits for a lock held there (as a desktop host holds it) and gives up" has "held: rc=3 busy=1" "$out"
	check "... a /run/user/UID owned by another user is not used: the cache folder is" has "other: rc=0 run=no cache=yes" "$out"
else
	echo "skip - $SCRIPT_NAME: no private mount namespace here (unshare -m): the /run/user/UID lock folder is not tested"
fi
check "no D-Bus session from a terminal: the message does not blame the browser" sh -c "
	DBUS_SESSION_BUS_ADDRESS=disabled: '$LT' list 2>'$work/bus.err'; [ \$? -eq 3 ] &&
	! grep -qi 'browser started' '$work/bus.err' && grep -q 'D-Bus session' '$work/bus.err'"

# ---- import derives again what it can derive ---------------------------------
wipe_keyring
"$LT" record 'https://www.shop-imp.example/join' --email a@imp.example >/dev/null
"$LT" export -o "$work/plain.json" --plain >/dev/null 2>&1
wipe_keyring
jq '.accounts[0].site = "WWW.Shop-Imp.EXAMPLE" | .accounts[0].url = "https://WWW.Shop-Imp.example/join?t=1"
	| .accounts[0].identifiers[0].normalized = "A@IMP.example"' "$work/plain.json" >"$work/edited.json"
check "a hand-edited backup imports" "$LT" import "$work/edited.json" --plain
check "its site is the registrable domain again: list --site sees it" sh -c "
	'$LT' list --site shop-imp.example --json | jq -e '.total == 1 and .accounts[0].site == \"shop-imp.example\" and .accounts[0].url == \"https://www.shop-imp.example/join\"'"
check "trace sees it by its identifier" sh -c "'$LT' trace A@imp.example --json | jq -e '[.matches[].site] == [\"shop-imp.example\"]'"
check "forget removes it" sh -c "'$LT' forget shop-imp.example --yes >/dev/null && [ \"\$(secret-tool search --all xdg:schema org.leaktrace.Account 2>/dev/null | grep -c '^\[')\" = 0 ]"
jq '.accounts += [.accounts[0] | .site = "shop-two.example" | .url = null | .identifiers[0].value = "b@imp.example"
	| .identifiers[0].normalized = "b@imp.example"] | .accounts += [.accounts[0] | .site = "evil.example"]' \
	"$work/plain.json" >"$work/contradict.json"
check "a record whose site is not its URL's is refused with its place, nothing written" sh -c "
	'$LT' import '$work/contradict.json' --plain 2>'$work/imp.err'; [ \$? -ne 0 ] && grep -q 'accounts\[2\]' '$work/imp.err' &&
	[ \"\$(secret-tool search --all xdg:schema org.leaktrace.Account 2>/dev/null | grep -c '^\[')\" = 0 ]"
jq '.accounts += [.accounts[0] | .site = "shop-two.example" | .url = null | .identifiers[0].value = "b@imp.example"]' \
	"$work/plain.json" >"$work/contradict2.json"
check "a record whose value and normalized form differ is refused with its place, nothing written" sh -c "
	'$LT' import '$work/contradict2.json' --plain 2>'$work/imp.err'; [ \$? -ne 0 ] && grep -q 'accounts\[1\]' '$work/imp.err' &&
	[ \"\$(secret-tool search --all xdg:schema org.leaktrace.Account 2>/dev/null | grep -c '^\[')\" = 0 ]"

# ---- what the user sees cannot pass for another site ------------------------------
wipe_keyring
host '{"id":1,"action":"record","url":"https://www.xn--80ak6aa92e.com/login","identifiers":[{"kind":"email","value":"me@look.example"}]}' >/dev/null
"$LT" record 'https://www.аррӏе.com/join' --email me2@look.example >/dev/null
check "a look-alike of apple.com is one site, shown as punycode in list" sh -c "
	'$LT' list --sites | grep -qx 'xn--80ak6aa92e.com' && ! '$LT' list | grep -q 'аррӏе' && [ \"\$('$LT' list --sites | wc -l)\" = 1 ]"
check "and in trace" sh -c "'$LT' trace me@look.example | grep -q 'xn--80ak6aa92e.com' && ! '$LT' trace me@look.example | grep -q 'аррӏе'"
check "a Chinese site is still shown in Chinese" sh -c "
	'$LT' record 'https://www.例子.中国/' --email me@look.example >/dev/null && '$LT' list --sites | grep -qx '例子.中国'"
check "the evidence report shows both forms and says which is real" sh -c "
	'$LT' evidence me@look.example --format json 2>/dev/null | jq -e '[.sites[] | select(.site == \"xn--80ak6aa92e.com\")][0] | .site_unicode == \"аррӏе.com\" and .site_ascii == \"xn--80ak6aa92e.com\"' &&
	'$LT' evidence me@look.example --format html --lang en 2>/dev/null | grep -q 'in Unicode аррӏе.com, which could pass for another site'"
check "::ffff:1.2.3.4 and 1.2.3.4 are one site" sh -c "
	'$LT' record 'http://[::ffff:1.2.3.4]:8080/x' --email ip@look.example >/dev/null && '$LT' record 1.2.3.4 --email ip@look.example --json | jq -e '.created == false'"
rlo=$(printf 'Shop \342\200\256moc.elppa')
"$LT" record bidi.example --email bidi@look.example --username "$rlo" --title "$rlo" >/dev/null
check "a right-to-left override is shown escaped in list, raw nowhere" sh -c "
	out=\$('$LT' list --site bidi.example); case \"\$out\" in *'\\u202E'*) ;; *) exit 1 ;; esac; ! printf '%s' \"\$out\" | grep -q \"\$(printf '\342\200\256')\""
check "--json output escapes it too, and is the same data" sh -c "
	'$LT' list --site bidi.example --json >'$work/bidi.json'; ! grep -q \"\$(printf '\342\200\256')\" '$work/bidi.json' &&
	jq -e --arg t '$rlo' '.accounts[0].title == \$t' '$work/bidi.json'"
check "an error message that echoes the typed value shows it escaped, raw nowhere" sh -c "
	'$LT' '$rlo' 2>'$work/bidi.err'; [ \$? -eq 2 ] && grep -q 'Shop \\\\u202Emoc' '$work/bidi.err' &&
	! grep -q \"\$(printf '\342\200\256')\" '$work/bidi.err'"
check "the evidence report shows it escaped" sh -c "
	'$LT' evidence bidi@look.example --format html -o '$work/bidi.html' 2>/dev/null && grep -q 'Shop \\\\u202Emoc' '$work/bidi.html' &&
	! grep -q \"\$(printf '\342\200\256')\" '$work/bidi.html'"
nul_answer=$(host '{"id":1,"action":"record","url":"https://nul.example/","identifiers":[{"kind":"email","value":"a@b.co\u0000@evil.co"}]}')
check "a NUL inside a JSON string is refused with bad_request, never truncated" json_ok '.error.code == "bad_request"' "$nul_answer"
check "and nothing is recorded" sh -c "! '$LT' list --sites | grep -q nul.example"
check "an escaped backslash before u0000 is no NUL" json_ok '.ok' \
	"$(host '{"id":1,"action":"record","url":"https://nul.example/","identifiers":[{"kind":"username","value":"a\\u0000b"}]}')"
ids_answer() {
	host '{"id":1e300,"action":"ping"}' '{"id":1.5,"action":"ping"}' '{"id":9007199254740993,"action":"ping"}' \
		"{\"id\":\"$(printf '%0200d' 0)\",\"action\":\"ping\"}" '{"id":9007199254740991,"action":"ping"}' '{"id":"abc","action":"ping"}'
}
check "ids that are not safe integers or short strings are refused" jsons_ok \
	'[.[].ok] == [false,false,false,false,true,true] and ([.[0:4][].error.code] | unique) == ["bad_request"]' "$(ids_answer)"
