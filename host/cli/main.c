/* SPDX-License-Identifier: MIT */
/* main.c: the `leaktrace` command -- a table of subcommands, like secret-tool
 * and git. This file owns dispatch, help and the mapping from error codes to
 * exit codes; each subcommand lives in commands.c and only parses its
 * arguments and renders what the core returns. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "near.h"
#include "outfile.h"

static const lt_command commands[] = {
	{"record", cmd_record, N_("record that you gave identifiers to a site"),
	 N_("usage: leaktrace record URL_OR_SITE [--email E] [--phone P] [--username U]\n"
	 "                        [--title T] [--note TEXT] [--capture KIND] [--given DATE|unknown]\n"
	 "                        [--region CC] [--json]\n"
	 "\n"
	 "Record an account made outside the browser (in an app, on paper, by phone).\n"
	 "KIND is signup, login, otp-login, newsletter, checkout, other, manual (default) or import.\n"
	 "--given DATE: when you first gave it (exact; default now). --given unknown: you do not\n"
	 "know, and trace will never rule the site out by date.\n"
	 "\n"
	 "examples:\n"
	 "  leaktrace record shop.example --phone '138 0013 8000' --note 'app signup'\n"
	 "  leaktrace record https://www.example.com/register --email me+ex@mail.example\n"
	 "  leaktrace record old-forum.example --username zhang3 --given 2019-03-01\n")},
	{"trace", cmd_trace, N_("which sites received this email, number or username?"),
	 N_("usage: leaktrace trace IDENTIFIER [--since DATE] [--kind email|phone|username|name] [--region CC] [--json]\n"
	 "\n"
	 "Paste what the spam shows: a phone number in any format, an email address or a\n"
	 "username. Prints every site that received it, exact matches first, with when.\n"
	 "Sites are ranked: an alias made for one site names it for certain; otherwise the\n"
	 "earliest incident logged on it (or --since DATE, when the spam started) rules out\n"
	 "sites that got it only later by an exact date, and the closest before it comes first.\n"
	 "Dates known only as 'no later than' or 'unknown' (imported accounts) are never ruled out.\n"
	 "The first line is the verdict: Certain (an alias), a suspect by time alone (the\n"
	 "closest before; time by itself proves nothing), or no recorded site fits.\n"
	 "Exit 0 when a site fits, 1 when none does (then import your past accounts).\n"
	 "\n"
	 "examples:\n"
	 "  leaktrace trace '+86 138 0013 8000'\n"
	 "  leaktrace trace me@mail.example --since 2026-11-20\n")},
	{"accounts", cmd_accounts, N_("import the accounts you already have from a password manager's export"),
	 N_("usage: leaktrace accounts import FILE [--format F] [--region CC] [--dry-run] [--json]\n"
	 "\n"
	 "Brings in the accounts you made before leaktrace, so that trace knows them. F is\n"
	 "chrome (also Chromium and Edge), firefox, bitwarden, bitwarden-json, keepassxc,\n"
	 "1password, chromium-history or firefox-history; without --format it is told from\n"
	 "the file's first bytes. Each account is dated no later than the export's created\n"
	 "date (Firefox, KeePassXC, Bitwarden JSON), else 'date unknown': trace never rules\n"
	 "such a site out. Usernames are read as an email, a phone number (--region CC, else\n"
	 "your default region) or a username.\n"
	 "\n"
	 "A browser history (Chromium's History, Firefox's places.sqlite; a copy is read in\n"
	 "memory, never the live file) adds no account: the first visit to a site's sign-up\n"
	 "page (register, signup, join, 注册, ...) dates the accounts recorded on that site\n"
	 "no later than that visit; sites with such a visit but no account are listed.\n"
	 "Nothing else is taken from history.\n"
	 "\n"
	 "Passwords in the file are never stored: each is turned into a keyed fingerprint\n"
	 "(to find sites sharing a password, as the extension does) and wiped from memory\n"
	 "at once. Notes are never read. Still, delete the export file when done: it holds\n"
	 "your passwords in the clear.\n"
	 "\n"
	 "The whole file is read first: a file that is not what it claims (unknown header,\n"
	 "broken quoting, a row with a wrong number of fields) writes nothing. Rows that\n"
	 "cannot be an account (no web address, no username) are listed with their row\n"
	 "number and skipped. Importing the same file twice adds nothing. A progress bar\n"
	 "shows on a terminal; --dry-run lists what would be added and writes nothing;\n"
	 "--json prints the summary. Exit 1 when the file holds no account.\n"
	 "\n"
	 "examples:\n"
	 "  leaktrace accounts import ~/Downloads/Chrome\\ Passwords.csv --dry-run\n"
	 "  leaktrace accounts import logins.csv              # Firefox: about:logins > Export\n"
	 "  leaktrace accounts import bitwarden_export.json --json\n"
	 "  leaktrace accounts import ~/.config/chromium/Default/History\n")},
	{"alias", cmd_alias, N_("make an email alias (or pick a number, a name) that names the site if it leaks"),
	 N_("usage: leaktrace alias --base [ADDRESS_OR_DOMAIN] | --base --clear\n"
	 "       leaktrace alias SITE [--phone | --name NAME] [--json]\n"
	 "\n"
	 "Once, set the base: your address (aliases become me+TAG@mail.example) or a\n"
	 "catch-all domain you own (TAG@mydomain.example); --base alone shows it,\n"
	 "--base --clear removes it. Then, for each site, give it its own alias: TAG\n"
	 "is made from the site with a secret key, so a leaked alias names its site for\n"
	 "certain. The alias is printed and recorded as given.\n"
	 "--phone picks from your pool (leaktrace pool) the number held by the fewest\n"
	 "sites; --name makes a variant of your name with a per-site initial: a middle\n"
	 "initial ('Zhang K. San'), or after the family name for a Chinese name (张K三).\n"
	 "\n"
	 "examples:\n"
	 "  leaktrace alias --base me@mail.example\n"
	 "  leaktrace alias shop.example            # prints me+k7dm3xq9@mail.example\n"
	 "  leaktrace alias shop.example --phone\n"
	 "  leaktrace alias shop.example --name 'Zhang San'\n"
	 "  leaktrace alias shop.example --name 张三\n")},
	{"pool", cmd_pool, N_("your phone numbers that alias --phone chooses from"),
	 N_("usage: leaktrace pool [list] [--json]\n"
	 "       leaktrace pool add NUMBER [--region CC]\n"
	 "       leaktrace pool remove NUMBER\n"
	 "\n"
	 "examples:\n"
	 "  leaktrace pool add '138 0013 8000' --region CN\n"
	 "  leaktrace pool\n")},
	{"incident", cmd_incident, N_("log a harassing call, SMS, spam email or login alert"),
	 N_("usage: leaktrace incident add IDENTIFIER --kind sms|call|email|login|other\n"
	 "                              [--from NUMBER_OR_ADDRESS] [--at TIME] [--note TEXT]\n"
	 "                              [--as email|phone|username|name] [--region CC] [--yes] [--json]\n"
	 "       leaktrace incident list [IDENTIFIER] [--as KIND] [--region CC] [--json]\n"
	 "       leaktrace incident forget ID\n"
	 "\n"
	 "IDENTIFIER is yours, the one the call or message arrived on; the caller's number\n"
	 "or the sender goes in --from. An IDENTIFIER no recorded site has (nor your phone\n"
	 "pool) is most often the caller's number typed in its place: leaktrace says so,\n"
	 "names a recorded number one digit from it, and asks on a terminal; --yes logs it\n"
	 "without asking, and off a terminal it is not logged without --yes (exit 2).\n"
	 "TIME is local time ('2026-11-20 10:31', '2026-11-20') or RFC 3339; the default is\n"
	 "now; a time before 1990 or more than a day ahead is refused. --as says what\n"
	 "IDENTIFIER is when it could be read otherwise. trace and evidence use the earliest\n"
	 "incident: sites that got the identifier later are ruled out.\n"
	 "\n"
	 "examples:\n"
	 "  leaktrace incident add '138 0013 8000' --kind call --from '+86 21 5555 0101' --at '2026-11-20 10:31'\n"
	 "  leaktrace incident list 13800138000\n")},
	{"phone", cmd_phone, N_("import the SMS and calls on your phone: harassment becomes incidents"),
	 N_("usage: leaktrace phone import FILE... [--on NUMBER | --sim SUB_ID=NUMBER...] [--region CC]\n"
	 "                              [--keep-text] [--dry-run] [--json]\n"
	 "       leaktrace phone map SIGNATURE SITE | --never SIGNATURE\n"
	 "       leaktrace phone review [--json]\n"
	 "\n"
	 "FILE is an Android SMS Backup & Restore export (sms-*.xml, calls-*.xml), an iOS\n"
	 "backup's sms.db, or a CSV with the header time,direction,number,kind,text[,contact].\n"
	 "--on says which of your numbers they arrived on; on a dual-SIM phone, --sim gives\n"
	 "the number of each SIM (sub_id in the export). From strangers who are not answering\n"
	 "you, missed, rejected and blocked calls and commercial SMS become incidents, one per\n"
	 "sender and day with a count; a burst of verification codes is one SMS bombing. A\n"
	 "【signature】 names the company: one that never got this number is a leak for certain;\n"
	 "one not in your records is listed by phone review. SMS text is kept only with\n"
	 "--keep-text (for the evidence report), else only its SHA-256. Importing again adds nothing.\n"
	 "\n"
	 "examples:\n"
	 "  leaktrace phone import sms-20261201.xml calls-20261201.xml --on '138 0013 8000'\n"
	 "  leaktrace phone import sms.xml --sim 1=13800138000 --sim 2=13900139000 --dry-run\n"
	 "  leaktrace phone map 某某商城 shop.example\n"
	 "  leaktrace phone review\n")},
	{"mail", cmd_mail, N_("read your mailbox: leaks to aliases, spam on your addresses, past accounts"),
	 N_("usage: leaktrace mail add maildir DIR | mbox FILE | thunderbird [PROFILE] | evolution [DIR]\n"
	 "                               | kmail [DIR] [--name NAME]\n"
	 "       leaktrace mail add imap imaps://USER@HOST[:PORT] [--password-fd N | --oauth2-command CMD]\n"
	 "                               [--ca-file F] [--name NAME]\n"
	 "       leaktrace mail list [--json]\n"
	 "       leaktrace mail remove NAME\n"
	 "       leaktrace mail login NAME [--password-fd N | --oauth2-command CMD] [--ca-file F]\n"
	 "       leaktrace mail scan [--since DATE] [--dry-run] [--json] [--quiet]\n"
	 "       leaktrace mail timer enable [--every hourly|daily] | disable | status\n"
	 "       leaktrace mail check FILE.eml [--json]\n"
	 "       leaktrace mail review [--accept-all] [--json]\n"
	 "       leaktrace mail allow|deny SITE DOMAIN\n"
	 "\n"
	 "Only header blocks are read; bodies never are, nor stored. Mail to a site's alias\n"
	 "from a sender verified (by your provider's Authentication-Results) as having nothing\n"
	 "to do with that site is a leak for certain; so is a forged From of the site and a\n"
	 "bounce of mail you never sent. Mail services that send for many sites (SendGrid,\n"
	 "Mailchimp, Amazon SES, ...) prove nothing; unsure cases wait in mail review, settled\n"
	 "once per sender with allow or deny. Spam (Junk folder, X-Spam-Flag) on any recorded\n"
	 "address is an incident at its arrival time. Welcome and confirmation mail proposes the\n"
	 "accounts you made before leaktrace (mail review adds them). thunderbird without\n"
	 "PROFILE adds every profile under ~/.thunderbird; evolution and kmail find those\n"
	 "clients' local mail; a maildir DIR may also hold one Maildir per folder (mbsync,\n"
	 "offlineimap). imap tries the login first, asks the password on the terminal (or\n"
	 "reads it from descriptor N) and keeps it in the keyring; login replaces it, remove\n"
	 "forgets a source and its login (what its mail showed stays). The server is only\n"
	 "read (EXAMINE, BODY.PEEK): nothing is marked read. Scanning again adds nothing twice.\n"
	 "check judges one message and stores nothing (exit 1: nothing to judge). timer enable\n"
	 "installs a systemd user timer that runs mail scan --quiet (hourly by default).\n"
	 "\n"
	 "examples:\n"
	 "  leaktrace mail add thunderbird\n"
	 "  leaktrace mail add maildir ~/Maildir\n"
	 "  leaktrace mail add imap imaps://me%40163.com@imap.163.com\n"
	 "  leaktrace mail add kmail\n"
	 "  leaktrace mail scan --since 2026-01-01\n"
	 "  leaktrace mail timer enable\n"
	 "  leaktrace mail check suspicious.eml\n"
	 "  leaktrace mail allow shop.example shop-news.example\n")},
	{"evidence", cmd_evidence, N_("write an evidence report (HTML, PDF, Markdown or JSON) for the police"),
	 N_("usage: leaktrace evidence IDENTIFIER [--format html|pdf|md|json] [-o FILE [--force]] [--lang zh|en]\n"
	 "                          [--since DATE] [--kind K] [--region CC] [--tz ZONE]\n"
	 "                          [--name NAME] [--id-number ID] [--contact TEXT]\n"
	 "\n"
	 "One self-contained document: the identifier, a timeline, every site that received\n"
	 "it (page, title, time, how), every incident logged on it (who called or wrote, when,\n"
	 "on which of your identifiers, the SMS text if you kept it), the suspected source and\n"
	 "why. Times are your local time with their UTC offset; --tz ZONE (Asia/Shanghai,\n"
	 "+08:00) shows them in another zone. HTML prints on A4 with page numbers; -o FILE.pdf\n"
	 "prints it with the installed Chromium. --name, --id-number (masked but for its last\n"
	 "4 characters) and --contact put you in the header; they are never stored. The\n"
	 "format follows -o's extension, else HTML; the language follows your locale, else\n"
	 "--lang. The SHA-256 of the report and of its canonical JSON data are printed, so a\n"
	 "copy can be checked later. Exit 1 when nothing is recorded.\n"
	 "An existing FILE is replaced only with --force, and only if it is a regular file.\n"
	 "\n"
	 "examples:\n"
	 "  leaktrace evidence '138 0013 8000' -o report.pdf --lang zh --name 'Zhang San'\n"
	 "  leaktrace evidence '138 0013 8000' -o report.html --tz Asia/Shanghai\n"
	 "  leaktrace evidence me@mail.example --format json > evidence.json\n")},
	{"report-login", cmd_report_login, N_("someone else logged in to your account: mark it, list what to change"),
	 N_("usage: leaktrace report-login SITE [--at TIME] [--note TEXT] [--json]\n"
	 "\n"
	 "Marks the site compromised and logs the login as an incident. Then the passwords to\n"
	 "change are listed: that site, every site sharing its password or its account, and\n"
	 "the sites with its identifier whose password leaktrace never saw (check those).\n"
	 "\n"
	 "examples:\n"
	 "  leaktrace report-login shop.example --at '2026-11-27 23:10' --note 'login alert from another city'\n")},
	{"rotate", cmd_rotate, N_("which passwords to change now, and where"),
	 N_("usage: leaktrace rotate [--max-age DAYS] [--open [N]] [--json]\n"
	 "       leaktrace rotate --done SITE\n"
	 "\n"
	 "Every account whose password should change, most urgent first, with the reason:\n"
	 "a reported login, the same password as a compromised site, a breach at the site\n"
	 "after the password was set, an unknown password with a compromised identifier, the\n"
	 "same password as another site, or older than --max-age (default 365 days).\n"
	 "--open opens the change-password pages of the first N (all) in your browser, or\n"
	 "prints them where there is none. --done SITE marks one changed (the extension\n"
	 "does it by itself when it sees a new password there).\n"
	 "\n"
	 "examples:\n"
	 "  leaktrace rotate\n"
	 "  leaktrace rotate --open 3\n"
	 "  leaktrace rotate --done shop.example\n")},
	{"breaches", cmd_breaches, N_("import a breach catalogue (Have I Been Pwned format) offline"),
	 N_("usage: leaktrace breaches import FILE [--json]\n"
	 "\n"
	 "FILE is a JSON array as Have I Been Pwned's /api/v3/breaches serves it (Name, Domain,\n"
	 "BreachDate, AddedDate, DataClasses). Accounts on a breached site whose password was set\n"
	 "before the breach become due in rotate; trace marks identifiers exposed in a breach.\n"
	 "The whole file is checked first: a bad file imports nothing.\n"
	 "\n"
	 "examples:\n"
	 "  leaktrace breaches import breaches.json\n")},
	{"list", cmd_list, N_("list recorded accounts"),
	 N_("usage: leaktrace list [--site SITE] [--json | --sites]\n"
	 "\n"
	 "--sites prints each recorded site once, one a line (for shell completion).\n"
	 "\n"
	 "examples:\n"
	 "  leaktrace list\n"
	 "  leaktrace list --site www.example.com --json\n")},
	{"forget", cmd_forget, N_("delete the records of a site (or of one identifier there)"),
	 N_("usage: leaktrace forget SITE [IDENTIFIER] [--yes]\n"
	 "\n"
	 "Asks before deleting unless --yes is given (required when not on a terminal).\n"
	 "\n"
	 "examples:\n"
	 "  leaktrace forget example.com\n"
	 "  leaktrace forget example.com me@mail.example --yes\n")},
	{"setup", cmd_setup, N_("install the browser manifest that lets the extension start leaktrace-host"),
	 N_("usage: leaktrace setup [--browser NAME]... [--system] [--remove] [--host PATH] [--json]\n"
	 "\n"
	 "Write the native messaging manifest (org.leaktrace.host.json), naming the absolute\n"
	 "path of leaktrace-host and the extension's ID, for every browser found on this\n"
	 "machine, or for each --browser NAME: chromium, chrome, brave, vivaldi, edge,\n"
	 "firefox, firefox-esr. User folders by default: $XDG_CONFIG_HOME/... (~/.config/...\n"
	 "when unset) for the Chromium family, ~/.mozilla/... for Firefox (it ignores XDG);\n"
	 "--system writes the folders for all users (/etc/..., /usr/lib/mozilla/...: run\n"
	 "as root). --host defaults to leaktrace-host beside this leaktrace. --remove\n"
	 "takes the manifests away again (from every browser unless named).\n"
	 "LEAKTRACE_SYSTEM_ROOT, for tests and packagers, is put before every system path.\n"
	 "\n"
	 "examples:\n"
	 "  leaktrace setup\n"
	 "  leaktrace setup --browser chromium --browser firefox\n"
	 "  sudo leaktrace setup --system --host /usr/local/bin/leaktrace-host\n"
	 "  leaktrace setup --remove\n")},
	{"doctor", cmd_doctor, N_("check the keyring, the browser manifests and the host, and say how to fix"),
	 N_("usage: leaktrace doctor [--json]\n"
	 "\n"
	 "Checks, each with OK, PROBLEM or INFO and the exact fix: the Secret Service and\n"
	 "which program provides it; the default collection unlocked; every installed\n"
	 "manifest (parses, names an existing executable host and the extension's ID);\n"
	 "the host answering a ping through the browsers' framing; the region used for\n"
	 "phone numbers; browsers installed as Flatpak or Snap, and what they need.\n"
	 "--json prints {\"ok\": BOOL, \"checks\": [{\"name\", \"status\", \"detail\", \"fix\"}]}.\n"
	 "Exit 0 when nothing is wrong, 1 when a check found a problem.\n"
	 "\n"
	 "examples:\n"
	 "  leaktrace doctor\n"
	 "  leaktrace doctor --json | jq '.checks[] | select(.status == \"problem\")'\n")},
	{"export", cmd_export, N_("write every record to a file, encrypted with a passphrase, to move machines"),
	 N_("usage: leaktrace export -o FILE [--plain] [--force]\n"
	 "\n"
	 "Keyrings do not sync. export writes every leaktrace record -- accounts, incidents,\n"
	 "aliases, the alias base and phone pool, keys -- to FILE, encrypted with a\n"
	 "passphrase you type twice (scrypt, AES-256-GCM). FILE gets mode 0600; an existing\n"
	 "FILE is refused unless --force. --plain writes readable JSON instead, unencrypted:\n"
	 "anyone who can read that file reads your records and alias keys.\n"
	 "The passphrase (8 characters or more) is read from the terminal without echo, or,\n"
	 "for scripts, from the first line on the file descriptor named by\n"
	 "LEAKTRACE_PASSPHRASE_FD; never from the command line.\n"
	 "\n"
	 "examples:\n"
	 "  leaktrace export -o ~/leaktrace.backup\n"
	 "  LEAKTRACE_PASSPHRASE_FD=3 leaktrace export -o leaktrace.backup 3<passphrase.txt\n"
	 "  leaktrace export -o my-records.json --plain\n")},
	{"import", cmd_import, N_("merge a backup made by export into this keyring"),
	 N_("usage: leaktrace import FILE [--plain] [--json]\n"
	 "\n"
	 "Restore a backup from `leaktrace export`, merging with what is here: records\n"
	 "already here are skipped, an account on the same site sharing an identifier is\n"
	 "merged, nothing is duplicated, so importing twice adds nothing. A wrong\n"
	 "passphrase or a changed byte is refused before anything is written. A key that\n"
	 "differs from this keyring's is not replaced (a warning says so). Files over\n"
	 "256 MiB are refused. A progress bar shows on a terminal; --json prints the\n"
	 "summary (added, merged, skipped, per kind) for scripts. --plain reads a plain\n"
	 "JSON export. The passphrase is read as for export (LEAKTRACE_PASSPHRASE_FD too).\n"
	 "Sites and normalised identifiers are derived again from each record's URL and\n"
	 "values; a record whose fields contradict each other is refused with its place\n"
	 "(accounts[3]), and nothing is written.\n"
	 "\n"
	 "examples:\n"
	 "  leaktrace import ~/leaktrace.backup\n"
	 "  LEAKTRACE_PASSPHRASE_FD=3 leaktrace import leaktrace.backup --json 3<passphrase.txt\n"
	 "  leaktrace import my-records.json --plain\n")},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void print_usage(FILE *out)
{
	size_t i;

	fputs(_("usage: leaktrace [--lang zh|en] COMMAND [ARGS]   (leaktrace COMMAND --help for more)\n\n"
		"Find which site leaked your phone number or email address. leaktrace keeps,\n"
		"in your system keyring, which identifier you gave to which site.\n\ncommands:\n"),
	      out);
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
	fputs(_("\nexit codes: 0 found/done, 1 nothing found, 2 usage or bad input,\n"
		"            3 keyring unavailable or locked, 4 other failure (output not written too)\n"
		"environment: LEAKTRACE_REGION (default region for phone numbers, e.g. CN);\n"
		"             messages follow LC_ALL, LC_MESSAGES or LANG, --lang overrides\n"),
	      out);
}

const lt_command *cli_find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

int cli_wants_help(const lt_command *cmd, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(_(cmd->usage), stdout);
			return 1;
		}
	return 0;
}

char **cli_opt_argv;

/* getopt_long said '?' (opterr is 0: its own messages are not ours to print):
 * one line naming the option, then where to read about the rest. */
