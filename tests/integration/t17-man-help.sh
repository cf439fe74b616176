# SPDX-License-Identifier: MIT
# t17-man-help: the man pages (English and Chinese) and `leaktrace CMD --help`
# list the same options for every command. From --help: the usage lines (up to
# the first blank line); from a man page: the synopsis headings of the command
# (the .B/.BI lines after .TP or .TQ that begin with its name).
. "$(dirname "$0")/lib.sh"
T=${LEAKTRACE_TEST_HOME:-/tmp}/man-help
mkdir -p "$T"
DOC="$(dirname "$0")/../../doc"

# Options in text: --long or -x, at the start or after a space, [, | or ".
options() { grep -o '\(^\|[][ |"(]\)--\?[a-z][a-z-]*' | sed 's/^[][ |"(]//' | grep -v '^-\?-help$' | sort -u; }

help_options() { # help_options CMD
	LC_ALL=C.UTF-8 "$LT" "$1" --help | awk 'NF == 0 { exit } { print }' | sed 's/^ *usage: *//' | options
}
man_options() { # man_options PAGE CMD
	awk -v cmd="$2" '
	/^\.(TP|TQ)$/ { head = 1; next }
	head && /^\.B/ {
		line = $0
		gsub(/\\-/, "-", line)
		sub(/^\.B[IR]* */, "", line)
		gsub(/"/, "", line)
		split(line, w, " ")
		if (w[1] == cmd) print line
		next
	}
	{ head = 0 }' "$1" | options
}

commands=$(LC_ALL=C.UTF-8 "$LT" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }')
check "the command list was read" test "$(echo "$commands" | wc -w)" -ge 16
for page in "$DOC/leaktrace.1" "$DOC/zh_CN/man1/leaktrace.1"; do
	lang=$(basename "$(dirname "$(dirname "$page")")")
	[ "$lang" = doc ] && lang=en
	for c in $commands; do
		help_options "$c" >"$T/$c.help"
		man_options "$page" "$c" >"$T/$c.$lang.man"
		check "$lang man page and --help: the same options for $c" sh -c "
			test -s '$T/$c.$lang.man' || { echo 'the $lang man page has no synopsis for $c'; exit 1; }
			diff -u '$T/$c.help' '$T/$c.$lang.man' | sed 's/^-/--help only: /; s/^+/man only: /' | grep 'only: -' && exit 1; exit 0"
	done
done
# The comparison itself can fail: a heading that lacks an option of --help is seen.
short_page_misses_since() {
	printf '%s\n' '.TP' '.BI "trace " "IDENTIFIER " "[\-\-json]"' >"$T/short.1"
	man_options "$T/short.1" trace >"$T/short.man"
	grep -qx -- --json "$T/short.man" && ! grep -q -- --since "$T/short.man" &&
		diff "$T/trace.help" "$T/short.man" | grep -q '^< --since'
}
check "a page missing an option is caught" short_page_misses_since

# The Chinese page says what the English one says: the same sections and
# subsections, the same entries in the same order (every command, exit status,
# variable and file, read from the words of each .TP/.TQ heading), and every
# option either names anywhere in its text.
EN_PAGE="$DOC/leaktrace.1"
ZH_PAGE="$DOC/zh_CN/man1/leaktrace.1"
headings() { # headings PAGE: one line per .TP/.TQ entry, the ASCII words of its heading
	awk '/^\.(TP|TQ)$/ {
		getline
		sub(/^\.[A-Z]+ */, "")
		gsub(/\\-/, "-")
		gsub(/[^A-Za-z0-9_.$\/~|%=:+@\[\]-]+/, " ")
		gsub(/^ +| +$/, "")
		print
	}' "$1"
}
all_options() { sed 's/\\-/-/g' "$1" | grep -o -- '--[a-z][a-z0-9-]*' | sort -u; }
sections() { grep -c '^\.SH' "$1"; grep -c '^\.SS' "$1"; grep -c '^\.\(TP\|TQ\)$' "$1"; }
same_entries() { # same_entries ENGLISH CHINESE
	headings "$1" >"$T/entries.en"
	headings "$2" >"$T/entries.zh"
	diff -u "$T/entries.en" "$T/entries.zh" | sed -n 's/^-\([^-]\)/English only: \1/p; s/^+\([^+]\)/Chinese only: \1/p' | grep . && return 1
	test "$(wc -l <"$T/entries.en")" -ge 40 || { echo "only $(wc -l <"$T/entries.en") entries read"; return 1; }
}
same_options() {
	all_options "$1" >"$T/options.en"
	all_options "$2" >"$T/options.zh"
	diff "$T/options.en" "$T/options.zh" | sed -n 's/^< /English only: /p; s/^> /Chinese only: /p' | grep . && return 1
	return 0
}
check "the Chinese man page has as many sections, subsections and entries as the English one" test \
	"$(sections "$EN_PAGE" | tr '\n' ' ')" = "$(sections "$ZH_PAGE" | tr '\n' ' ')"
check "the Chinese man page documents the English one's entries, in its order" same_entries "$EN_PAGE" "$ZH_PAGE"
check "the Chinese man page names every option the English one does" same_options "$EN_PAGE" "$ZH_PAGE"
# The comparison can fail: a Chinese page without its FILES section is caught.
no_files_caught() {
	sed '/^\.SH 文件/,/^\.SH 示例/{/^\.SH 示例/!d}' "$ZH_PAGE" >"$T/short-zh.1"
	! same_entries "$EN_PAGE" "$T/short-zh.1" >/dev/null
}
check "a Chinese page missing entries is caught" no_files_caught
