# bash completion for leaktrace: subcommands, their options, and recorded sites.
# Installed by `make install` into share/bash-completion/completions/leaktrace.

_leaktrace_sites()
{
	leaktrace list --sites 2>/dev/null
}

_leaktrace()
{
	local cur prev cmd words cword
	_init_completion || return

	local commands="record trace accounts alias pool incident phone mail evidence report-login rotate breaches list forget setup doctor export import"
	if [[ $cword -eq 1 ]]; then
		COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
		return
	fi
	cmd=${words[1]}

	case $prev in
	--capture)
		COMPREPLY=($(compgen -W "signup login otp-login newsletter checkout other manual import" -- "$cur")); return ;;
	--kind)
		if [[ $cmd == incident ]]; then
			COMPREPLY=($(compgen -W "sms call email login other" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "email phone username name" -- "$cur"))
		fi
		return ;;
	--format)
		if [[ $cmd == accounts ]]; then
			COMPREPLY=($(compgen -W "chrome firefox bitwarden bitwarden-json keepassxc 1password chromium-history firefox-history" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "html pdf md json" -- "$cur"))
		fi
		return ;;
	--given) COMPREPLY=($(compgen -W "unknown" -- "$cur")); return ;;
	--lang) COMPREPLY=($(compgen -W "zh en" -- "$cur")); return ;;
	--tz) COMPREPLY=($(compgen -W "$(cd /usr/share/zoneinfo 2>/dev/null && find . -type f -name "[A-Z]*" | sed "s|^\./||" | grep -v "^posix\|^right")" -- "$cur")); return ;;
	--browser) COMPREPLY=($(compgen -W "chromium chrome brave vivaldi edge firefox firefox-esr" -- "$cur")); return ;;
	--site | --done) COMPREPLY=($(compgen -W "$(_leaktrace_sites)" -- "$cur")); return ;;
	-o | --output | --host) _filedir; return ;;
	esac

	local opts=""
	case $cmd in
	record) opts="--email --phone --username --title --note --capture --given --region --json" ;;
	trace) opts="--since --kind --region --json" ;;
	alias) opts="--base --clear --phone --name --json" ;;
	pool) opts="add remove list --region --json" ;;
	incident) opts="add list forget --kind --from --at --note --as --region --yes --json" ;;
	phone) opts="import map review --on --sim --region --keep-text --dry-run --never --json" ;;
	mail)
		case $cword in
		2) opts="add list remove login scan timer check review allow deny" ;;
		3) [[ ${words[2]} == add ]] && opts="maildir mbox thunderbird evolution kmail imap"
			[[ ${words[2]} == timer ]] && opts="enable disable status" ;;
		esac
		case ${words[2]} in
		add) [[ $cword -gt 3 ]] && { [[ $cur == -* ]] && opts="--name" || { _filedir; return; }; }
			[[ ${words[3]} == imap && $cur == -* ]] && opts="--name --password-fd --oauth2-command --ca-file" ;;
		scan) opts="--since --dry-run --json --quiet" ;;
		list) opts="--json" ;;
		login) [[ $cur == -* ]] && opts="--password-fd --oauth2-command --ca-file" ;;
		timer) [[ ${words[3]} == enable && $cur == -* ]] && opts="--every" ;;
		check) [[ $cur == -* ]] && opts="--json" || { _filedir eml; return; } ;;
		review) opts="--accept-all --json" ;;
		allow | deny) [[ $cword -eq 3 ]] && { COMPREPLY=($(compgen -W "$(_leaktrace_sites)" -- "$cur")); return; } ;;
		esac ;;
	evidence) opts="--format -o --force --lang --since --kind --region --tz --name --id-number --contact" ;;
	report-login) opts="--at --note --json" ;;
	rotate) opts="--max-age --open --done --json" ;;
	breaches) opts="import --json" ;;
	list) opts="--site --json --sites" ;;
	forget) opts="--yes" ;;
	setup) opts="--browser --system --remove --host --json" ;;
	doctor) opts="--json" ;;
	export) opts="-o --plain --force" ;;
	import) opts="--plain --json" ;;
	accounts) opts="import --format --region --dry-run --json" ;;
	esac
	case $cmd in
	forget | alias | report-login)
		if [[ $cur != -* ]]; then
			COMPREPLY=($(compgen -W "$(_leaktrace_sites)" -- "$cur"))
			return
		fi ;;
	breaches | import | accounts | phone)
		if [[ $cur != -* && $prev != breaches && $prev != accounts && $prev != phone && ($cmd != phone || ${words[2]} == import) ]]; then
			_filedir
			return
		fi ;;
	esac
	COMPREPLY=($(compgen -W "$opts --help" -- "$cur"))
}
complete -F _leaktrace leaktrace
