/* SPDX-License-Identifier: MIT */
/* probe.c: the system probes behind `leaktrace doctor` (probe.h).
 *
 * The ping goes through the same door a browser uses: the host binary is
 * started with a caller argument on three pipes, gets one 4-byte-length
 * frame, and its input is closed so it exits after answering. posix_spawn
 * keeps this safe in a process that already runs GLib's D-Bus thread.
 * Every wait is bounded by a deadline, and a host that hangs is killed. */
#include "probe.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "frame.h"

extern char **environ;

#define PING "{\"id\":1,\"action\":\"ping\"}"
#define STDERR_KEEP 240

lt_err lt_probe_secret_owner(unsigned *pid, char comm[32])
{
	GError *err = NULL;
	GDBusConnection *bus = g_bus_get_sync(G_BUS_TYPE_SESSION, NULL, &err);
	GVariant *reply = NULL;
	char path[64];
	FILE *f;

	comm[0] = '\0';
	if (bus)
		reply = g_dbus_connection_call_sync(bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
						    "org.freedesktop.DBus", "GetConnectionUnixProcessID",
						    g_variant_new("(s)", "org.freedesktop.secrets"), G_VARIANT_TYPE("(u)"),
						    G_DBUS_CALL_FLAGS_NONE, 3000, NULL, &err);
	if (bus)
		g_object_unref(bus);
	if (!reply) {
		lt_fail(LT_ERR_KEYRING_UNAVAILABLE, "no owner of org.freedesktop.secrets on the session bus: %s",
			err ? err->message : "unknown error");
		g_clear_error(&err);
		return LT_ERR_KEYRING_UNAVAILABLE;
	}
	g_variant_get(reply, "(u)", pid);
	g_variant_unref(reply);
	snprintf(path, sizeof path, "/proc/%u/comm", *pid);
	if ((f = fopen(path, "r"))) {
		if (fgets(comm, 32, f))
			comm[strcspn(comm, "\n")] = '\0';
		fclose(f);
	}
	return LT_OK;
}

lt_err lt_probe_webext_portal(unsigned *version)
{
	GError *err = NULL;
	GDBusConnection *bus = g_bus_get_sync(G_BUS_TYPE_SESSION, NULL, &err);
	GVariant *reply = NULL, *v;

	if (bus)
		reply = g_dbus_connection_call_sync(bus, "org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop",
						    "org.freedesktop.DBus.Properties", "Get",
						    g_variant_new("(ss)", "org.freedesktop.portal.WebExtensions", "version"),
						    G_VARIANT_TYPE("(v)"), G_DBUS_CALL_FLAGS_NONE, 3000, NULL, &err);
	if (bus)
		g_object_unref(bus);
	if (!reply) {
		lt_fail(LT_ERR_NOT_FOUND, "no WebExtensions portal in this session: %s", err ? err->message : "no session bus");
		g_clear_error(&err);
		return LT_ERR_NOT_FOUND;
	}
	g_variant_get(reply, "(v)", &v);
	*version = g_variant_is_of_type(v, G_VARIANT_TYPE_UINT32) ? g_variant_get_uint32(v) : 0;
	g_variant_unref(v);
	g_variant_unref(reply);
	return LT_OK;
}

const char *lt_probe_provider_name(const char *comm)
{
	static const struct {
		const char *prefix, *name;
	} known[] = {
		/* comm is cut to 15 bytes: gnome-keyring-daemon shows as gnome-keyring-d */
		{"gnome-keyring", "GNOME Keyring"}, {"kwalletd", "KWallet"}, {"ksecretd", "KWallet"},
		{"keepassxc", "KeePassXC"},
	};
	size_t i;

	for (i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strncmp(comm, known[i].prefix, strlen(known[i].prefix)) == 0)
			return known[i].name;
	return NULL;
}

