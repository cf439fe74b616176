// SPDX-License-Identifier: MIT
/* lib.js: what the e2e suite needs around the browsers: the real CLI, the
 * test keyring (lock / unlock), host manifests, the profile scan, and a tiny
 * test runner that prints one line per check.
 */
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, fn, timeoutMs = 15000, everyMs = 50) {
	const end = Date.now() + timeoutMs;
	let last;
	for (;;) {
		try {
			last = await fn();
			if (last) return last;
		} catch (e) {
			last = e;
		}
		if (Date.now() > end) throw new Error('timed out waiting for ' + what + (last instanceof Error ? ': ' + last.message : ''));
		await sleep(everyMs);
	}
}

function assert(cond, message) {
	if (!cond) throw new Error(message);
}

function assertEq(actual, expected, message) {
	const a = JSON.stringify(actual);
	const e = JSON.stringify(expected);
	if (a !== e) throw new Error(`${message}: expected ${e}, got ${a}`);
}

/* `leaktrace trace ID --json`: exit 0 found, 1 none. */
function trace(build, identifier) {
	const r = spawnSync(path.join(build, 'leaktrace'), ['trace', identifier, '--json'], { encoding: 'utf8' });
	if (r.status !== 0 && r.status !== 1) throw new Error(`leaktrace trace exited ${r.status}: ${r.stderr.trim()}`);
	const out = JSON.parse(r.stdout);
	out.exit = r.status;
	return out;
}

function tracedSites(build, identifier) {
	return trace(build, identifier).matches.map((m) => m.site).sort();
}

/* `leaktrace rotate --json`: the due rotations, most urgent first (exit 1: none). */
function rotate(build) {
	const r = spawnSync(path.join(build, 'leaktrace'), ['rotate', '--json'], { encoding: 'utf8' });
	if (r.status !== 0 && r.status !== 1) throw new Error(`leaktrace rotate exited ${r.status}: ${r.stderr.trim()}`);
	return JSON.parse(r.stdout);
}

/* Everything the Secret Service holds for leaktrace's accounts, secrets included. */
function secretToolDump() {
	const r = spawnSync('secret-tool', ['search', '--all', '--unlock', 'xdg:schema', 'org.leaktrace.Account'], { encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`secret-tool search exited ${r.status}: ${r.stderr.trim()}`);
	return r.stdout + r.stderr;
}

/* The test keyring from scripts/keyring-session. */
function lockKeyring() {
	execFileSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.secrets',
		'/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.Lock',
		'array:objpath:/org/freedesktop/secrets/collection/login'], { stdio: 'ignore' });
}

/* No prompt can be answered headless; a replacing daemon unlocks the login
 * collection with the password from stdin, like a desktop login does. */
async function unlockKeyring() {
	execFileSync('gnome-keyring-daemon', ['--replace', '--unlock', '--components=secrets'], {
		input: process.env.LEAKTRACE_KEYRING_PASSWORD, stdio: ['pipe', 'ignore', 'ignore'],
	});
	// the new daemon takes a moment to own the bus name and open the collection
	await waitFor('the login collection unlocked', () => {
		const r = spawnSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.secrets',
			'/org/freedesktop/secrets/collection/login', 'org.freedesktop.DBus.Properties.Get',
			'string:org.freedesktop.Secret.Collection', 'string:Locked'], { encoding: 'utf8' });
		return r.status === 0 && /boolean false/.test(r.stdout);
	}, 10000);
}

function keyringLocked() {
	const r = spawnSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.secrets',
		'/org/freedesktop/secrets/collection/login', 'org.freedesktop.DBus.Properties.Get',
		'string:org.freedesktop.Secret.Collection', 'string:Locked'], { encoding: 'utf8' });
	return /boolean true/.test(r.stdout);
}

function writeHostManifest(file, hostPath, browser) {
	const m = {
		name: 'org.leaktrace.host',
		description: 'leaktrace e2e',
		path: hostPath,
		type: 'stdio',
	};
	if (browser === 'chromium') m.allowed_origins = ['chrome-extension://mfbhmookfccdhiccgdjdakbinbdgblde/'];
	else m.allowed_extensions = ['leaktrace@leaktrace'];
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, JSON.stringify(m, null, 2));
}

/* The browsers load a copy of the extension that differs in two lines:
 * PERF_HOOK on in content.js, so an extension page can ask each frame's
 * content script for its own cost and the alias offer's state; TEST_HOOK on
 * in background.js, so an extension page can click the context menu's entry
 * (a headless browser shows no context menu). Checked: nothing else differs.
 * Returns the copy's folder. */
const SWITCHES = [['content.js', 'const PERF_HOOK = false;', 'const PERF_HOOK = true;'],
	['background.js', 'const TEST_HOOK = false;', 'const TEST_HOOK = true;']];

