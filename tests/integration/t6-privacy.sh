# SPDX-License-Identifier: MIT
# t6-privacy: nothing that names a site or an identifier is written outside the
# keyring (whose file gnome-keyring encrypts) -- no cache, no log, no temp file.
. "$(dirname "$0")/lib.sh"

marker_phone="13812398765"
marker_mail="privacy-marker@example.net"
marker_site="privacy-marker-site.example"
"$LT" record "https://www.$marker_site/signup" --phone "$marker_phone" --email "$marker_mail" >/dev/null
host "{\"id\":1,\"action\":\"record\",\"url\":\"https://$marker_site/\",\"identifiers\":[{\"kind\":\"phone\",\"value\":\"$marker_phone\"}]}" \
	"{\"id\":2,\"action\":\"trace\",\"query\":\"$marker_phone\"}" \
	'{"id":3,"action":"record","url":"javascript:x","identifiers":[{"kind":"phone","value":"'"$marker_phone"'"}]}' >/dev/null
root=$(dirname "$LEAKTRACE_TEST_HOME")
check "the markers really are in the keyring" sh -c "'$LT' trace $marker_phone --json | jq -e '.matches[0].site == \"$marker_site\"'"
check "no file under the test HOME, XDG folders or runtime dir names them" sh -c "
	! grep -r -l -a -e '$marker_phone' -e '$marker_mail' -e '$marker_site' '$root'"
check "the host log names none of them" sh -c "! grep -q -a -e '$marker_phone' -e '$marker_mail' -e '$marker_site' '$HOST_LOG'"
