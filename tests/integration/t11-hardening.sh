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