static int bad_option(const lt_command *cmd)
{
	const char *arg = cli_opt_argv && optind > 0 ? cli_opt_argv[optind - 1] : "";
	int long_opt = strncmp(arg, "--", 2) == 0;

	if ((long_opt && optopt != 0) || (!long_opt && optopt == 'o'))
		fprintf(stderr, _("leaktrace %s: option '%s' needs a value\n"), cmd->name, arg);
	else if (long_opt)
		fprintf(stderr, _("leaktrace %s: unknown option '%s'\n"), cmd->name, arg);
	else
		fprintf(stderr, _("leaktrace %s: unknown option '-%c'\n"), cmd->name, optopt);
	fprintf(stderr, _("see leaktrace %s --help\n"), cmd->name);
	return EXIT_USAGE;
}

int cli_usage_error(const lt_command *cmd, const char *fmt, ...)
{
	va_list ap;
	const char *usage = _(cmd->usage), *nl = strchr(usage, '\n');

	if (strcmp(fmt, "unknown option") == 0)
		return bad_option(cmd);

	fputs("leaktrace: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, _(fmt), ap);
	va_end(ap);
	fprintf(stderr, "\n%.*s\n", (int)(nl ? nl - usage : (long)strlen(usage)), usage);
	return EXIT_USAGE;
}

static const char *hint(lt_err e)
{
	switch (e) {
	case LT_ERR_KEYRING_UNAVAILABLE:
		return _("leaktrace needs a running Secret Service (gnome-keyring, KWallet or KeePassXC) in your desktop session.");
	case LT_ERR_KEYRING_LOCKED:
		return _("unlock your keyring (log in to the desktop, or open Passwords and Keys) and try again.");
	case LT_ERR_BAD_REGION:
		return _("give --region CC or set LEAKTRACE_REGION, e.g. LEAKTRACE_REGION=CN.");
	default:
		return NULL;
	}
}

int cli_fail(lt_err e, const char *what)
{
	const char *detail = lt_err_detail_text(), *h = hint(e), *sep = _(": "); /* "：" in Chinese */

	/* One message: "nothing recorded matches" says less than a detail that
	 * names what is missing, so that detail stands alone; "give at least one
	 * identifier" names the kinds already, so it stands alone; a detail that
	 * repeats the message ("line 1: not valid JSON") stands alone too. */
	if (e == LT_ERR_NO_IDENTIFIER)
		detail = "";
	if (detail[0] && (e == LT_ERR_NOT_FOUND || strstr(detail, cli_err_text(e))))
		fprintf(stderr, "leaktrace: %s%s%s\n", _(what), sep, detail);
	else
		fprintf(stderr, "leaktrace: %s%s%s%s%s\n", _(what), sep, cli_err_text(e), detail[0] ? sep : "", detail);
	if (h)
		fprintf(stderr, _("hint: %s\n"), h);
	switch (e) {
	case LT_ERR_KEYRING_UNAVAILABLE:
	case LT_ERR_KEYRING_LOCKED:
	case LT_ERR_LOCK:
		return EXIT_KEYRING;
	case LT_ERR_NOT_FOUND:
		return EXIT_NOTHING;
	case LT_ERR_NOMEM:
	case LT_ERR_KEYRING:
	case LT_ERR_CORRUPT_RECORD:
	case LT_ERR_IO:
	case LT_ERR_NETWORK:
	case LT_ERR_TLS:
	case LT_ERR_PROTOCOL:
		return EXIT_FAILED;
	default:
		return EXIT_USAGE;
	}
}

int cli_check_input(const char *path)
{
	FILE *f = fopen(path, "rb");

	if (f) {
		fclose(f);
		return EXIT_DONE;
	}
	fprintf(stderr, _("leaktrace: cannot open %s: %s\n"), path, strerror(errno));
	return EXIT_USAGE;
}

/* "exists" and "not a regular file" are the person's to fix: exit 2. */
static int output_refused(lt_err e, const char *path)
{
	const char *detail = lt_err_detail();

	if (e == LT_ERR_IO && strcmp(detail, "exists") == 0)
		fprintf(stderr, _("leaktrace: %s exists; give --force to replace it\n"), path);
	else if (e == LT_ERR_IO && strcmp(detail, "not a regular file") == 0)
		fprintf(stderr, _("leaktrace: %s is not a regular file; only a regular file is replaced, even with --force\n"),
			path);
	else
		return 0;
	return 1;
}

int cli_check_output(const char *path, int force)
{
	lt_err e = lt_outfile_check(path, force);

	if (e == LT_OK)
		return EXIT_DONE;
	if (!output_refused(e, path))
		fprintf(stderr, _("leaktrace: cannot write %s: %s\n"), path, lt_err_detail_text());
	return EXIT_USAGE;
}

int cli_fail_output(lt_err e, const char *path)
{
	if (output_refused(e, path))
		return EXIT_USAGE;
	fprintf(stderr, _("leaktrace: cannot write %s: %s\n"), path, lt_err_detail_text());
	return e == LT_ERR_NOMEM ? cli_fail(e, N_("cannot write the file")) : EXIT_FAILED;
}

/* Output that did not reach its file is a failure, whatever the command
 * returned: a full disk or /dev/full shows up here, at the latest. */
static int check_output(int rc)
{
	int failed = fflush(stdout) != 0 || ferror(stdout);

	if (fclose(stdout) != 0)
		failed = 1;
	if (!failed)
		return rc;
	fprintf(stderr, _("leaktrace: could not write the output: %s\n"), strerror(errno ? errno : EIO));
	return EXIT_FAILED;
}

/* --lang VALUE or --lang=VALUE, anywhere before "--", for the messages: taken
 * out of argv, except after `evidence`, which reads it for the report too. */
static const char *take_lang(int *argc, char **argv)
{
	const char *lang = NULL;
	int i = 1, n;

	while (i < *argc && strcmp(argv[i], "--") != 0) {
		n = strcmp(argv[i], "--lang") == 0 ? 2 : strncmp(argv[i], "--lang=", 7) == 0 ? 1 : 0;
		if (n == 0 || i + n > *argc) {
			i++;
			continue;
		}
		lang = n == 2 ? argv[i + 1] : argv[i] + 7;
		if (i > 1 && strcmp(argv[1], "evidence") == 0) {
			i += n;
			continue;
		}
		memmove(argv + i, argv + i + n, (size_t)(*argc - i - n + 1) * sizeof *argv);
		*argc -= n;
	}
	return lang;
}

static int unknown_command(const char *name)
{
	size_t i, d, best = 3;
	const char *like = NULL;

	for (i = 0; i < NCOMMANDS; i++)
		if ((d = lt_edit_distance(name, commands[i].name)) < best) {
			best = d;
			like = commands[i].name;
		}
	if (like)
		fprintf(stderr, _("leaktrace: '%s' is not a leaktrace command; did you mean `%s`?\n"), name, like);
	else
		fprintf(stderr, _("leaktrace: '%s' is not a leaktrace command; see leaktrace --help\n"), name);
	return EXIT_USAGE;
}

static int run(int argc, char **argv)
{
	const lt_command *cmd;

	if (cli_i18n_init(take_lang(&argc, argv)) != 0) {
		fputs(_("leaktrace: --lang is zh or en\n"), stderr);
		return EXIT_USAGE;
	}
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		if (argc >= 3 && (cmd = cli_find_command(argv[2]))) {
			fputs(_(cmd->usage), stdout);
			return EXIT_DONE;
		}
		print_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_DONE;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("leaktrace %s\n", LT_VERSION);
		return EXIT_DONE;
	}
	cmd = cli_find_command(argv[1]);
	if (!cmd)
		return unknown_command(argv[1]);
	if (cli_wants_help(cmd, argc - 1, argv + 1))
		return EXIT_DONE;
	return cmd->run(argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
	int rc;

	if (cli_safe_streams() != 0) {
		fprintf(stderr, "leaktrace: out of memory\n");
		return EXIT_FAILED;
	}
	rc = run(argc, argv);

	return check_output(rc);
}
