# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# bench-lib.sh: what scripts/bench and scripts/bench-curve share: reading
# their helpers' output, the secret their secret-tool baselines store, and the
# table's rows (to the file $ROWS) and printing.

# key=value output of a helper -> value of key
kv() { sed -n "s/^$1=//p" | head -n 1; }

# record_secret FILE: a secret of a leaktrace record's size, for secret-tool store.
record_secret() {
	printf '{"version":1,"site":"bench.example","url":"https://www.bench.example/account/signup","title":"Create your account","top_site":null,"identifiers":[{"kind":"email","value":"user+shop@mail.example.org","normalized":"user+shop@mail.example.org"},{"kind":"phone","value":"+8613900000000","normalized":"+8613900000000"}],"capture":"signup","captures":["signup"],"first_seen":"2026-01-01T00:00:00Z","last_seen":"2026-01-01T00:00:00Z","note":null}' >"$1"
}

# row MEASUREMENT LEAKTRACE_MS BASELINE BASELINE_MS RULE
#   RULE: le:X  pass when leaktrace/baseline <= X
#         faster:X  pass when baseline/leaktrace >= X
#         eq  pass when the count leaktrace gives equals the baseline's (no unit)
#         info  no target
#   A measurement that is not a number ("none", "") fails any rule but info.
row() {
	awk -v m="$1" -v lt="$2" -v bn="$3" -v bv="$4" -v rule="$5" 'BEGIN {
		split(rule, r, ":"); ms = lt + 0; bs = bv + 0; num = (lt ~ /^[0-9.]+$/)
		ratio = (bs > 0 && ms > 0) ? sprintf("%.2fx", ms / bs) : "-"
		if (r[1] == "le") { target = "<= " r[2] "x"; verdict = (num && ms / bs <= r[2] + 0) ? "PASS" : "FAIL" }
		else if (r[1] == "faster") { target = ">= " r[2] "x faster"; ratio = num ? sprintf("%.3fx (%.1fx faster)", ms / bs, bs / ms) : "-"
			verdict = (num && bs / ms >= r[2] + 0) ? "PASS" : "FAIL" }
		else if (r[1] == "eq") { target = "= " bv; ratio = "-"; verdict = (num && ms == bs) ? "PASS" : "FAIL"
			printf "%s|%s|%s|%s|%s|%s|%s\n", m, (lt == "" ? "none" : lt), bn, bv, ratio, target, verdict; exit }
		else { target = "-"; verdict = "info" }
		printf "%s|%s|%s|%s|%s|%s|%s\n", m, fmt_ms(lt), bn, (bv == "" ? "-" : fmt_ms(bv)), (bv == "" ? "-" : ratio), target, verdict
	}
	function fmt_ms(v) { return (v !~ /^[0-9.]+$/) ? v : (v + 0 >= 100 ? sprintf("%.0f ms", v) : v + 0 >= 1 ? sprintf("%.1f ms", v) : sprintf("%.3f ms", v)) }' >>"$ROWS"
}

# print_table ROWS_FILE: the rows as an aligned table under a header.
print_table() {
	awk -F'|' 'BEGIN { h = "measurement|leaktrace|baseline|baseline value|ratio|target|verdict" }
		{ rows[NR] = $0 }
		END {
			rows[0] = h; n = NR
			for (i = 0; i <= n; i++) { c = split(rows[i], f, "|"); for (j = 1; j <= c; j++) if (length(f[j]) > w[j]) w[j] = length(f[j]) }
			for (i = 0; i <= n; i++) {
				c = split(rows[i], f, "|"); line = ""
				for (j = 1; j <= c; j++) line = line sprintf(j < c ? "%-" w[j] "s | " : "%s", f[j])
				print line
				if (i == 0) { line = ""; for (j = 1; j <= c; j++) { s = sprintf("%" w[j] "s", ""); gsub(/ /, "-", s); line = line s (j < c ? "-+-" : "") } print line }
			}
		}' "$1"
}
