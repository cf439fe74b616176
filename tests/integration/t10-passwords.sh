# SPDX-License-Identifier: MIT
# t10-passwords: fingerprints (never passwords), reported logins, rotation
# reasons, shared-credential groups, the breach catalogue.
. "$(dirname "$0")/lib.sh"
wipe_keyring
for schema in Incident Setting Key; do secret-tool clear xdg:schema "org.leaktrace.$schema" 2>/dev/null; done

PW=Correct-Horse-7731
rec() { # rec ID URL IDENT_KIND IDENT PASSWORD [CAPTURE]
	printf '{"id":%s,"action":"record","url":"%s","capture":"%s","identifiers":[{"kind":"%s","value":"%s"}],"password":"%s"}' \
		"$1" "$2" "${6:-signup}" "$3" "$4" "$5"
}
export LEAKTRACE_NOW=2026-11-01T08:00:00Z
out1=$(host "$(rec 1 https://www.shop-a.example/join email me@mail.example "$PW")" \
	"$(rec 2 https://shop-b.example/register email me@mail.example "$PW")" \
	"$(rec 3 https://1800contacts.com/signup email me@mail.example other-Secret-99)" \
	"$(rec 4 https://themeforest.net/sign_up username me-tf tf-Secret-11)")
unset LEAKTRACE_NOW
"$LT" record envato.com --username me-tf >/dev/null
"$LT" record forum.example --email me@mail.example >/dev/null
check "the same password on two sites gives the same fingerprint" jsons_ok \
	'.[0].result.account.password.fingerprint == .[1].result.account.password.fingerprint' "$out1"
check "another password gives another, 16 hex digits" jsons_ok \
	'(.[2].result.account.password.fingerprint != .[0].result.account.password.fingerprint) and (.[2].result.account.password.fingerprint | test("^[0-9a-f]{16}$"))' "$out1"
check "no password is in any keyring item" sh -c "! secret-tool search --all xdg:schema org.leaktrace.Account 2>/dev/null | grep -q -e '$PW' -e other-Secret-99"
check "no password is in any file under the test HOME" sh -c "! grep -r -a -l -e '$PW' -e other-Secret-99 -e tf-Secret-11 '$(dirname "$LEAKTRACE_TEST_HOME")'"
check "a password of the wrong type is refused" jsons_ok '.[0].error.code == "bad_request"' \
	"$(host '{"id":9,"action":"record","url":"https://x.example/","identifiers":[{"kind":"email","value":"a@b.example"}],"password":42}')"
long_pw=$(head -c 5000 /dev/zero | tr '\000' p)
check "a password over 4 KiB is refused and nothing stored" sh -c "
	printf '%s\n' '$(rec 9 https://toolong.example/ email a@b.example "$long_pw")' | '$NMF' -e | '$LTH' '$ORIGIN' 2>/dev/null | '$NMF' -d |
	jq -e '.error.code == \"bad_request\"' && ! '$LT' list --site toolong.example >/dev/null"

check "reuse shows in rotate" sh -c "'$LT' rotate --json | jq -e '[.[] | select(.reason == \"reused\") | .site] | sort == [\"shop-a.example\",\"shop-b.example\"]'"
check "report-login on an unknown site: 'no account recorded', exit 1" sh -c "
	'$LT' report-login never.example 2>&1 | grep -q 'no account recorded for never.example'; '$LT' report-login never.example >/dev/null 2>&1; [ \$? -eq 1 ]"
check "report-login marks the site and lists what to change" sh -c "'$LT' report-login shop-a.example --note 'alert from another city' | grep -q 'shop-b.example'"
due=$("$LT" rotate --json)
check "the compromised site is most urgent" json_ok '.[0].site == "shop-a.example" and .[0].reason == "compromised"' "$due"
check "the site with the same password is due for reuse with a compromised site" json_ok \
	'[.[] | select(.site == "shop-b.example") | .reason] == ["reuse-compromised"]' "$due"
check "a site with the same identifier and an unknown password is due: check it" json_ok \
	'[.[] | select(.site == "forum.example") | .reason] == ["shared-identifier"]' "$due"
check "a site with its own password and the same identifier is not due" json_ok '[.[] | select(.site == "1800contacts.com")] == []' "$due"
check "the login was logged as an incident" sh -c "'$LT' incident list me@mail.example --json | jq -e '.[0].kind == \"login\" and .[0].note == \"alert from another city\"'"
check "sites sharing one account (shared-credentials data): a compromise on one makes the others due" sh -c "
	'$LT' report-login themeforest.net >/dev/null && '$LT' rotate --json | jq -e '[.[] | select(.site == \"envato.com\") | .reason] == [\"compromised\"]'"