void lt_ping_result_clear(lt_ping_result *r)
{
	free(r->version);
	free(r->keyring);
	free(r->keyring_detail);
	memset(r, 0, sizeof *r);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

typedef struct {
	pid_t pid;
	int in, out, err; /* our ends: the host's stdin, stdout, stderr */
} child;

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Start path with args on three fresh pipes, in env (NULL: ours). */
static lt_err spawn_host(const char *path, const char *const *args, char *const *env, child *c)
{
	int p[3][2] = {{-1, -1}, {-1, -1}, {-1, -1}}, i, rc = 0;
	posix_spawn_file_actions_t fa;
	char *argv[8];
	size_t n = 0;

	argv[n++] = (char *)path;
	for (; args && *args && n < 7; args++)
		argv[n++] = (char *)*args;
	argv[n] = NULL;
	for (i = 0; i < 3 && rc == 0; i++)
		rc = pipe2(p[i], O_CLOEXEC) == 0 ? 0 : errno;
	if (rc == 0 && (rc = posix_spawn_file_actions_init(&fa)) == 0) {
		posix_spawn_file_actions_adddup2(&fa, p[0][0], 0);
		posix_spawn_file_actions_adddup2(&fa, p[1][1], 1);
		posix_spawn_file_actions_adddup2(&fa, p[2][1], 2);
		rc = posix_spawn(&c->pid, path, &fa, NULL, argv, env ? env : environ);
		posix_spawn_file_actions_destroy(&fa);
	}
	c->in = p[0][1];
	c->out = p[1][0];
	c->err = p[2][0];
	close_fd(&p[0][0]);
	close_fd(&p[1][1]);
	close_fd(&p[2][1]);
	if (rc != 0) {
		c->pid = -1;
		close_fd(&c->in);
		close_fd(&c->out);
		close_fd(&c->err);
		return lt_fail(LT_ERR_IO, "cannot start %s: %s", path, strerror(rc));
	}
	return LT_OK;
}

/* Send one frame and close the host's input, without dying of SIGPIPE when
 * the host has already gone (its answer or stderr then says why). */
static void send_ping(child *c)
{
	struct sigaction ign = {.sa_handler = SIG_IGN}, old;
	uint32_t len = sizeof PING - 1;
	char buf[sizeof len + sizeof PING];

	memcpy(buf, &len, sizeof len);
	memcpy(buf + sizeof len, PING, len);
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	if (write(c->in, buf, sizeof len + len) < 0) {
		/* reported by the missing answer */
	}
	sigaction(SIGPIPE, &old, NULL);
	close_fd(&c->in);
}

/* Read one frame from fd by the deadline: *msg malloc'd and NUL-terminated. */
static lt_err read_answer(int fd, long deadline, char **msg)
{
	uint32_t len = 0;
	size_t want = sizeof len, got = 0;
	char *buf = malloc(sizeof len);

	while (buf && got < want) {
		struct pollfd pf = {.fd = fd, .events = POLLIN};
		long left = deadline - now_ms();
		ssize_t r;

		if (left <= 0 || poll(&pf, 1, (int)left) == 0) {
			free(buf);
			return lt_fail(LT_ERR_IO, "no answer within the time limit");
		}
		if ((r = read(fd, buf + got, want - got)) < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r <= 0) {
			free(buf);
			return lt_fail(LT_ERR_BAD_FRAME, got ? "the answer frame is cut short" : "the host closed its output without answering");
		}
		got += (size_t)r;
		if (got == sizeof len && want == sizeof len) {
			memcpy(&len, buf, sizeof len);
			if (len > LT_FRAME_MAX_OUT) {
				free(buf);
				return lt_fail(LT_ERR_BAD_FRAME, "the answer announces %u bytes, over the browser's limit", len);
			}
			free(buf);
			buf = malloc((size_t)len + 1);
			got = 0;
			want = len;
		}
	}
	if (!buf)
		return lt_fail(LT_ERR_NOMEM, "no memory for the answer");
	buf[got] = '\0';
	*msg = buf;
	return LT_OK;
}

/* Wait for the child to exit by the deadline, else kill it; its wait status. */
static int reap(child *c, long deadline)
{
	int status = 0;

	while (waitpid(c->pid, &status, WNOHANG) == 0) {
		if (now_ms() >= deadline) {
			kill(c->pid, SIGKILL);
			waitpid(c->pid, &status, 0);
			break;
		}
		usleep(10000);
	}
	c->pid = -1;
	return status;
}

/* The first line the host wrote to stderr, when it wrote one. */
static void first_stderr_line(int fd, char line[STDERR_KEEP + 1])
{
	ssize_t n;

	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	n = read(fd, line, STDERR_KEEP);
	line[n > 0 ? n : 0] = '\0';
	line[strcspn(line, "\n")] = '\0';
}

static char *dup_string(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? strdup(v->valuestring) : NULL;
}

static lt_err error_answer(const cJSON *error)
{
	const char *code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(error, "code"));
	const char *msg = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(error, "message"));
	int e;

	for (e = 1; e < LT_ERR_COUNT; e++)
		if (code && strcmp(code, lt_err_name((lt_err)e)) == 0)
			return lt_fail((lt_err)e, "the host answered %s: %s", code, msg ? msg : "");
	return lt_fail(LT_ERR_BAD_REQUEST, "the host answered with an unknown error");
}