function instrumentedCopy(sourceDir) {
	const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'leaktrace-e2e-ext-'));
	fs.cpSync(sourceDir, dir, { recursive: true });
	for (const [name, from, to] of SWITCHES) {
		const file = path.join(dir, name);
		const src = fs.readFileSync(file, 'utf8');
		const out = src.replace(from, to);
		const changed = src.split('\n').filter((l, i) => l !== out.split('\n')[i]);
		if (changed.length !== 1) throw new Error(`could not switch ${from} on in the copy of ${name}`);
		fs.writeFileSync(file, out);
	}
	return dir;
}

/* A host that keeps a copy of its stdin: a shell script that tees what the
 * browser writes into one file per host process (in a folder of its own,
 * outside the test HOME and the browser folders), then runs the real host
 * (with LEAKTRACE_REGION when setRegion() gave one).
 * frames() gives every request read back from those files; remove() deletes
 * them (they hold passwords). */
function stdinTap(hostBin) {
	const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'leaktrace-e2e-tap-'));
	const host = path.join(dir, 'leaktrace-host-tap');
	const q = (s) => "'" + s.replace(/'/g, "'\\''") + "'";
	fs.writeFileSync(host, `#!/bin/sh\n# e2e: a copy of the browser's requests, then the real leaktrace-host\numask 077\n` +
		`if [ -f ${q(dir)}/region ]; then LEAKTRACE_REGION=$(cat ${q(dir)}/region); export LEAKTRACE_REGION; fi\n` +
		`tee ${q(dir)}/stdin.$$ | ${q(hostBin)} "$@"\n`, { mode: 0o755 });
	return {
		host,
		/* LEAKTRACE_REGION for the host processes started from now on ('' for none). */
		setRegion(r) {
			const f = path.join(dir, 'region');
			if (r) fs.writeFileSync(f, r);
			else fs.rmSync(f, { force: true });
		},
		frames() {
			const out = [];
			for (const f of fs.readdirSync(dir).filter((n) => n.startsWith('stdin.'))) {
				const buf = fs.readFileSync(path.join(dir, f));
				for (let at = 0; at + 4 <= buf.length;) {
					const n = buf.readUInt32LE(at);
					if (at + 4 + n > buf.length) break;
					out.push(JSON.parse(buf.subarray(at + 4, at + 4 + n).toString('utf8')));
					at += 4 + n;
				}
			}
			return out;
		},
		remove: () => fs.rmSync(dir, { recursive: true, force: true }),
	};
}

/* Requests (as read by the tap) holding one of the passwords anywhere but a
 * record's "password" field: "action: where" for each. */
function passwordsOutsideField(frames, passwords) {
	const hits = [];
	for (const f of frames) {
		const rest = Object.assign({}, f);
		if (f.action === 'record') delete rest.password;
		const json = JSON.stringify(rest);
		for (const p of passwords) if (json.includes(p)) hits.push(`${f.action}: ${Object.keys(rest).filter((k) => JSON.stringify(rest[k]).includes(p)).join(',')}`);
	}
	return [...new Set(hits)];
}

/* Every file under dir holding one of needles (UTF-8 or UTF-16LE), except the
 * folders in skip. */
function scanFor(dir, needles, skip) {
	const hits = [];
	const pats = [];
	for (const n of needles) pats.push([n, Buffer.from(n, 'utf8')], [n, Buffer.from(n, 'utf16le')]);
	(function walk(d) {
		let entries;
		try { entries = fs.readdirSync(d, { withFileTypes: true }); } catch (e) { return; }
		for (const e of entries) {
			const p = path.join(d, e.name);
			if (skip.some((s) => p === s || p.startsWith(s + path.sep))) continue;
			if (e.isDirectory()) walk(p);
			else if (e.isFile()) {
				let buf;
				try { buf = fs.readFileSync(p); } catch (err) { continue; }
				for (const [n, b] of pats) if (buf.includes(b)) hits.push(path.relative(dir, p) + ': ' + n);
			}
		}
	})(dir);
	return [...new Set(hits)];
}

