# SPDX-License-Identifier: MIT
# t15-provider-burst: bursts of writes must not take the provider down. KeePassXC
# 2.7 crashed (SIGSEGV in its save thread) when a write arrived while it was
# saving after the previous one; leaktrace paces its writes to it (pace.c).
# Here: records one process after another, two writers at once, updates, a
# forget, and one import of 150 accounts; the same provider process must still
# own the Secret Service afterwards, with every record readable.
. "$(dirname "$0")/lib.sh"
wipe_keyring
dir=$(mktemp -d)

owner() {
	dbus-send --session --print-reply --dest=org.freedesktop.DBus / \
		org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null |
		awk '/uint32/ { print $2 }'
}
before=$(owner)

i=0
while [ $i -lt 30 ]; do
	"$LT" record "burst$i.example" --email "b$i@burst.example" >/dev/null 2>>"$dir/err" &
	"$LT" record "both$((i % 5)).example" --phone "+86 138 0013 800$((i % 5))" --note "n$i" >/dev/null 2>>"$dir/err"
	wait
	i=$((i + 1))
done
"$LT" forget both4.example --yes >/dev/null 2>>"$dir/err"
check "60 writes from two writers at once: none failed" sh -c "[ ! -s '$dir/err' ] || { cat '$dir/err'; false; }"
check "the provider that served them is still the same process" test -n "$before" -a "$(owner)" = "$before"
check "every record is there: 30 new sites, 4 updated ones, the forgotten one gone" items_are 34
check "an updated site holds its last note (six updates in place)" sh -c "
	'$LT' list --site both0.example --json | jq -e '.accounts | length == 1 and .[0].note == \"n25\"' >/dev/null"

printf '\357\273\277name,url,username,password,note\r\n' >"$dir/many.csv"
i=0
while [ $i -lt 150 ]; do
	printf 'many%d.test,https://many%d.test/login,m%d@many.example,pw%d,\r\n' $i $i $i $i >>"$dir/many.csv"
	i=$((i + 1))
done
out=$("$LT" accounts import "$dir/many.csv" --json 2>&1)
check "one import of 150 accounts: all added" json_ok '.added == 150' "$out"
check "the provider is still the same process after the import" test -n "$before" -a "$(owner)" = "$before"
check "and the last imported account can be traced" json_ok '[.matches[].site] == ["many149.test"]' \
	"$("$LT" trace m149@many.example --json)"
rm -rf "$dir"