/* Read a ping answer into r. */
static lt_err parse_answer(const char *msg, lt_ping_result *r)
{
	cJSON *a = cJSON_Parse(msg), *res = cJSON_GetObjectItemCaseSensitive(a, "result");
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(a, "id");
	lt_err e = LT_OK;

	if (!cJSON_IsObject(a))
		e = lt_fail(LT_ERR_BAD_JSON, "the answer is not a JSON object");
	else if (!cJSON_IsNumber(id) || id->valuedouble != 1)
		e = lt_fail(LT_ERR_BAD_REQUEST, "the answer does not carry the request's id");
	else if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(a, "ok")))
		e = error_answer(cJSON_GetObjectItemCaseSensitive(a, "error"));
	else if (!cJSON_IsObject(res) || !(r->version = dup_string(res, "version")) ||
		 !(r->keyring = dup_string(res, "keyring")))
		e = lt_fail(LT_ERR_BAD_REQUEST, "the ping answer lacks version or keyring");
	else
		r->keyring_detail = dup_string(res, "keyring_detail");
	cJSON_Delete(a);
	return e;
}

lt_err lt_probe_ping(const char *host_path, const char *const *args, int timeout_ms, lt_ping_result *r)
{
	child c = {-1, -1, -1, -1};
	long start = now_ms(), deadline = start + timeout_ms;
	char *msg = NULL, line[STDERR_KEEP + 1];
	lt_err e;

	memset(r, 0, sizeof *r);
	if ((e = spawn_host(host_path, args, NULL, &c)) != LT_OK)
		return e;
	send_ping(&c);
	e = read_answer(c.out, deadline, &msg);
	r->ms = now_ms() - start;
	close_fd(&c.out);
	reap(&c, e == LT_OK ? now_ms() + 1000 : now_ms());
	first_stderr_line(c.err, line);
	close_fd(&c.err);
	if (e == LT_OK)
		e = parse_answer(msg, r);
	free(msg);
	if (e != LT_OK && line[0]) {
		char detail[512];

		snprintf(detail, sizeof detail, "%s", lt_err_detail());
		lt_fail(e, "%s (the host said: %s)", detail, line);
	}
	if (e != LT_OK)
		lt_ping_result_clear(r);
	return e;
}

/* The first "N.N[.N...]" in text, or "". */
static void first_version(const char *text, char version[32])
{
	const char *p;

	version[0] = '\0';
	for (p = text; *p; p++) {
		size_t n = strspn(p, "0123456789.");

		if ((p == text || !g_ascii_isalnum(p[-1])) && g_ascii_isdigit(*p) && memchr(p, '.', n) && p[n - 1] != '.' &&
		    n < 32) {
			memcpy(version, p, n);
			version[n] = '\0';
			return;
		}
		if (n)
			p += n - 1;
	}
}

/* Our environment with a headless Qt (KeePassXC's --version makes a QApplication). */
static char **headless_env(void)
{
	size_t n = 0, i, j = 0;
	char **env;

	while (environ[n])
		n++;
	if (!(env = calloc(n + 2, sizeof *env)))
		return NULL;
	for (i = 0; i < n; i++)
		if (strncmp(environ[i], "QT_QPA_PLATFORM=", 16) != 0)
			env[j++] = environ[i];
	env[j] = "QT_QPA_PLATFORM=offscreen";
	return env;
}

/* kwalletd5 --version prints nothing (it hands over to the running one and
 * exits): its version is that of the KWallet library it has mapped. */
static void mapped_library_version(unsigned pid, const char *lib, char version[32])
{
	char path[64], line[512], *at;
	FILE *f;

	version[0] = '\0';
	snprintf(path, sizeof path, "/proc/%u/maps", pid);
	if (!(f = fopen(path, "r")))
		return;
	while (!version[0] && fgets(line, sizeof line, f))
		if ((at = strstr(line, lib)))
			first_version(at + strlen(lib), version);
	fclose(f);
}

/* Read the child's stdout into out (NUL-terminated) until EOF or deadline;
 * 1 when the deadline came first. */
