# SPDX-License-Identifier: MIT
# leaktrace: build, test, install.
#   make demo       install what is missing, build, tell the story: signups, calls, trace, evidence,
#                   a reported login, rotation (LANG=zh_CN.UTF-8: in Chinese)
#   make            build build/leaktrace and build/leaktrace-host
#   make check      install missing Debian packages, then every test (unit, integration on a
#                   throwaway keyring -- with 5,000 accounts in t14 --, sanitizers, fuzz smoke
#                   run, end-to-end in real browsers)
#   make bench      benchmark table against secret-tool and a two-call floor
#   make bench-curve  one more write as the keyring file grows to 10,000 accounts (slow)
#   make install    PREFIX=/usr/local DESTDIR= (PREFIX=$HOME/.local for a user install)
#   make deb        build/leaktrace_VERSION_amd64.deb (dpkg-buildpackage), lintian-checked
#   make deb-check  that package installed, used and purged in a fresh Debian 12 root

MAKEFLAGS += --no-print-directory
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
MODULEDIR ?= $(LIBDIR)/leaktrace
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
LOCALEDIR ?= $(DATADIR)/locale
B ?= build

# pkg-config name:Debian package. The flags are asked for in $(CONFIG_MK), made after the
# deps step (make demo and make check install packages first), not when this file is read.
PKGS := libcjson:libcjson-dev libsecret-1:libsecret-1-dev \
	libpsl:libpsl-dev libidn2:libidn2-dev glib-2.0:libglib2.0-dev
# The module: libphonenumber, and ICU's spoof checker for international host names.
PHONE_LIBS := -lphonenumber -licui18n -licuuc
# host/sources (readers of phone logs and other exports) are linked into the `leaktrace`
# command only, so the native host starts without them. libcsv has no .pc: its header is checked.
# libcurl: the IMAP reader's connection, TLS and login (host/sources/imap_conn.c).
# GMime 3: mail header blocks (host/sources/mail_header.c).
# libcrypto (OpenSSL): the sealing of backups (host/core/backup_seal.c), reached only from export and
# import, which run in leaktrace-sources; the light programs wipe, hash and draw random bytes with
# glibc, GLib and the kernel (host/core/primitives.c) and start without it.
SOURCES_PKGS := libxml-2.0:libxml2-dev sqlite3:libsqlite3-dev libcurl:libcurl4-openssl-dev gmime-3.0:libgmime-3.0-dev \
	libcrypto:libssl-dev
CONFIG_MK := $(B)/config.mk
DEPS_STAMP := $(B)/deps.stamp

VERSION := 0.1.0
CC ?= cc
CXX ?= c++
WERROR ?=
CFLAGS ?= -O2 -g
CXXFLAGS ?= -O2 -g
SAN_FLAGS ?=
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra $(WERROR) $(CFLAGS) $(SAN_FLAGS) \
	-DLT_VERSION='"$(VERSION)"' -Ihost/core -Ihost/sources $(PKG_CFLAGS)
ALL_CXXFLAGS = -std=c++17 -Wall -Wextra $(WERROR) $(CXXFLAGS) $(SAN_FLAGS) -Ihost/core
LINK = $(CXX) $(SAN_FLAGS) $(LDFLAGS)
# Sanitizer builds link the programs as C++ so the runtime the module needs is there.
LINK_C = $(if $(SAN_FLAGS),$(CXX),$(CC)) $(SAN_FLAGS) $(LDFLAGS)

