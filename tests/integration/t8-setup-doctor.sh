# SPDX-License-Identifier: MIT
# t8-setup-doctor: `leaktrace setup` writes the browsers' manifests in a
# throwaway HOME (and a staged system root), `leaktrace doctor` passes on a
# good setup and names each problem of a broken one with its fix.
. "$(dirname "$0")/lib.sh"

T="$LEAKTRACE_TEST_HOME/t8"
rm -rf "$T"
mkdir -p "$T/nobrowsers" "$T/somebrowsers" "$T/sysroot"
HOST_ABS="$(cd "$(dirname "$LTH")" && pwd)/leaktrace-host"
CHROMIUM_ORIGIN="chrome-extension://mfbhmookfccdhiccgdjdakbinbdgblde/"
# A PATH without browsers, so that what is "installed" is what the test says.
export LEAKTRACE_SYSTEM_ROOT="$T/sysroot"
# The Chromium family follows XDG_CONFIG_HOME (tested below); the tests that
# follow HOME alone run with it unset, as on most desktops.
unset XDG_CONFIG_HOME
in_home() { # in_home DIR COMMAND...: run with HOME=DIR and no browser on PATH
	h=$1
	shift
	mkdir -p "$h"
	HOME="$h" PATH="$T/nobrowsers" "$@"
}