static int read_until(int fd, long deadline, char *out, size_t size)
{
	size_t got = 0;
	int late = 0;

	while (got < size - 1) {
		struct pollfd pf = {.fd = fd, .events = POLLIN};
		long left = deadline - now_ms();
		int ready = left > 0 ? poll(&pf, 1, (int)left) : 0;
		ssize_t r;

		if (ready < 0 && errno == EINTR)
			continue;
		if (ready <= 0) {
			late = ready == 0;
			break;
		}
		if ((r = read(fd, out + got, size - 1 - got)) < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	out[got] = '\0';
	return late;
}

lt_err lt_probe_provider_version(unsigned pid, int timeout_ms, char version[32])
{
	const char *args[] = {"--version", NULL};
	child c = {-1, -1, -1, -1};
	char exe[64], path[4096], out[1024];
	char **env = headless_env();
	int late, status;
	ssize_t len;
	lt_err e;

	version[0] = '\0';
	snprintf(exe, sizeof exe, "/proc/%u/exe", pid);
	if ((len = readlink(exe, path, sizeof path - 1)) <= 0) {
		free(env);
		return lt_fail(LT_ERR_NOT_FOUND, "cannot see the provider's program: %s", strerror(errno));
	}
	path[len] = '\0';
	e = env ? spawn_host(path, args, env, &c) : LT_ERR_NOMEM;
	free(env);
	if (e != LT_OK)
		return e;
	/* stderr stays open until the child is reaped: a warning written to a
	 * closed pipe would kill it with SIGPIPE before it flushed its version. */
	close_fd(&c.in);
	late = read_until(c.out, now_ms() + timeout_ms, out, sizeof out);
	close_fd(&c.out);
	status = reap(&c, now_ms());
	close_fd(&c.err);
	first_version(out, version);
	if (!version[0])
		mapped_library_version(pid, "/libKF5Wallet.so.", version);
	if (version[0])
		return LT_OK;
	if (late)
		return lt_fail(LT_ERR_NOT_FOUND, "%s --version did not answer within %d ms", path, timeout_ms);
	if (WIFSIGNALED(status))
		return lt_fail(LT_ERR_NOT_FOUND, "%s --version was killed by signal %d", path, WTERMSIG(status));
	return lt_fail(LT_ERR_NOT_FOUND, "%s --version named no version", path);
}

/* One bounded call to the Secret Service on bus; NULL and *err on failure. */
static GVariant *secrets_get(GDBusConnection *bus, const char *path, const char *iface, const char *prop, GError **err)
{
	return g_dbus_connection_call_sync(bus, "org.freedesktop.secrets", path, "org.freedesktop.DBus.Properties", "Get",
					   g_variant_new("(ss)", iface, prop), G_VARIANT_TYPE("(v)"), G_DBUS_CALL_FLAGS_NONE,
					   3000, NULL, err);
}

/* Those listed that answer as collections: KeePassXC lists a database whose
 * group is no longer exposed, but its object answers no Collection call. */
static size_t answering(GDBusConnection *bus, GVariant *paths)
{
	GVariantIter it;
	const char *path;
	size_t n = 0;

	g_variant_iter_init(&it, paths);
	while (g_variant_iter_next(&it, "&o", &path)) {
		GVariant *r = secrets_get(bus, path, "org.freedesktop.Secret.Collection", "Locked", NULL);

		if (r) {
			n++;
			g_variant_unref(r);
		}
	}
	return n;
}

lt_err lt_probe_collections(size_t *n)
{
	GError *err = NULL;
	GDBusConnection *bus = g_bus_get_sync(G_BUS_TYPE_SESSION, NULL, &err);
	GVariant *reply = bus ? secrets_get(bus, "/org/freedesktop/secrets", "org.freedesktop.Secret.Service", "Collections", &err)
			      : NULL, *v;

	*n = 0;
	if (!reply) {
		if (bus)
			g_object_unref(bus);
		lt_fail(LT_ERR_KEYRING_UNAVAILABLE, "cannot list the Secret Service's collections: %s",
			err ? err->message : "no session bus");
		g_clear_error(&err);
		return LT_ERR_KEYRING_UNAVAILABLE;
	}
	g_variant_get(reply, "(v)", &v);
	if (g_variant_is_of_type(v, G_VARIANT_TYPE("ao")))
		*n = answering(bus, v);
	g_variant_unref(v);
	g_variant_unref(reply);
	g_object_unref(bus);
	return LT_OK;
}
