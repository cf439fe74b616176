# SPDX-License-Identifier: MIT
# t20-light-start: the programs every call starts (leaktrace, leaktrace-host)
# load none of the heavy libraries; the commands that need them (accounts, mail,
# phone, export, import) run in leaktrace-sources, handed over with the same
# arguments and language. Loading those libraries cost every call 15-20 ms
# (make bench measures it); a link that brings one back fails here.
. "$(dirname "$0")/lib.sh"
SRC="$BUILD/leaktrace-sources"
heavy='libcrypto|libssl|libcurl|libgmime|libxml2|libsqlite3|libcsv|libphonenumber|libicu'

for p in "$LT" "$LTH"; do
	check "$(basename "$p") loads none of OpenSSL, libcurl, GMime, libxml2, SQLite, libcsv, libphonenumber, ICU" \
		sh -c "ldd '$p' >/dev/null && ! ldd '$p' | grep -E '$heavy'"
done
check "leaktrace-sources has what the readers and the backups need (libcrypto, libcurl, GMime)" \
	sh -c "ldd '$SRC' | grep -q libcrypto && ldd '$SRC' | grep -q libcurl && ldd '$SRC' | grep -q libgmime"

# Each handed-over command answers as itself, in the caller's language.
for cmd in accounts mail phone export import; do
	check "leaktrace $cmd --help answers" sh -c "'$LT' $cmd --help | grep -q 'usage: leaktrace $cmd'"
done
check "... and in Chinese when leaktrace was asked in Chinese" sh -c "'$LT' --lang zh export --help | grep -q '用法'"
check "a usage error there keeps its exit status (2)" exits 2 "$LT" export --no-such-option

# A leaktrace with no leaktrace-sources beside it (nor installed): the light
# commands work, the handed-over ones say what is missing and how to fix it.
alone="$LEAKTRACE_TEST_HOME/t20-alone"
mkdir -p "$alone" && cp "$LT" "$alone/leaktrace"
if [ -e /usr/local/lib/leaktrace/leaktrace-sources ]; then
	echo "skip - $SCRIPT_NAME: the missing leaktrace-sources: one is installed in /usr/local/lib/leaktrace"
else
	wipe_keyring
	check "without leaktrace-sources, record and trace still work" sh -c "
		'$alone/leaktrace' record light.example --email light@mail.example >/dev/null &&
		'$alone/leaktrace' trace light@mail.example --json | jq -e '.matches[0].site == \"light.example\"' >/dev/null"
	for cmd in "accounts import /dev/null" "mail list" "phone import /dev/null" "export -o $alone/b" "import $alone/b"; do
		check "without leaktrace-sources, $cmd says it is missing and to reinstall" sh -c "
			! '$alone/leaktrace' $cmd 2>'$alone/err' && grep -q 'leaktrace-sources could not be started' '$alone/err' &&
			grep -q 'reinstall leaktrace' '$alone/err'"
	done
fi