/* Raw snappy (the format Firefox's IndexedDB keeps its values in). */
function unsnappy(buf) {
	let pos = 0;
	let len = 0;
	for (let shift = 0; ; shift += 7) {
		const b = buf[pos++];
		len += (b & 0x7f) * 2 ** shift;
		if (b < 0x80 || pos >= buf.length) break;
	}
	if (len > 64 << 20) throw new Error('not snappy');
	const out = Buffer.alloc(len);
	let op = 0;
	while (pos < buf.length) {
		const tag = buf[pos++];
		const type = tag & 3;
		if (type === 0) {
			let n = tag >> 2;
			if (n >= 60) {
				const bytes = n - 59;
				n = 0;
				for (let i = 0; i < bytes; i++) n += buf[pos++] * 2 ** (8 * i);
			}
			n += 1;
			if (op + n > len || pos + n > buf.length) throw new Error('not snappy');
			buf.copy(out, op, pos, pos + n);
			pos += n;
			op += n;
			continue;
		}
		let n;
		let off;
		if (type === 1) {
			n = ((tag >> 2) & 7) + 4;
			off = ((tag >> 5) << 8) | buf[pos++];
		} else if (type === 2) {
			n = (tag >> 2) + 1;
			off = buf.readUInt16LE(pos);
			pos += 2;
		} else {
			n = (tag >> 2) + 1;
			off = buf.readUInt32LE(pos);
			pos += 4;
		}
		if (!off || off > op || op + n > len) throw new Error('not snappy');
		for (let i = 0; i < n; i++, op++) out[op] = out[op - off];
	}
	if (op !== len) throw new Error('not snappy');
	return out;
}

/* Firefox keeps an extension's storage.local in IndexedDB: SQLite files whose
 * values are structured clones compressed with snappy, which a plain byte
 * scan cannot read. Every value of every .sqlite under dirs (a copy, with its
 * write-ahead log, read by the sqlite3 tool), decompressed: "file: needle"
 * for each needle found (UTF-8/Latin-1 or UTF-16LE). The copy is removed. */
function firefoxStorageHits(dirs, needles) {
	const hits = [];
	const tmp = fs.mkdtempSync(path.join(require('os').tmpdir(), 'leaktrace-e2e-idb-'));
	try {
		const files = [];
		const walk = (d) => {
			let entries;
			try { entries = fs.readdirSync(d, { withFileTypes: true }); } catch (e) { return; }
			for (const e of entries) {
				const p = path.join(d, e.name);
				if (e.isDirectory()) walk(p);
				else if (e.isFile() && e.name.endsWith('.sqlite')) files.push(p);
			}
		};
		dirs.forEach(walk);
		files.forEach((f, i) => {
			let r;
			// a copy taken while the browser writes can be torn: taken again, a few times
			for (let attempt = 0; attempt < 4; attempt++) {
				const copy = path.join(tmp, `${i}-${attempt}.sqlite`);
				fs.copyFileSync(f, copy);
				if (fs.existsSync(f + '-wal')) fs.copyFileSync(f + '-wal', copy + '-wal');
				r = spawnSync('sqlite3', ['-noheader', '-list', copy, 'SELECT hex(data) FROM object_data;'], { encoding: 'utf8', maxBuffer: 256 << 20 });
				if (r.status === 0) break;
			}
			if (r.status !== 0) throw new Error(`sqlite3 ${f}: ${r.stderr.trim()}`);
			for (const hex of r.stdout.split('\n').filter(Boolean)) {
				const raw = Buffer.from(hex, 'hex');
				let value;
				try { value = unsnappy(raw); } catch (e) { value = raw; } // stored uncompressed
				for (const n of needles)
					if (value.includes(Buffer.from(n, 'utf8')) || value.includes(Buffer.from(n, 'utf16le'))) hits.push(path.basename(f) + ': ' + n);
			}
		});
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}
	return [...new Set(hits)];
}

function median(xs) {
	if (!xs.length) return NaN;
	const s = xs.slice().sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/* One line per check, TAP-like; failures print their error and whatever the
 * suite registered as diagnostics (the browser console). */
class Runner {
	constructor() {
		this.passed = 0;
		this.failed = 0;
		this.failures = [];
		this.diagnostics = null;
	}
	async check(name, fn) {
		const t0 = Date.now();
		try {
			await fn();
			this.passed++;
			console.log(`ok ${this.passed + this.failed} - ${name} (${Date.now() - t0} ms)`);
			return true;
		} catch (e) {
			this.failed++;
			this.failures.push(name);
			console.log(`not ok ${this.passed + this.failed} - ${name}\n  # ${String(e && e.stack || e).split('\n').slice(0, 10).join('\n  # ')}`);
			if (this.diagnostics) {
				try {
					const d = await this.diagnostics();
					if (d) console.log('  # --- browser console (last lines) ---\n' + d.split('\n').map((l) => '  # ' + l).join('\n'));
				} catch (err) { /* nothing more to show */ }
			}
			return false;
		}
	}
}

module.exports = { sleep, waitFor, assert, assertEq, trace, tracedSites, rotate, secretToolDump, lockKeyring, unlockKeyring, keyringLocked,
	writeHostManifest, instrumentedCopy, stdinTap, passwordsOutsideField, scanFor, firefoxStorageHits, median, Runner };