# The core library is C; the programs load the libphonenumber bridge as a module
# (host/phone/phone_loader.c) so that starting them does not load ICU and friends.
# Unit tests and the fuzzer link the bridge directly ($(PHONE_OBJ)).
CORE_OBJ := $(patsubst %.c,$(B)/%.o,$(wildcard host/core/*.c)) $(B)/gen/phone_meta.o
# libphonenumber's region metadata as a C table (host/core/phone_meta.h), for the
# phone fast path (host/core/phone_fast.c): written by a program linked against
# libphonenumber, from its own data; with --corpus, the unit tests' phone corpus.
PHONE_META_GEN := $(B)/phone-meta-gen
PHONE_CORPUS := $(B)/tests/phone-corpus.txt
CORE_LIB := $(B)/libleaktrace-core.a
PHONE_OBJ := $(B)/host/phone/phone_bridge.o $(B)/host/phone/idn_spoof.o
PHONE_MODULE := $(B)/leaktrace-phone.so
LOADER_OBJ := $(B)/host/phone/phone_loader.o
# host/sources: readers of outside data, used by the command line only.
SOURCES_OBJ := $(patsubst %.c,$(B)/%.o,$(wildcard host/sources/*.c))
SOURCES_LIB := $(B)/libleaktrace-sources.a
# The command line is two programs: leaktrace, and leaktrace-sources with the commands that read
# outside data (accounts, mail, phone), to which leaktrace hands those over (host/cli/sources_exec.c),
# so that every other call starts without libcurl, GMime, libxml2, SQLite, libcrypto and theirs.
# export and import (backups, sealed with OpenSSL) are there too.
CLI_SOURCES_OBJ := $(patsubst %.c,$(B)/%.o,host/cli/accounts_cmds.c host/cli/cmd_mail.c host/cli/imap_cmd.c \
	host/cli/mail_timer.c host/cli/phone_cmds.c host/cli/backup_cmds.c)
CLI_EXEC_OBJ := $(B)/host/cli/sources_exec.o
CLI_OBJ := $(filter-out $(CLI_SOURCES_OBJ) $(CLI_EXEC_OBJ),$(patsubst %.c,$(B)/%.o,$(wildcard host/cli/*.c)))
SOURCES_PROGRAM := $(B)/leaktrace-sources
HOST_OBJ := $(patsubst %.c,$(B)/%.o,$(wildcard host/hostd/*.c))
# Translations of the CLI: po/LANG.po -> $(B)/locale/LANG/LC_MESSAGES/leaktrace.mo, where a
# build-tree leaktrace finds them (host/cli/i18n.c); po/leaktrace.pot is made by make pot.
PO := $(wildcard po/*.po)
MO := $(PO:po/%.po=$(B)/locale/%/LC_MESSAGES/leaktrace.mo)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)

.PHONY: pot extension demo all check unit integration integration-keepassxc integration-kwallet sanitize fuzz e2e bench bench-curve install uninstall clean deps install-check deb deb-check FORCE
all: $(B)/leaktrace $(B)/leaktrace-host $(SOURCES_PROGRAM) $(PHONE_MODULE) $(MO)

$(B)/locale/%/LC_MESSAGES/leaktrace.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<
# The template of the messages: the CLI's strings, and the core's and sources' texts that reach
# people -- the error table, lt_fail details, lt_tr texts -- which the CLI translates (i18n.c).
# The wire's framing and protocol (frame.c, proto*.c) speak only to the extension: left out.
POT_SRC = host/cli/*.c $(filter-out host/core/frame.c host/core/proto%.c,$(wildcard host/core/*.c)) host/sources/*.c
pot:
	xgettext -k --from-code=UTF-8 --language=C --add-comments=TRANSLATORS: --package-name=leaktrace \
		--package-version=$(VERSION) --keyword=_ --keyword=N_ --keyword=ngettext:1,2 --keyword=cli_fail:2 --keyword=cli_usage_error:2 \
		--keyword=lt_fail:2 --flag=lt_fail:2:c-format --keyword=lt_tr --keyword=lt_trn:1,2 --keyword=tr_if:2 \
		--keyword=T_ --keyword=doctor_text --flag=doctor_text:1:c-format --keyword=add_check:5 --flag=add_check:5:c-format \
		-o po/leaktrace.pot $(POT_SRC)
	for p in $(PO); do msgmerge -q --no-fuzzy-matching --update --backup=none $$p po/leaktrace.pot; done

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<
$(B)/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(ALL_CXXFLAGS) -fPIC -MMD -MP -c -o $@ $<
$(SOURCES_OBJ): ALL_CFLAGS += $(SOURCES_CFLAGS)
$(LOADER_OBJ) $(B)/host/cli/sources_path.o: ALL_CFLAGS += -DLT_MODULE_DIR='"$(MODULEDIR)"'
$(B)/host/phone/idn_spoof.o: ALL_CFLAGS += -fPIC
$(B)/host/core/datafile.o: ALL_CFLAGS += -DLT_DATA_DIR='"$(DATADIR)/leaktrace"'
$(B)/host/cli/i18n.o: ALL_CFLAGS += -DLT_LOCALE_DIR='"$(LOCALEDIR)"'
# The installed paths are compiled in: a change of PREFIX rebuilds what uses them.
PATHS_STAMP := $(B)/paths.stamp
$(PATHS_STAMP): FORCE
	@mkdir -p $(B); echo '$(MODULEDIR) $(DATADIR) $(LOCALEDIR)' | cmp -s - $@ || echo '$(MODULEDIR) $(DATADIR) $(LOCALEDIR)' > $@
$(LOADER_OBJ) $(B)/host/cli/sources_path.o $(B)/host/core/datafile.o $(B)/host/cli/i18n.o: $(PATHS_STAMP)
FORCE:

$(PHONE_META_GEN): host/phone/phone_meta_gen.cc host/core/phone_meta.h
	@mkdir -p $(dir $@)
	$(CXX) -std=c++17 -Wall -Wextra $(WERROR) -O1 -o $@ $< -lphonenumber -lprotobuf
$(B)/gen/phone_meta.c: $(PHONE_META_GEN)
	@mkdir -p $(dir $@)
	$(PHONE_META_GEN) $@.tmp && mv $@.tmp $@
$(B)/gen/phone_meta.o: $(B)/gen/phone_meta.c
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<
$(PHONE_CORPUS): $(PHONE_META_GEN)
	@mkdir -p $(dir $@)
	$(PHONE_META_GEN) --corpus $@.tmp && mv $@.tmp $@
$(B)/tests/test_phone_fast: $(PHONE_CORPUS)

$(CORE_LIB): $(CORE_OBJ)
	rm -f $@ && ar rcs $@ $^
$(SOURCES_LIB): $(SOURCES_OBJ)
	rm -f $@ && ar rcs $@ $^
$(PHONE_MODULE): $(PHONE_OBJ)
	$(LINK) -shared -o $@ $^ $(PHONE_LIBS)
$(B)/leaktrace: $(CLI_OBJ) $(CLI_EXEC_OBJ) $(LOADER_OBJ) $(CORE_LIB)
	$(LINK_C) -o $@ $^ $(PKG_LIBS)
$(SOURCES_PROGRAM): $(CLI_OBJ) $(CLI_SOURCES_OBJ) $(LOADER_OBJ) $(SOURCES_LIB) $(CORE_LIB)
	$(LINK_C) -o $@ $^ $(PKG_LIBS) $(SOURCES_LIBS)
$(B)/leaktrace-host: $(HOST_OBJ) $(LOADER_OBJ) $(CORE_LIB)
	$(LINK_C) -o $@ $^ $(PKG_LIBS)
$(B)/tests/%: tests/unit/%.c $(SOURCES_LIB) $(CORE_LIB) $(PHONE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@.o -c $<
	$(LINK) -o $@ $@.o $(SOURCES_LIB) $(CORE_LIB) $(PHONE_OBJ) $(PKG_LIBS) $(SOURCES_LIBS) $(PHONE_LIBS) -lcmocka

deps:
	scripts/install-deps
$(DEPS_STAMP): scripts/install-deps
	scripts/install-deps
	@mkdir -p $(dir $@) && touch $@

# The package flags, written once the packages are there; make reads the file back in
# (and starts over) before it compiles anything, so make -j is right too.
$(CONFIG_MK): Makefile
	@mkdir -p $(dir $@)
	@command -v pkg-config >/dev/null || { echo "make: pkg-config is missing (Debian package pkg-config; make deps installs it)" >&2; exit 1; }
	@for p in $(PKGS) $(SOURCES_PKGS); do pkg-config --exists $${p%%:*} || \
		{ echo "make: pkg-config finds no $${p%%:*} (Debian package $${p#*:}; make deps installs it)" >&2; exit 1; }; done
	@echo '#include <csv.h>' | $(CC) -E -x c - >/dev/null 2>&1 || \
		{ echo "make: no csv.h (Debian package libcsv-dev; make deps installs it)" >&2; exit 1; }
	@pc="$(foreach p,$(PKGS),$(firstword $(subst :, ,$p)))"; \
		sc="$(foreach p,$(SOURCES_PKGS),$(firstword $(subst :, ,$p)))"; \
		{ echo "# made by make from pkg-config; make clean removes it"; \
		echo "PKG_CFLAGS := $$(pkg-config --cflags $$pc)"; \
		echo "PKG_LIBS := $$(pkg-config --libs $$pc)"; \
		echo "SOURCES_CFLAGS := $$(pkg-config --cflags $$sc)"; \
		echo "SOURCES_LIBS := $$(pkg-config --libs $$sc) -lcsv"; } >$@.tmp && mv $@.tmp $@
# Goals that install packages do so before the flags are asked for.
ifneq ($(filter demo check,$(MAKECMDGOALS)),)
$(CONFIG_MK): $(DEPS_STAMP)
endif
# Goals that compile nothing need no flags (make clean works without the packages).
ifneq ($(if $(MAKECMDGOALS),$(filter-out clean deps uninstall extension install-check,$(MAKECMDGOALS)),all),)
include $(CONFIG_MK)
endif

# host/sources never prints (scripts/check-quiet-sources), then every unit test.
unit: $(UNIT_BIN) $(SOURCES_LIB)
	@CC="$(CC)" scripts/check-quiet-sources $(SOURCES_LIB)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; LC_ALL=C.UTF-8 $$t; done

$(B)/tests/nmframe: tests/integration/nmframe.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $<

# The IMAP transport driven alone against the tests' dovecot (tests/integration/imapscan.c).
$(B)/tests/imapscan: tests/integration/imapscan.c $(SOURCES_LIB) $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@.o -c $<
	$(LINK_C) -o $@ $@.o $(SOURCES_LIB) $(CORE_LIB) $(PKG_LIBS) $(SOURCES_LIBS)

integration: all $(B)/tests/nmframe $(B)/tests/imapscan
	scripts/keyring-session tests/integration/run $(B)

# The same suite against KeePassXC (headless), in make check after the gnome-keyring stage; tests that
# need gnome-keyring itself say so and skip (t11-at-rest, t12-keyring-timeout, t14-big-answers, part of t8).
# Debian 12's KeePassXC 2.7.4 crashed when a write arrived during its background save; leaktrace
# paces its writes to it (host/core/pace.c) and t15-provider-burst checks that it survives bursts.
integration-keepassxc: all $(B)/tests/nmframe $(B)/tests/imapscan
	scripts/keyring-session --provider keepassxc tests/integration/run $(B)

# The same suite against KWallet (kwalletd5 headless, its wallet opened the way pam_kwallet does).
integration-kwallet: all $(B)/tests/nmframe
	scripts/keyring-session --provider kwallet tests/integration/run $(B)

# The unit and integration tests again, built with AddressSanitizer and UBSan.
sanitize:
	$(MAKE) B=build-san CC=clang CXX=clang++ SAN_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		CFLAGS="-O1 -g" CXXFLAGS="-O1 -g" unit integration

# libFuzzer, bounded in time: FUZZ_SECONDS in all, shared by the targets of
# tests/fuzz/ -- fuzz_host (frames and requests, seeds in tests/fuzz/seeds), fuzz_backup
# (backup documents and sealed headers), fuzz_phone (the phone-log XML filter and reader),
# fuzz_imap (IMAP server responses in uneven pieces, folder names) and fuzz_mail (mail header
# blocks through GMime and the verdict rules);
# seeds in tests/fuzz/seeds-NAME, a dictionary in tests/fuzz/NAME.dict where there is one.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := host backup phone imap mail
FUZZ_CC = clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Ihost/core -Ihost/sources $(PKG_CFLAGS)
FUZZ_EACH = $$(( $(FUZZ_SECONDS) / $(words $(FUZZ_TARGETS)) ))
fuzz:
	$(MAKE) B=build-fuzz CC=clang CXX=clang++ SAN_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer" \
		CFLAGS="-O1 -g -DLT_FUZZING" CXXFLAGS="-O1 -g" build-fuzz/libleaktrace-sources.a build-fuzz/libleaktrace-core.a \
		build-fuzz/host/phone/phone_bridge.o build-fuzz/host/phone/idn_spoof.o
	@set -e; for t in $(FUZZ_TARGETS); do \
		$(FUZZ_CC) -c -o build-fuzz/fuzz_$$t.o tests/fuzz/fuzz_$$t.c; \
		clang++ -fsanitize=fuzzer,address,undefined -o build-fuzz/fuzz_$$t build-fuzz/fuzz_$$t.o build-fuzz/libleaktrace-sources.a \
			build-fuzz/libleaktrace-core.a build-fuzz/host/phone/phone_bridge.o build-fuzz/host/phone/idn_spoof.o \
			$(PKG_LIBS) $(SOURCES_LIBS) $(PHONE_LIBS); \
	done
	@set -e; for t in $(FUZZ_TARGETS); do \
		seeds=tests/fuzz/seeds; [ $$t = host ] || seeds=tests/fuzz/seeds-$$t; \
		dict=""; [ ! -f tests/fuzz/$$t.dict ] || dict=-dict=tests/fuzz/$$t.dict; \
		mkdir -p build-fuzz/corpus-$$t; \
		echo "fuzz: $(FUZZ_EACH) s of libFuzzer on fuzz_$$t (log: build-fuzz/fuzz-$$t.log)"; \
		build-fuzz/fuzz_$$t -max_total_time=$(FUZZ_EACH) -max_len=8192 -rss_limit_mb=2048 -artifact_prefix=build-fuzz/$$t- $$dict \
			build-fuzz/corpus-$$t $$seeds >build-fuzz/fuzz-$$t.log 2>&1 || { tail -60 build-fuzz/fuzz-$$t.log; exit 1; }; \
		grep -E '^Done|cov:' build-fuzz/fuzz-$$t.log | tail -2; \
	done

e2e: all
	scripts/e2e $(B)

# make install into a temporary prefix and DESTDIR, then use what was installed.
install-check:
	scripts/install-check

check: $(DEPS_STAMP)
	$(MAKE) WERROR=-Werror all
	$(MAKE) unit
	LEAKTRACE_TEST_BIG=1 $(MAKE) integration
	$(MAKE) integration-keepassxc
	$(MAKE) sanitize
	$(MAKE) fuzz FUZZ_SECONDS=$${FUZZ_SECONDS:-60}
	$(MAKE) install-check
	scripts/demo $(B)
	$(MAKE) e2e

# The extension as loadable folders and packages for Chromium and Firefox.
extension:
	scripts/build-extension $(B)

# leaktrace's story end to end: three signups in headless Chromium, then the commands that follow.
demo: $(DEPS_STAMP) all
	scripts/demo $(B)

bench: all $(B)/tests/imapscan
	scripts/keyring-session scripts/bench $(B)

# One more write as the file-backed "login" collection grows to 10,000 accounts (about an hour and a half).
bench-curve: all
	scripts/keyring-session scripts/bench-curve $(B)

install: all extension
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MODULEDIR) $(DESTDIR)$(DATADIR)/leaktrace/manifests
	install -m 755 $(B)/leaktrace $(B)/leaktrace-host $(DESTDIR)$(BINDIR)/
	install -m 644 $(PHONE_MODULE) $(DESTDIR)$(MODULEDIR)/
	install -m 755 $(SOURCES_PROGRAM) $(DESTDIR)$(MODULEDIR)/
	install -m 644 manifests/*.json $(DESTDIR)$(DATADIR)/leaktrace/manifests/
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/bash-completion/completions
	install -m 644 doc/leaktrace.1 doc/leaktrace-host.1 $(DESTDIR)$(MANDIR)/man1/
	install -d $(DESTDIR)$(MANDIR)/zh_CN/man1
	install -m 644 doc/zh_CN/man1/leaktrace.1 $(DESTDIR)$(MANDIR)/zh_CN/man1/
	for p in $(PO:po/%.po=%); do install -d $(DESTDIR)$(LOCALEDIR)/$$p/LC_MESSAGES && \
		install -m 644 $(B)/locale/$$p/LC_MESSAGES/leaktrace.mo $(DESTDIR)$(LOCALEDIR)/$$p/LC_MESSAGES/; done
	install -m 644 completion/leaktrace.bash $(DESTDIR)$(DATADIR)/bash-completion/completions/leaktrace
	for b in chromium firefox; do \
		install -d $(DESTDIR)$(DATADIR)/leaktrace/extension/$$b && \
		cp -R $(B)/extension-$$b/. $(DESTDIR)$(DATADIR)/leaktrace/extension/$$b/; done
	install -m 644 $(B)/leaktrace-chromium.zip $(B)/leaktrace-firefox.xpi $(DESTDIR)$(DATADIR)/leaktrace/extension/
	install -d $(DESTDIR)$(DATADIR)/leaktrace/password-manager-resources
	install -m 644 data/password-manager-resources/* $(DESTDIR)$(DATADIR)/leaktrace/password-manager-resources/
	install -d $(DESTDIR)$(DATADIR)/leaktrace/mail-esp
	install -m 644 data/mail-esp/domains.json $(DESTDIR)$(DATADIR)/leaktrace/mail-esp/
	install -d $(DESTDIR)$(DATADIR)/leaktrace/change-password-cn
	install -m 644 data/change-password-cn/change-password-URLs.json data/change-password-cn/SOURCE.md \
		$(DESTDIR)$(DATADIR)/leaktrace/change-password-cn/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/leaktrace $(DESTDIR)$(BINDIR)/leaktrace-host
	rm -rf $(DESTDIR)$(MODULEDIR)
	rm -f $(DESTDIR)$(MANDIR)/man1/leaktrace.1 $(DESTDIR)$(MANDIR)/man1/leaktrace-host.1 $(DESTDIR)$(DATADIR)/bash-completion/completions/leaktrace
	rm -f $(DESTDIR)$(MANDIR)/zh_CN/man1/leaktrace.1
	rm -f $(PO:po/%.po=$(DESTDIR)$(LOCALEDIR)/%/LC_MESSAGES/leaktrace.mo)
	rm -rf $(DESTDIR)$(DATADIR)/leaktrace

# The Debian package, built by dpkg-buildpackage in a copy of the tree:
# $(B)/leaktrace_$(VERSION)_amd64.deb, checked by lintian.
deb:
	scripts/make-deb $(B)

# That package installed, used and purged in a fresh Debian 12 root.
deb-check: deb
	scripts/deb-check $(B)/leaktrace_$(VERSION)_amd64.deb

clean:
	rm -rf build build-san build-fuzz build-deb

-include $(shell find $(B) -name '*.d' 2>/dev/null)
