# SPDX-License-Identifier: MIT
# t19-change-password-cn: the project's own change-password list for sites
# most used in China (data/change-password-cn): every entry has its source
# written down, a site named by neither list gets no guessed page, and a site
# the list names gets its page, Apple's list winning where both name a site.
. "$(dirname "$0")/lib.sh"
wipe_keyring
DATA=$(cd "$(dirname "$0")/../../data" && pwd)
CN=$DATA/change-password-cn

check "the list is JSON: an object of https addresses" jq -e \
	'type == "object" and all(.[]; type == "string" and startswith("https://"))' "$CN/change-password-URLs.json"
check "every entry has its source row in SOURCE.md" sh -c "
	jq -r 'keys[]' '$CN/change-password-URLs.json' | while read -r d; do
		grep -qF \"| \$d |\" '$CN/SOURCE.md' || { echo \"no source for \$d\"; exit 1; }
	done"
check "SOURCE.md lists the 50 sites" sh -c "[ \$(grep -cE '^\| [0-9]+ \|' '$CN/SOURCE.md') -eq 50 ]"

# A site neither list names (taobao.com, in neither today): its start page,
# marked as not known, never a guessed address.
"$LT" record https://www.taobao.com/ --email cn@mail.example >/dev/null
"$LT" report-login taobao.com --at 2026-11-05T00:00:00Z >/dev/null
check "a site neither list names gets its start page, not a guessed address" json_ok \
	'.[] | select(.site == "taobao.com") | .change_password_url == "https://taobao.com/" and (.change_password_url_known | not)' \
	"$("$LT" rotate --json)"

# The wiring, with a list of our own beside a copy of the binary (the build tree
# reads ../data/ beside the program): a site it names gets that page; a site
# both lists name keeps Apple's.
tree=$(mktemp -d)
mkdir -p "$tree/bin" "$tree/data/change-password-cn"
cp "$LT" "$tree/bin/leaktrace"
for d in "$DATA"/*; do [ "$(basename "$d")" = change-password-cn ] || ln -s "$d" "$tree/data/"; done
printf '{"shop-cn.example": "https://account.shop-cn.example/security/password", "1800contacts.com": "https://not-this.example/"}\n' \
	>"$tree/data/change-password-cn/change-password-URLs.json"
LT2=$tree/bin/leaktrace
"$LT2" record https://www.shop-cn.example/join --email cn@mail.example >/dev/null
"$LT2" record https://1800contacts.com/signup --email cn@mail.example >/dev/null
"$LT2" report-login shop-cn.example --at 2026-11-05T00:00:00Z >/dev/null
"$LT2" report-login 1800contacts.com --at 2026-11-05T00:00:00Z >/dev/null
due=$("$LT2" rotate --json)
check "a site the project's list names gets that page, marked as known" json_ok \
	'.[] | select(.site == "shop-cn.example") | .change_password_url == "https://account.shop-cn.example/security/password" and .change_password_url_known' "$due"
check "a site both lists name keeps Apple's page" json_ok \
	'.[] | select(.site == "1800contacts.com") | .change_password_url == "https://www.1800contacts.com/account/settings"' "$due"
check "report-login names the project's page for the site" sh -c "
	'$LT2' report-login shop-cn.example --at 2026-11-06T00:00:00Z --json | grep -qF 'https://account.shop-cn.example/security/password'"
rm -rf "$tree"
wipe_keyring
