# SPDX-License-Identifier: MIT
# t9-backup: export -> wipe the keyring -> import gives back the same records;
# importing twice adds nothing; a wrong passphrase, a flipped byte or a
# truncated file is refused with nothing written; merging with what is there;
# a different local key is kept; the --plain round trip.
. "$(dirname "$0")/lib.sh"

SCHEMAS="Account Incident Alias Key Setting"
PASS='correct horse battery staple'
dir=$(mktemp -d "${TMPDIR:-/tmp}/leaktrace-t9.XXXXXX")
trap 'rm -rf "$dir"' EXIT

all_items() { # how many items a backup carries, counted by secret-tool: every leaktrace item
	# but the attribute key, which belongs to one keyring (attributes are keyed again on import)
	{
		for s in $SCHEMAS; do secret-tool search --all xdg:schema "org.leaktrace.$s" 2>/dev/null | grep -c '^\['; done
		secret-tool search --all xdg:schema org.leaktrace.Key purpose attr 2>/dev/null | grep -c '^\[' | sed 's/^/-/'
	} | awk '{ n += $1 } END { print n + 0 }'
}
all_items_are() {
	got=$(all_items)
	[ "$got" = "$1" ] || { echo "expected $1 leaktrace items, found $got"; return 1; }
}
with_pass() { # with_pass PASSPHRASE COMMAND...: the passphrase on file descriptor 3
	p=$1
	shift
	printf '%s\n' "$p" >"$dir/pass"
	LEAKTRACE_PASSPHRASE_FD=3 "$@" 3<"$dir/pass"
}
flip() { # flip FILE OFFSET: invert one byte in place
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "\\$(printf %03o $((b ^ 255)))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
snapshot() { # what the records look like through leaktrace
	"$LT" list --json
	"$LT" incident list --json
	"$LT" pool --json
}
refused_untouched() { # refused_untouched COMMAND...: exits 2, says so, and the keyring keeps its count
	before=$(all_items)
	out=$("$@" 2>&1)
	rc=$?
	after=$(all_items)
	[ "$rc" -eq 2 ] || { echo "expected exit 2, got $rc: $out"; return 1; }
	has "nothing was written" "$out" || return 1
	[ "$before" = "$after" ] || { echo "items went from $before to $after"; return 1; }
}

# The records: accounts (one with a password fingerprint, a reported login and
# a rotation done), incidents, an alias base and an alias, a phone pool.
wipe_all
LEAKTRACE_NOW=2026-10-01T08:00:00Z "$LT" record shop.example --phone 13800138000 --email me@mail.example --note 'app signup' >/dev/null
LEAKTRACE_NOW=2026-10-05T08:00:00Z "$LT" record news.example --email me@mail.example --capture newsletter >/dev/null
host '{"id":1,"action":"record","url":"https://login.pw.example/join","capture":"signup","identifiers":[{"kind":"email","value":"pw@mail.example"}],"password":"Hunter-2-Hunter"}' >/dev/null
"$LT" report-login pw.example --note 'alert from elsewhere' >/dev/null
"$LT" rotate --done news.example >/dev/null
"$LT" alias --base me@mail.example >/dev/null
a1=$("$LT" alias shop-p.com 2>/dev/null)
"$LT" pool add 13800138001 >/dev/null
"$LT" pool add 13800138002 >/dev/null
"$LT" incident add 13800138000 --kind call --from '+86 21 5555 0101' --at '2026-11-20 10:31' --note '自称银行客服' >/dev/null
"$LT" incident add me@mail.example --kind email --at 2026-11-21 >/dev/null
before=$(snapshot)
items=$(all_items)
check "the records are there (accounts, incidents, alias, key, settings)" test "$items" -ge 10

check "export refuses a short passphrase" exits 2 with_pass short "$LT" export -o "$dir/short.bk"
check "export writes an encrypted file" with_pass "$PASS" "$LT" export -o "$dir/all.bk"
check "the file is private (0600)" test "$(stat -c %a "$dir/all.bk")" = 600
check "the file starts with the versioned header and hides the records" sh -c "
	head -c 4 '$dir/all.bk' | grep -q LTBK && ! grep -a -q -e shop.example -e 13800138000 -e '$a1' '$dir/all.bk'"
check "no temporary file is left beside it" test "$(ls -A "$dir" | grep -vc -e '^all.bk$' -e '^pass$')" = 0
check "an existing file is not overwritten" sh -c "
	cp '$dir/all.bk' '$dir/keep' && ! LEAKTRACE_PASSPHRASE_FD=3 '$LT' export -o '$dir/all.bk' 3<'$dir/pass' 2>'$dir/err' &&
	grep -q -- --force '$dir/err' && cmp -s '$dir/all.bk' '$dir/keep'"
check "--force replaces it" sh -c "
	LEAKTRACE_PASSPHRASE_FD=3 '$LT' export -o '$dir/all.bk' --force 3<'$dir/pass' >/dev/null && ! cmp -s '$dir/all.bk' '$dir/keep'"
check "without a terminal or LEAKTRACE_PASSPHRASE_FD, export says how" sh -c "
	setsid -w '$LT' export -o '$dir/x.bk' </dev/null 2>&1 | grep -q LEAKTRACE_PASSPHRASE_FD && test ! -e '$dir/x.bk'"

# Refusals, on an empty keyring and on one with records: nothing is written.
wipe_all
check "the keyring is empty after the wipe" all_items_are 0
check "a wrong passphrase is refused, nothing written" refused_untouched with_pass 'not the passphrase' "$LT" import "$dir/all.bk"
check "the refusal says why" sh -c "
	printf 'nope nope\n' >'$dir/p2'; LEAKTRACE_PASSPHRASE_FD=3 '$LT' import '$dir/all.bk' 3<'$dir/p2' 2>&1 | grep -q 'wrong passphrase'"
size=$(stat -c %s "$dir/all.bk")
for at in 6 20 40 100 $((size / 2)) $((size - 1)); do
	cp "$dir/all.bk" "$dir/flipped.bk"
	flip "$dir/flipped.bk" "$at"
	check "a flipped byte at $at of $size is refused, nothing written" refused_untouched with_pass "$PASS" "$LT" import "$dir/flipped.bk"
done
head -c $((size - 1)) "$dir/all.bk" >"$dir/short.bk"
check "a truncated file is refused, nothing written" refused_untouched with_pass "$PASS" "$LT" import "$dir/short.bk"
head -c 3000 /dev/urandom >"$dir/junk.bk"
check "garbage is refused, nothing written" refused_untouched with_pass "$PASS" "$LT" import "$dir/junk.bk"
check "an encrypted file with --plain is refused" refused_untouched "$LT" import "$dir/all.bk" --plain

# The round trip.
check "import restores everything" sh -c "
	LEAKTRACE_PASSPHRASE_FD=3 '$LT' import '$dir/all.bk' --json 3<'$dir/pass' | jq -e '.added == $items and .merged == 0 and .skipped == 0'"
check "the same items are back" all_items_are "$items"
check "the same accounts, incidents and pool" test "$(snapshot)" = "$before"
check "first_seen and captures come from the backup" sh -c "
	'$LT' list --site news.example --json | jq -e '.accounts[0].first_seen == \"2026-10-05T08:00:00Z\" and .accounts[0].captures == [\"newsletter\"]'"
check "the reported login and the rotation done came along" sh -c "
	'$LT' list --json | jq -e '([.accounts[] | select(.site == \"pw.example\") | .compromised.note] == [\"alert from elsewhere\"]) and
		([.accounts[] | select(.site == \"news.example\") | .rotation_done] | length == 1 and .[0] != null)'"
check "the alias still names its site for certain" sh -c "
	'$LT' trace '$a1' --json | jq -e '.matches[0].site == \"shop-p.com\" and .matches[0].match == \"alias\" and .matches[0].rank == 1'"
check "the imported key makes the same alias again" test "$("$LT" alias shop-p.com 2>/dev/null)" = "$a1"
check "incidents keep their ids" test "$("$LT" incident list --json | jq -r '[.[].id] | sort | join(",")')" = \
	"$(printf '%s' "$before" | jq -rs '.[1] | [.[].id] | sort | join(",")')"
check "importing twice adds nothing" sh -c "
	LEAKTRACE_PASSPHRASE_FD=3 '$LT' import '$dir/all.bk' --json 3<'$dir/pass' | jq -e '.added == 0 and .merged == 0 and .skipped == $items'"
check "and no duplicate appears" all_items_are "$items"
check "the summary line counts added, merged, skipped" sh -c "
	LEAKTRACE_PASSPHRASE_FD=3 '$LT' import '$dir/all.bk' 3<'$dir/pass' | grep -q '^Imported: 0 added, 0 merged, $items skipped'"
check "a refusal with records present writes nothing either" refused_untouched with_pass "$PASS" "$LT" import "$dir/flipped.bk"

# Merging with records made here meanwhile, and a key made here.
wipe_all
LEAKTRACE_NOW=2026-11-15T08:00:00Z "$LT" record shop.example --phone 13800138000 --capture login >/dev/null
"$LT" alias --base me@mail.example >/dev/null
a_here=$("$LT" alias local-only.example 2>/dev/null)
merged=$(LEAKTRACE_PASSPHRASE_FD=3 "$LT" import "$dir/all.bk" --json 3<"$dir/pass" 2>"$dir/err")
check "an account already here is merged, not duplicated" json_ok '.accounts.merged == 1' "$merged"
check "the merged account keeps the earliest first_seen and every capture" sh -c "
	'$LT' list --site shop.example --json | jq -e '.total == 1 and .accounts[0].first_seen == \"2026-10-01T08:00:00Z\" and
		(.accounts[0].captures | sort) == [\"login\",\"manual\"] and (.accounts[0].identifiers | length) == 2'"
check "a different local key is kept and reported" json_ok '.key_conflicts == ["alias"]' "$merged"
check "the warning says so" grep -q 'key differs' "$dir/err"
check "the local alias still traces" sh -c "'$LT' trace '$a_here' --json | jq -e '.matches[0].site == \"local-only.example\"'"
check "the backup's alias traces through its imported alias item" sh -c "
	'$LT' trace '$a1' --json | jq -e '.matches[0].site == \"shop-p.com\" and .matches[0].match == \"alias\"'"

# --plain: readable, with a warning, and it round-trips too.
wipe_all
LEAKTRACE_PASSPHRASE_FD=3 "$LT" import "$dir/all.bk" 3<"$dir/pass" >/dev/null
check "--plain warns that the file is readable" sh -c "'$LT' export -o '$dir/all.json' --plain 2>&1 >/dev/null | grep -q warning"
accounts=$("$LT" list --json | jq .total)
incidents=$("$LT" incident list --json | jq length)
check "the plain file is JSON with every kind, and private" sh -c "
	jq -e '.format == \"leaktrace-backup\" and .version == 1 and (.accounts | length) == $accounts and (.incidents | length) == $incidents and
		(.aliases | length) == 1 and (.keys | length) >= 1 and (.settings | length) == 2' '$dir/all.json' >/dev/null &&
	test \"\$(stat -c %a '$dir/all.json')\" = 600"
wipe_all
check "a plain file without --plain is refused" refused_untouched "$LT" import "$dir/all.json"
check "--plain import restores everything" sh -c "'$LT' import '$dir/all.json' --plain --json | jq -e '.added == $items'"
check "the same records again" test "$(snapshot)" = "$before"
jq '.accounts[0].site = 7' "$dir/all.json" >"$dir/bad.json"
check "a plain file with a record of the wrong type is refused whole" refused_untouched "$LT" import "$dir/bad.json" --plain
