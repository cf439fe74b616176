# SPDX-License-Identifier: MIT
# t12-keyring-timeout: a keyring that never answers costs a bounded wait
# (LEAKTRACE_KEYRING_TIMEOUT seconds a call, never retried), then exit 3 and
# keyring_unavailable for the browser, never a hang.
. "$(dirname "$0")/lib.sh"
gnome_keyring_only "it stops gnome-keyring-daemon and replaces it"
wipe_keyring

now_ms() { echo $(($(date +%s%N) / 1000000)); }
# within MS COMMAND...: the command ends (any status) within MS milliseconds; its output on stdout
within() {
	limit=$1
	shift
	t0=$(now_ms)
	timeout 60 "$@"
	took=$(($(now_ms) - t0))
	[ "$took" -lt "$limit" ] || { echo "took $took ms, more than $limit" >&2; return 1; }
}

# A bus that accepts connections and never says a word.
sock="$LEAKTRACE_TEST_HOME/silent-bus.sock"
perl -MIO::Socket::UNIX -e '
	my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM(), Local => $ARGV[0], Listen => 5) or die "listen: $!";
	my @held; while (my $c = $s->accept) { push @held, $c }' "$sock" &
silent_pid=$!
i=0
while [ ! -S "$sock" ] && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
silent() { DBUS_SESSION_BUS_ADDRESS="unix:path=$sock" LEAKTRACE_KEYRING_TIMEOUT=2 "$@"; }
check "a silent bus: list gives up after the bound with exit 3" sh -c "
	out=\$(DBUS_SESSION_BUS_ADDRESS='unix:path=$sock' LEAKTRACE_KEYRING_TIMEOUT=2 timeout 60 '$LT' list 2>&1); rc=\$?
	[ \$rc -eq 3 ] && printf '%s' \"\$out\" | grep -q 'did not answer within 2 s'"
check "a silent bus: list returns within the bound" within 4000 silent "$LT" list
silent_host=$(printf '%s\n' '{"id":1,"action":"ping"}' "{\"id\":2,\"action\":\"record\",\"url\":\"https://t.example/\",\"identifiers\":[{\"kind\":\"email\",\"value\":\"t@t.example\"}]}" |
	"$NMF" -e | silent within 9000 "$LTH" "$ORIGIN" 2>/dev/null | "$NMF" -d)
check "a silent bus: the host answers ping and record within the bound, keyring_unavailable" jsons_ok \
	'.[0].result.keyring == "unavailable" and .[1].error.code == "keyring_unavailable" and (.[1].error.message | test("did not answer within 2 s"))' "$silent_host"
kill "$silent_pid" 2>/dev/null

check "a bad LEAKTRACE_KEYRING_TIMEOUT is refused with the reason, as a setting (exit 2)" sh -c "
	LEAKTRACE_KEYRING_TIMEOUT=0 '$LT' list 2>'$LEAKTRACE_TEST_HOME/timeout.err'; [ \$? -eq 2 ] &&
	grep -q 'setting in the environment is not valid: LEAKTRACE_KEYRING_TIMEOUT must be' '$LEAKTRACE_TEST_HOME/timeout.err' &&
	! grep -q 'field' '$LEAKTRACE_TEST_HOME/timeout.err'"

# The daemon stopped (SIGSTOP): the bus takes the calls, nobody answers. Before,
# each call waited GDBus's 25 s and a timeout was retried on a new connection.
"$LT" record a.example --email a@a.example >/dev/null
daemon_pid=$(session_daemon_pid)
check "this session's keyring daemon is found by its bus name" test -n "$daemon_pid"
kill -STOP "$daemon_pid"
check "a stopped daemon: record exits 3 saying how long it waited" sh -c "
	out=\$(LEAKTRACE_KEYRING_TIMEOUT=2 timeout 60 '$LT' record b.example --email a@a.example 2>&1); rc=\$?
	[ \$rc -eq 3 ] && printf '%s' \"\$out\" | grep -q 'did not answer within 2 s'"
check "a stopped daemon: one bounded wait, no retry after a timeout" within 4000 env LEAKTRACE_KEYRING_TIMEOUT=2 "$LT" record b.example --email a@a.example
stopped_host=$(printf '%s\n' '{"id":1,"action":"ping"}' '{"id":2,"action":"trace","query":"a@a.example"}' | "$NMF" -e |
	LEAKTRACE_KEYRING_TIMEOUT=2 within 9000 "$LTH" "$ORIGIN" 2>/dev/null | "$NMF" -d)
check "a stopped daemon: the host answers within the bound with keyring_unavailable" jsons_ok \
	'.[0].result.keyring == "unavailable" and .[1].error.code == "keyring_unavailable"' "$stopped_host"
kill -CONT "$daemon_pid"
check "the daemon back: the same records, nothing half-written" sh -c "
	'$LT' list --json | jq -e '[.accounts[].site] == [\"a.example\"]'"