check "a new password seen on a site takes it off the list" sh -c "
	printf '%s\n' '$(rec 5 https://shop-b.example/settings email me@mail.example New-Pass-2 login)' | '$NMF' -e | '$LTH' '$ORIGIN' 2>/dev/null | '$NMF' -d |
	jq -e '.result.account.password.changed != null' && '$LT' rotate --json | jq -e '[.[] | select(.site == \"shop-b.example\")] == []'"
check "rotate --done takes one off the list" sh -c "'$LT' rotate --done forum.example >/dev/null && '$LT' rotate --json | jq -e '[.[] | select(.site == \"forum.example\")] == []'"
check "--open without a browser prints the URLs" sh -c "env -u DISPLAY -u WAYLAND_DISPLAY '$LT' rotate --open 1 | grep -q 'https://'"

check "a breach catalogue imports" sh -c "'$LT' breaches import '$(dirname "$0")/../data/breaches-sample.json' | grep -q 'Imported 4'"
check "an account whose password predates the breach becomes due" sh -c "
	'$LT' rotate --json | jq -e '[.[] | select(.site == \"1800contacts.com\") | .reason] == [\"breach\"]'"
check "one whose password was set after it does not" sh -c "'$LT' rotate --json | jq -e '[.[] | select(.site == \"shop-b.example\")] == []'"
check "the known change-password page is used, else the start page, with the well-known URL only to probe" sh -c "
	'$LT' rotate --json |
	jq -e '([.[] | select(.site == \"1800contacts.com\") | [.change_password_url, .change_password_probe]] == [[\"https://www.1800contacts.com/account/settings\", null]]) and ([.[] | select(.site == \"shop-a.example\") | [.change_password_url, .change_password_probe]] == [[\"https://shop-a.example/\", \"https://shop-a.example/.well-known/change-password\"]])'"
check "trace says the identifier was also exposed in the breach" sh -c "
	'$LT' trace me@mail.example --json | jq -e '([.matches[] | select(.site == \"shop-b.example\") | .exposed_in] == [\"ShopBreach\"]) and (.matches[] | select(.site == \"shop-b.example\") | .reason | test(\"also exposed in the ShopBreach breach\"))'"
bad="$LEAKTRACE_TEST_HOME/bad-breaches.json"
printf '[\n {"Name": "A", "Domain": "a.example", "BreachDate": "2020-01-01", "AddedDate": "2020-01-02T00:00:00Z", "DataClasses": []},\n {"Name": oops}\n]\n' >"$bad"
check "a catalogue that is not JSON is refused with its line" sh -c "'$LT' breaches import '$bad' 2>&1 | grep -q 'line 3'"
printf '[{"Name": "A", "Domain": "a.example", "BreachDate": "2020-01-01", "AddedDate": "2020-01-02T00:00:00Z", "DataClasses": []}, {"Name": "B", "Domain": "b.example"}]' >"$bad"
check "a breach without its dates is refused, naming it" sh -c "'$LT' breaches import '$bad' 2>&1 | grep -q 'breach #2'"
truncate -s 200M "$bad"
check "a 200 MB catalogue is refused" sh -c "'$LT' breaches import '$bad' 2>&1 | grep -q 'limit'"
rm -f "$bad"
check "refused catalogues imported nothing" sh -c "'$LT' breaches import '$(dirname "$0")/../data/breaches-sample.json' | grep -q '(4 known in all)'"
printf '[{"Name": "A\\tB", "Domain": "a.example", "BreachDate": "2020-01-01", "AddedDate": "2020-01-02T00:00:00Z", "DataClasses": []}]' >"$bad"
check "a breach name with a control character is refused, naming it" sh -c "'$LT' breaches import '$bad' 2>&1 | grep -q 'breach #1: Name holds a control character'"
rm -f "$bad"

# A trace reads the index alone (the sites' breaches as lines), never the
# catalogue's classes and dates; rotate reads the catalogue.
setting() { secret-tool lookup xdg:schema org.leaktrace.Setting name "$1"; }
put_setting() { # the item deleted first: a provider may prompt before it replaces one (KeePassXC)
	secret-tool clear xdg:schema org.leaktrace.Setting name "$1"
	secret-tool store --label='leaktrace: setting' xdg:schema org.leaktrace.Setting name "$1"
}
check "the index a trace reads names each breach's site and kinds, not its classes or dates" sh -c "
	'$LT' breaches import '$(dirname "$0")/../data/breaches-sample.json' >/dev/null &&
	secret-tool lookup xdg:schema org.leaktrace.Setting name breaches |
	jq -e '.value.version == 2 and (.value.sites | split(\"\\n\") | index(\"shop-b.example\\t6\\tShopBreach\")) != null and (tostring | test(\"DataClasses|classes|2026-11-15\") | not)'"