# Each browser's folder, written out here and not taken from the code's table.
USER_DIRS=".config/chromium/NativeMessagingHosts .config/google-chrome/NativeMessagingHosts
.config/BraveSoftware/Brave-Browser/NativeMessagingHosts .config/vivaldi/NativeMessagingHosts
.config/microsoft-edge/NativeMessagingHosts .mozilla/native-messaging-hosts"
manifest_ok() { # manifest_ok FILE HOST: valid JSON with the absolute host and the right IDs, mode 0644
	f=$1
	case "$f" in */.mozilla/* | */mozilla/*) ids='.allowed_extensions == ["leaktrace@leaktrace"] and (has("allowed_origins") | not)' ;;
	*) ids='.allowed_origins == ["'"$CHROMIUM_ORIGIN"'"] and (has("allowed_extensions") | not)' ;;
	esac
	[ -f "$f" ] || { echo "no manifest at $f"; return 1; }
	[ "$(stat -c %a "$f")" = 644 ] || { echo "$f has mode $(stat -c %a "$f")"; return 1; }
	jq -e --arg host "$2" '.name == "org.leaktrace.host" and .type == "stdio" and .path == $host and
		(.path | startswith("/")) and '"$ids" "$f" >/dev/null || { echo "bad manifest $f:"; cat "$f"; return 1; }
}
all_manifests_ok() { # all_manifests_ok HOME HOST
	for d in $USER_DIRS; do manifest_ok "$1/$d/org.leaktrace.host.json" "$2" || return 1; done
}
no_manifests() { # no_manifests HOME
	left=$(find "$1" -name 'org.leaktrace.host.json*')
	[ -z "$left" ] || { echo "left behind: $left"; return 1; }
}

# ---- setup ----
H="$T/setup-home"
ALL="--browser chromium --browser chrome --browser brave --browser vivaldi --browser edge --browser firefox --browser firefox-esr"
check "setup --browser for every browser exits 0" in_home "$H" "$LT" setup $ALL
check "every manifest is valid JSON in its browser's folder, with the absolute host path and the right ID" \
	all_manifests_ok "$H" "$HOST_ABS"
check "no temporary file is left beside the manifests" sh -c "! find '$H' -name 'org.leaktrace.host.json.*' | grep -q ."
out=$(in_home "$H" "$LT" setup $ALL --json)
check "setup --json lists each browser with its manifest" json_ok \
	'(.browsers | length) == 7 and all(.browsers[]; .status == "written" and (.manifest | endswith("/org.leaktrace.host.json"))) and .host == "'"$HOST_ABS"'"' "$out"
check "setup says what to do next" sh -c "HOME='$H' PATH='$T/nobrowsers' '$LT' setup --browser chromium | grep -q 'chrome://extensions'"
check "setup --remove removes every manifest" in_home "$H" "$LT" setup --remove
check "nothing is left after --remove" no_manifests "$H"
check "--remove when nothing is there still succeeds" in_home "$H" "$LT" setup --remove

check "an unknown --browser is a usage error (exit 2)" exits 2 in_home "$H" "$LT" setup --browser netscape
check "a relative --host is a usage error" exits 2 in_home "$H" "$LT" setup --browser chromium --host build/leaktrace-host
printf '#!/bin/sh\n' >"$T/not-exec"
check "a --host that is not executable is a usage error" exits 2 in_home "$H" "$LT" setup --browser chromium --host "$T/not-exec"
check "a stray argument is a usage error" exits 2 in_home "$H" "$LT" setup chromium

# Found browsers: a program on PATH (Brave) or a config folder in HOME (Vivaldi).
D="$T/detect-home"
mkdir -p "$D/.config/vivaldi"
printf '#!/bin/sh\n' >"$T/somebrowsers/brave-browser"
chmod 755 "$T/somebrowsers/brave-browser"
check "with no --browser, setup writes for the browsers found and only those" sh -c "
	HOME='$D' PATH='$T/somebrowsers' '$LT' setup --json | jq -e '[.browsers[].browser] == [\"brave\",\"vivaldi\"]' &&
	test -f '$D/.config/BraveSoftware/Brave-Browser/NativeMessagingHosts/org.leaktrace.host.json' &&
	test -f '$D/.config/vivaldi/NativeMessagingHosts/org.leaktrace.host.json' &&
	test ! -e '$D/.config/chromium' && test ! -e '$D/.mozilla'"
check "with no browser found and none named, setup exits 1 and says how to name one" sh -c "
	HOME='$T/empty-home' PATH='$T/nobrowsers' '$LT' setup 2>&1 | grep -q -- '--browser'
	mkdir -p '$T/empty-home'; HOME='$T/empty-home' PATH='$T/nobrowsers' '$LT' setup >/dev/null 2>&1; [ \$? -eq 1 ]"

# An installed copy points the browsers at the host beside it.
mkdir -p "$T/prefix/bin"
cp "$LT" "$LTH" "$T/prefix/bin/"
check "the default host is leaktrace-host beside the running leaktrace" sh -c "
	HOME='$T/copy-home' PATH='$T/nobrowsers' '$T/prefix/bin/leaktrace' setup --browser chrome >/dev/null &&
	jq -e '.path == \"$T/prefix/bin/leaktrace-host\"' '$T/copy-home/.config/google-chrome/NativeMessagingHosts/org.leaktrace.host.json'"
check "--host names another host" sh -c "
	HOME='$T/copy-home' PATH='$T/nobrowsers' '$LT' setup --browser edge --host '$T/prefix/bin/leaktrace-host' >/dev/null &&
	jq -e '.path == \"$T/prefix/bin/leaktrace-host\"' '$T/copy-home/.config/microsoft-edge/NativeMessagingHosts/org.leaktrace.host.json'"

check "setup --system writes the system folders (under LEAKTRACE_SYSTEM_ROOT)" sh -c "
	HOME='$H' PATH='$T/nobrowsers' '$LT' setup --system --browser chromium --browser chrome --browser brave --browser vivaldi --browser edge --browser firefox >/dev/null"
sys_ok() {
	for d in etc/chromium/native-messaging-hosts etc/opt/chrome/native-messaging-hosts etc/opt/brave/native-messaging-hosts \
		etc/opt/vivaldi/native-messaging-hosts etc/opt/edge/native-messaging-hosts usr/lib/mozilla/native-messaging-hosts; do
		manifest_ok "$T/sysroot/$d/org.leaktrace.host.json" "$HOST_ABS" || return 1
	done
}
check "every system manifest is valid, in its browser's system folder" sys_ok
check "setup --system --remove removes them" sh -c "
	HOME='$H' PATH='$T/nobrowsers' '$LT' setup --system --remove >/dev/null && ! find '$T/sysroot' -name 'org.leaktrace.host.json' | grep -q ."
check "the user folders were not touched by --system" no_manifests "$H"

# ---- XDG_CONFIG_HOME: the Chromium family reads its folders there, Firefox does not ----
X="$T/xdg-home"
XC="$X/.local/config"
in_xdg() { # in_xdg COMMAND...: HOME=$X, XDG_CONFIG_HOME=$XC, no browser on PATH
	mkdir -p "$X"
	HOME="$X" XDG_CONFIG_HOME="$XC" PATH="$T/nobrowsers" "$@"
}
xdg_manifests_ok() {
	for d in chromium/NativeMessagingHosts google-chrome/NativeMessagingHosts \
		BraveSoftware/Brave-Browser/NativeMessagingHosts vivaldi/NativeMessagingHosts microsoft-edge/NativeMessagingHosts; do
		manifest_ok "$XC/$d/org.leaktrace.host.json" "$HOST_ABS" || return 1
	done
	manifest_ok "$X/.mozilla/native-messaging-hosts/org.leaktrace.host.json" "$HOST_ABS" &&
		{ [ ! -e "$X/.config" ] || { echo "wrote under ~/.config:"; find "$X/.config"; return 1; }; } &&
		{ [ ! -e "$XC/.mozilla" ] && [ ! -e "$XC/mozilla" ] || { echo "Firefox's manifest went under XDG_CONFIG_HOME"; return 1; }; }
}
check "with XDG_CONFIG_HOME set, setup exits 0" in_xdg "$LT" setup $ALL
check "with XDG_CONFIG_HOME set, the Chromium family's manifests are under it, Firefox's in ~/.mozilla, none in ~/.config" \
	xdg_manifests_ok
check "setup --json names the XDG_CONFIG_HOME folders" json_ok \
	'(.browsers[] | select(.browser == "brave") | .manifest) == "'"$XC"'/BraveSoftware/Brave-Browser/NativeMessagingHosts/org.leaktrace.host.json" and
	(.browsers[] | select(.browser == "firefox") | .manifest) == "'"$X"'/.mozilla/native-messaging-hosts/org.leaktrace.host.json"' \
	"$(in_xdg "$LT" setup --browser brave --browser firefox --json)"
xdg_doctor=$(in_xdg "$LT" doctor --json)
check "doctor checks the manifests under XDG_CONFIG_HOME and finds them good" json_ok \
	'.ok and (.checks[] | select(.name == "manifest.chromium") | .status == "ok" and (.detail | test("'"$XC"'/chromium/NativeMessagingHosts"))) and
	(.checks[] | select(.name == "manifest.firefox") | .status == "ok" and (.detail | test("'"$X"'/.mozilla/native-messaging-hosts")))' "$xdg_doctor"
check "setup --remove with XDG_CONFIG_HOME set removes them all" sh -c "
	HOME='$X' XDG_CONFIG_HOME='$XC' PATH='$T/nobrowsers' '$LT' setup --remove >/dev/null && ! find '$X' -name 'org.leaktrace.host.json*' | grep -q ."
# A browser found by its profile under XDG_CONFIG_HOME, with its manifest only in ~/.config, where it does not look.
rm -rf "$XC" "$X/.config"
mkdir -p "$XC/vivaldi"
HOME="$X" PATH="$T/nobrowsers" "$LT" setup --browser vivaldi >/dev/null
check "doctor reports a browser under XDG_CONFIG_HOME whose manifest is only in ~/.config" json_ok \
	'.checks[] | select(.name == "manifest.vivaldi") | .status == "problem" and .fix == "leaktrace setup --browser vivaldi"' \
	"$(in_xdg "$LT" doctor --json)"
check "with no --browser, setup finds a browser by its profile under XDG_CONFIG_HOME and writes there" sh -c "
	HOME='$X' XDG_CONFIG_HOME='$XC' PATH='$T/nobrowsers' '$LT' setup --json | jq -e '[.browsers[].browser] == [\"vivaldi\"]' &&
	test -f '$XC/vivaldi/NativeMessagingHosts/org.leaktrace.host.json'"
check "a relative XDG_CONFIG_HOME is ignored, as the XDG rule says: ~/.config" sh -c "
	HOME='$X' XDG_CONFIG_HOME=rel/config PATH='$T/nobrowsers' '$LT' setup --browser edge >/dev/null &&
	test -f '$X/.config/microsoft-edge/NativeMessagingHosts/org.leaktrace.host.json' && test ! -e rel"

# ---- doctor ----
G="$T/good-home"
in_home "$G" "$LT" setup --browser chromium --browser firefox >/dev/null
good=$(in_home "$G" "$LT" doctor --json)
check "doctor on a good setup exits 0" exits 0 in_home "$G" "$LT" doctor
check "doctor on a good setup: every check ok" json_ok \
	'.ok and all(.checks[]; .status == "ok") and ([.checks[].name] | index("keyring") and index("secret-service") and index("host-ping") and index("phone-region") and index("sources") and index("manifest.chromium") and index("manifest.firefox"))' "$good"
problem_of() { # problem_of NAME DETAIL_REGEX FIX_REGEX JSON
	json_ok '(.ok | not) and any(.checks[]; .name == "'"$1"'" and .status == "problem" and (.detail | test("'"$2"'")) and (.fix | test("'"$3"'")))' "$4"
}

case ${LEAKTRACE_PROVIDER:-gnome-keyring} in keepassxc) provider_name=KeePassXC ;; kwallet) provider_name=KWallet ;; *) provider_name="GNOME Keyring" ;; esac
check "doctor names the Secret Service provider ($provider_name) and its version" json_ok \
	".checks[] | select(.name == \"secret-service\") | .detail | test(\"provided by $provider_name [0-9]+\\\\.[0-9]+\")" "$good"
if [ "${LEAKTRACE_PROVIDER:-gnome-keyring}" = keepassxc ]; then
	check "doctor says KeePassXC exposes a group" json_ok \
		'.checks[] | select(.name == "exposed-group") | .status == "ok" and (.detail | test("exposed"))' "$good"
	# A second KeePassXC, on its own bus, whose database exposes no group.
	KS="$(cd "$(dirname "$0")/../.." && pwd)/scripts/keyring-session"
	LT_ABS="$(cd "$(dirname "$LT")" && pwd)/leaktrace"
	unexposed=$(env -u LEAKTRACE_IN_KEYRING_SESSION LEAKTRACE_KEEPASSXC_EXPOSE=none "$KS" --provider keepassxc \
		sh -c "i=0; until '$LT_ABS' doctor --json | jq -e 'any(.checks[]; .name == \"exposed-group\")' >/dev/null || [ \$i -ge 50 ]; do sleep 0.2; i=\$((i + 1)); done; '$LT_ABS' doctor --json" 2>/dev/null)
	check "doctor on a KeePassXC that exposes no group: the problem and where to fix it" problem_of exposed-group \
		'no group exposed' 'Database > Database Settings > Secret Service Integration > expose a group' "$unexposed"
	check "... and the keyring check points there instead of a raw D-Bus error" problem_of keyring \
		'no collection' 'expose a group' "$unexposed"
else
	check "doctor says nothing of exposed groups under $LEAKTRACE_PROVIDER" json_ok \
		'all(.checks[]; .name != "exposed-group")' "$good"
fi
check "doctor's ping went through the framing to the host of the manifests" json_ok \
	'.checks[] | select(.name == "host-ping") | .detail | test("leaktrace-host answered a framed ping")' "$good"
check "doctor prints OK lines for people" sh -c "HOME='$G' PATH='$T/nobrowsers' '$LT' doctor | grep -q '^OK .*keyring'"

B="$T/broken-home"
in_home "$B" "$LT" setup --browser chromium --browser firefox >/dev/null
CM="$B/.config/chromium/NativeMessagingHosts/org.leaktrace.host.json"
FM="$B/.mozilla/native-messaging-hosts/org.leaktrace.host.json"
jq '.path = "/nonexistent/leaktrace-host"' "$CM" >"$CM.new" && mv "$CM.new" "$CM"
jq '.allowed_extensions = ["someone-else@example.org"]' "$FM" >"$FM.new" && mv "$FM.new" "$FM"
broken=$(in_home "$B" "$LT" doctor --json)
check "doctor on a broken setup exits 1" exits 1 in_home "$B" "$LT" doctor
check "doctor reports a manifest pointing at a missing binary, with the fix" \
	problem_of manifest.chromium 'does not exist: /nonexistent/leaktrace-host' 'leaktrace setup --browser chromium' "$broken"
check "doctor reports a manifest with the wrong extension ID, with the fix" \
	problem_of manifest.firefox 'allowed_extensions.*leaktrace@leaktrace' 'leaktrace setup --browser firefox' "$broken"
check "doctor --json on a broken setup parses, every check with name, status, detail and fix" json_ok \
	'all(.checks[]; (.name | type) == "string" and (.status | IN("ok","problem","info")) and (.detail | type) == "string" and has("fix"))' "$broken"
check "doctor prints PROBLEM and the fix for people" sh -c "
	HOME='$B' PATH='$T/nobrowsers' '$LT' doctor | grep -A1 '^PROBLEM .*nonexistent' | grep -q 'fix: .*leaktrace setup --browser chromium'"
check "following the fix repairs it" sh -c "
	HOME='$B' PATH='$T/nobrowsers' '$LT' setup --browser chromium --browser firefox >/dev/null &&
	HOME='$B' PATH='$T/nobrowsers' '$LT' doctor >/dev/null"

cp "$LTH" "$T/host-copy" && chmod 644 "$T/host-copy"
jq --arg p "$T/host-copy" '.path = $p' "$CM" >"$CM.new" && mv "$CM.new" "$CM"
check "doctor reports a host that is not executable" \
	problem_of manifest.chromium 'not executable' 'leaktrace setup --browser chromium' "$(in_home "$B" "$LT" doctor --json)"
printf '#!/bin/sh\necho "mute-host: not listening" >&2\nexec /bin/cat >/dev/null\n' >"$T/mute-host" && chmod 755 "$T/mute-host"
jq --arg p "$T/mute-host" '.path = $p' "$CM" >"$CM.new" && mv "$CM.new" "$CM"
check "doctor reports a host that does not answer the ping" \
	problem_of host-ping 'mute-host did not answer.*without answering.*the host said: mute-host: not listening' 'printf' "$(in_home "$B" "$LT" doctor --json)"
in_home "$B" "$LT" setup --browser chromium >/dev/null

check "doctor reports a browser installed without a manifest" sh -c "
	HOME='$B' PATH='$T/somebrowsers' '$LT' doctor --json |
	jq -e '.checks[] | select(.name == \"manifest.brave\") | .status == \"problem\" and (.fix == \"leaktrace setup --browser brave\")'"
check "doctor reports no phone region, with the fix" sh -c "
	HOME='$B' PATH='$T/nobrowsers' LEAKTRACE_REGION= LC_ALL= LC_TELEPHONE= LC_CTYPE= LANG=C.UTF-8 '$LT' doctor --json |
	jq -e '.checks[] | select(.name == \"phone-region\") | .status == \"problem\" and (.fix | test(\"LEAKTRACE_REGION\"))'"

if [ "${LEAKTRACE_PROVIDER:-gnome-keyring}" = gnome-keyring ]; then
	lock_keyring
	locked=$(in_home "$G" "$LT" doctor --json)
	locked_rc=$?
	restart_unlocked
	check "doctor on a locked keyring exits 1" test "$locked_rc" -eq 1
	check "doctor reports the locked keyring, with how to unlock it" problem_of keyring 'locked' 'unlock' "$locked"
	check "the keyring is unlocked again" exits 0 in_home "$G" "$LT" doctor
else
	echo "skip - t8-setup-doctor: the locked keyring checks lock and restart gnome-keyring-daemon, not $LEAKTRACE_PROVIDER"
fi

# Sandboxed browsers: a Flatpak Chromium's data folder, a Snap Firefox under the system root.
mkdir -p "$G/.var/app/org.chromium.Chromium" "$T/sysroot/snap/firefox"
sandboxed=$(in_home "$G" "$LT" doctor --json)
check "a Flatpak browser is reported with its own manifest folder and the flatpak-spawn workaround" json_ok \
	'.checks[] | select(.name == "sandbox.chromium.flatpak") | .status == "info" and
	(.detail | test("\\.var/app/org\\.chromium\\.Chromium/config/chromium/NativeMessagingHosts")) and
	(.fix | test("flatpak-spawn --host") and test("flatpak override --user --talk-name=org.freedesktop.Flatpak org.chromium.Chromium") and test("org.freedesktop.secrets"))' "$sandboxed"
check "a Snap Firefox is reported with the WebExtensions portal it needs" json_ok \
	'.checks[] | select(.name == "sandbox.firefox.snap") | .status == "info" and (.detail | test("portal"))' "$sandboxed"
check "sandbox notes are information, not problems: still exit 0" exits 0 in_home "$G" "$LT" doctor
rm -rf "$G/.var" "$T/sysroot/snap"
