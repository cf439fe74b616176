# SPDX-License-Identifier: MIT
# t4-concurrency: several writers at once (browser hosts and the CLI) on the
# same site: nothing lost, no duplicates.
. "$(dirname "$0")/lib.sh"
wipe_keyring

writer() { # writer N: a host and a CLI process recording into the same accounts
	i=$1
	host "{\"id\":$i,\"action\":\"record\",\"url\":\"https://race.example/\",\"capture\":\"login\",\"identifiers\":[{\"kind\":\"email\",\"value\":\"race@example.org\"}]}" \
		"{\"id\":$i,\"action\":\"record\",\"url\":\"https://race$i.example/\",\"identifiers\":[{\"kind\":\"phone\",\"value\":\"+86 139 0000 000$i\"}]}" >/dev/null
	"$LT" record race.example --email race@example.org --username "racer" --capture signup >/dev/null
}
run_writers() {
	pids=""
	for i in 1 2 3 4 5 6 7 8; do
		writer "$i" &
		pids="$pids $!"
	done
	for p in $pids; do wait "$p"; done
}
run_writers
check "eight concurrent writers on one site leave exactly one account there" sh -c "
	'$LT' list --site race.example --json | jq -e '.total == 1'"
check "every identifier and capture from every writer is in it" sh -c "
	'$LT' list --site race.example --json |
	jq -e '.accounts[0] | ([.identifiers[].kind] == [\"email\",\"username\"]) and ((.captures | sort) == [\"login\",\"signup\"])'"
check "the eight other sites got one account each" sh -c "
	'$LT' list --json | jq -e '[.accounts[].site] == [\"race.example\",\"race1.example\",\"race2.example\",\"race3.example\",\"race4.example\",\"race5.example\",\"race6.example\",\"race7.example\",\"race8.example\"]'"
check "the keyring holds nine items and no leftovers" items_are 9