v2_exposed='.matches[] | select(.site == "shop-b.example") | .exposed_in == "ShopBreach"'
# A catalogue kept before the index (version 1: the whole catalogue under the
# name a trace searches) is read as it was until the next import.
setting breach-catalogue | jq -c '.name = "breaches"' >"$LEAKTRACE_TEST_HOME/v1.json"
secret-tool clear xdg:schema org.leaktrace.Setting name breach-catalogue
put_setting breaches <"$LEAKTRACE_TEST_HOME/v1.json"
check "a catalogue kept before the index still marks a trace's matches" sh -c "'$LT' trace me@mail.example --json | jq -e '$v2_exposed'"
check "... and still makes rotate due for the breach" sh -c "
	'$LT' rotate --json | jq -e '[.[] | select(.site == \"1800contacts.com\") | .reason] == [\"breach\"]'"
printf '[{"Name": "Later", "Domain": "later.example", "BreachDate": "2020-01-01", "AddedDate": "2020-01-02T00:00:00Z", "DataClasses": ["Email addresses"]}]' >"$bad"
check "an import merges with it and writes the index" sh -c "'$LT' breaches import '$bad' | grep -q '(5 known in all)' &&
	secret-tool lookup xdg:schema org.leaktrace.Setting name breaches | jq -e '.value.version == 2' &&
	'$LT' trace me@mail.example --json | jq -e '$v2_exposed'"
rm -f "$bad"
setting breaches | jq -c '.value.sites = "shop-b.example\t7\n"' >"$LEAKTRACE_TEST_HOME/bad-index.json"
put_setting breaches <"$LEAKTRACE_TEST_HOME/bad-index.json"
check "a damaged index fails the trace with what to do, never a wrong answer" sh -c "
	! '$LT' trace me@mail.example >'$LEAKTRACE_TEST_HOME/out' 2>&1 && grep -q 'breach index is damaged; import the catalogue again' '$LEAKTRACE_TEST_HOME/out'"
long=$(printf '%0300d' 0)
setting breaches | jq -c --arg long "$long" '.value.sites = "shop-b.example\t6\t\($long)\n"' >"$LEAKTRACE_TEST_HOME/bad-index.json"
put_setting breaches <"$LEAKTRACE_TEST_HOME/bad-index.json"
check "an index line with a name over 256 bytes is damaged too" sh -c "
	! '$LT' trace me@mail.example >'$LEAKTRACE_TEST_HOME/out' 2>&1 && grep -q 'breach index is damaged' '$LEAKTRACE_TEST_HOME/out'"
setting breaches | jq -c '.value.sites = "shop-b.example\t6\tShopBreach\n" | .value.version = 3' >"$LEAKTRACE_TEST_HOME/bad-index.json"
put_setting breaches <"$LEAKTRACE_TEST_HOME/bad-index.json"
check "an index of a newer format fails the trace, saying so, never read as this one" sh -c "
	! '$LT' trace me@mail.example >'$LEAKTRACE_TEST_HOME/out' 2>&1 && grep -q 'written by a newer leaktrace (format 3; this one reads 2)' '$LEAKTRACE_TEST_HOME/out'"
check "importing again mends it" sh -c "'$LT' breaches import '$(dirname "$0")/../data/breaches-sample.json' | grep -q '(5 known in all)' &&
	'$LT' trace me@mail.example --json | jq -e '$v2_exposed'"

host_rot=$(host '{"id":1,"action":"rotate"}' '{"id":2,"action":"report_login","site":"https://www.shop-b.example/account","note":"popup"}' \
	'{"id":3,"action":"report_login","site":"never.example"}')
check "the host lists due rotations for the popup" jsons_ok '.[0].ok and .[0].result.count == (.[0].result.due | length) and .[0].result.count > 0' "$host_rot"
check "the host reports a login and answers with the new list" jsons_ok \
	'.[1].result.site == "shop-b.example" and ([.[1].result.due[] | select(.site == "shop-b.example") | .reason] == ["compromised"])' "$host_rot"
check "reporting a site with no account is not_found" jsons_ok '.[2].error.code == "not_found"' "$host_rot"

# The leaked password stays leaked after the compromised site changes it: the
# other sites still using it stay due; and a change in the same second counts.
wipe_keyring
leak=$(host "$(rec 1 https://leak-a.example/join email l@mail.example Leaked-Pass-1)" "$(rec 2 https://leak-b.example/join email l@mail.example Leaked-Pass-1)")
"$LT" report-login leak-a.example >/dev/null
host "$(rec 3 https://leak-a.example/settings email l@mail.example Fresh-Pass-2 login)" >/dev/null
check "the compromised site changed its password (same second): it leaves the list" sh -c "
	'$LT' rotate --json | jq -e '[.[] | select(.site == \"leak-a.example\")] == []'"
check "a site still using the leaked password stays due" sh -c "
	'$LT' rotate --json | jq -e '[.[] | select(.site == \"leak-b.example\") | .reason] == [\"reuse-compromised\"]'"

# Sites that share one account (themeforest.net and envato.com, shipped data)
# are one account for rotation both ways: done on one settles the group.
wipe_keyring
"$LT" record themeforest.net --username grp-user >/dev/null
"$LT" record envato.com --username grp-user >/dev/null
"$LT" record elsewhere.example --username grp-user >/dev/null
"$LT" report-login themeforest.net --at 2026-11-05T00:00:00Z >/dev/null
"$LT" report-login elsewhere.example --at 2026-11-05T00:00:00Z >/dev/null
check "a login reported on one member of a shared account makes both due" sh -c "
	'$LT' rotate --json | jq -e '[.[] | select(.reason == \"compromised\") | .site] | sort == [\"elsewhere.example\",\"envato.com\",\"themeforest.net\"]'"
check "rotate --done on the other member says it settled the sites sharing the account" sh -c "
	'$LT' rotate --done envato.com | grep -q 'on the 2 sites that share its account (2 accounts)'"
check "... and neither member is due any more; an unrelated compromised site still is" sh -c "
	'$LT' rotate --json | jq -e '[.[] | .site] == [\"elsewhere.example\"]'"
check "both members carry the rotation done" sh -c "
	for s in themeforest.net envato.com; do '$LT' list --site \$s --json | jq -e '.accounts[0].rotation_done != null' >/dev/null || exit 1; done
	'$LT' list --site elsewhere.example --json | jq -e '.accounts[0] | has(\"rotation_done\") | not'"

# A login reported at T on a site whose (unchanged) password leaktrace first saw
# just after T: the password current at the report is compromised all the same.
wipe_keyring
LEAKTRACE_NOW=2026-11-10T08:00:05Z host "$(rec 1 https://late-seen.example/login email ls@mail.example Seen-Late-5 login)" >/dev/null
"$LT" report-login late-seen.example --at 2026-11-10T08:00:00Z >/dev/null
check "a report that predates the first sighting of the password still counts" sh -c "
	'$LT' rotate --json | jq -e '[.[] | select(.site == \"late-seen.example\") | .reason] == [\"compromised\"]'"
LEAKTRACE_NOW=2026-11-10T08:00:09Z host "$(rec 2 https://partner.example/join email ls@mail.example Seen-Late-5)" >/dev/null
due=$("$LT" rotate --json)
check "with a reuse partner it is compromised, not merely reused" json_ok \
	'[.[] | select(.site == "late-seen.example") | .reason] == ["compromised"]' "$due"
check "the partner with the same password, also first seen after the report, is reuse-compromised" json_ok \
	'[.[] | select(.site == "partner.example") | .reason] == ["reuse-compromised"]' "$due"
LEAKTRACE_NOW=2026-11-11T08:00:00Z host "$(rec 3 https://late-seen.example/settings email ls@mail.example Really-New-6 login)" >/dev/null
check "a really new password still settles it" sh -c "
	'$LT' rotate --json | jq -e '[.[] | select(.site == \"late-seen.example\")] == []'"

# Change-password pages are per host in the shipped data (accounts.panic.com,
# account.magento.com): the account's hosts are looked up before its site.
wipe_keyring
"$LT" record https://accounts.panic.com/signup --email pp@mail.example >/dev/null
"$LT" record https://www.magento.com/register --email pp@mail.example >/dev/null
"$LT" record https://account.magento.com/customer/account/login --email pp@mail.example --capture login >/dev/null
"$LT" record https://www.panic-free.example/join --email pp@mail.example >/dev/null
"$LT" report-login panic.com --at 2026-11-05T00:00:00Z >/dev/null
"$LT" report-login magento.com --at 2026-11-05T00:00:00Z >/dev/null
"$LT" report-login panic-free.example --at 2026-11-05T00:00:00Z >/dev/null
due=$("$LT" rotate --json)
check "an account on a host the data names gets that host's page" json_ok \
	'.[] | select(.site == "panic.com") | .change_password_url == "https://accounts.panic.com/password_set" and .change_password_url_known' "$due"
check "a later page on such a host finds it too" json_ok \
	'.[] | select(.site == "magento.com") | .change_password_url == "https://account.magento.com/customer/account/changepassword" and .change_password_url_known' "$due"
check "a host and site the data does not name: its start page, marked as such" json_ok \
	'.[] | select(.site == "panic-free.example") | .change_password_url == "https://panic-free.example/" and (.change_password_url_known | not)' "$due"
