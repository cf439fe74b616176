// SPDX-License-Identifier: MIT
/* background.js: delivers the outbox to leaktrace-host and answers the popup.
 *
 * One file for both browsers: Chromium runs it as the service worker (and
 * pulls common.js in with importScripts), Firefox as an event page after
 * common.js (manifest background.scripts).
 *
 * The outbox (keys "outbox:<id>") is the only place an event lives until the
 * host answers ok. A content script hands its event here in a message; it is
 * kept in storage.session (memory, never the profile on disk) and removed
 * only after the host confirms it stored the record. Only when the host
 * cannot be reached or the keyring is locked are the waiting events moved to
 * storage.local (persistWaiting), so that closing the browser loses nothing;
 * a content script that finds no background writes there itself. It
 * delivers on every outbox write (storage.onChanged), on start-up, on an alarm
 * while anything waits, on a nudge from the content script, and when the popup
 * opens. Two deliveries of one event are harmless (the store deduplicates).
 *
 * The host is reached through one connectNative port, opened while there is
 * work and closed a few seconds after the last answer: an open port keeps
 * Chromium's worker alive, and the host exits as soon as its input ends.
 * Nothing here logs or keeps identifiers or sites (the badge cache below holds
 * host names, in memory only, for a minute).
 *
 * Passwords: a content script posts the password of a signup, login or
 * password change in a message of its own (never in storage); it waits here,
 * in memory only, keyed by its outbox entry id, and goes into that entry's
 * first `record` attempt. It is forgotten at that attempt whatever comes of
 * it, or after PASSWORD_KEEP_MS, or when the worker ends, whichever comes
 * first: an event that waits (host missing, keyring locked) is delivered
 * later without it, and the site's next login fills the fingerprint in.
 *
 * Rotation: the host decides what is due (`rotate`, `report_login`); this
 * file keeps only the number due (storage "dueCount") for the badge, which
 * shows it in red ahead of the teal per-site record count. A daily alarm
 * asks the host again and shows a notification while anything is due; a
 * notification's click opens the site's change-password page, asked afresh
 * from the host (the notification id names the site, nothing is stored).
 */
'use strict';

if (typeof importScripts === 'function') importScripts('common.js');

const REQUEST_TIMEOUT_MS = 20000;
const UNLOCK_TIMEOUT_MS = 130000; // the host waits up to 120 s for the person at the unlock prompt
const IDLE_DISCONNECT_MS = 4000;
const RETRY_ALARM = 'leaktrace-retry';
const REMINDER_ALARM = 'rotation-reminder';
const REMINDER_PERIOD_MIN = 24 * 60;
const DUE_KEY = 'dueCount';
const PASSWORD_WAIT_MS = 3000; // an entry flagged hasPassword waits this long for its password
const PASSWORD_KEEP_MS = 60000; // then, never tried, it is forgotten
const BADGE_RECORDS = '#176e78';
const BADGE_DUE = '#b3261e';
const IS_FIREFOX = typeof globalThis.browser !== 'undefined' && !!(globalThis.browser.runtime && globalThis.browser.runtime.getBrowserInfo);
const BLOCKING_REASONS = new Set(['keyring_locked', 'keyring_unavailable', 'forbidden_caller', 'host_missing']);

class HostError extends Error {
	constructor(code, message) {
		super(message || code);
		this.code = code;
	}
}

/* ---- the native port ------------------------------------------------------ */

let port = null;
let nextRequestId = 1;
const pending = new Map();
let idleTimer = null;

/* The browser's words for a port that closed, mapped to our reasons. Chromium:
 * "Specified native messaging host not found.", "Access to the specified native
 * messaging host is forbidden.", "Native host has exited."; Firefox says "No
 * such native application" for every manifest mistake. */
function disconnectReason(text) {
	if (/not found|no such native application/i.test(text)) return 'host_missing';
	if (/forbidden/i.test(text)) return 'forbidden_caller';
	if (/exited/i.test(text)) return 'host_exited';
	return 'host_error';
}

function openPort() {
	if (port) return port;
	const p = api.runtime.connectNative(HOST_NAME);
	port = p;
	p.onMessage.addListener((m) => {
		const waiter = m && pending.get(m.id);
		if (!waiter) return;
		pending.delete(m.id);
		waiter.resolve(m);
		armIdleDisconnect();
	});
	p.onDisconnect.addListener(() => {
		const text = (api.runtime.lastError && api.runtime.lastError.message) ||
			(p.error && p.error.message) || 'Native host has exited.';
		if (port === p) port = null;
		const err = new HostError(disconnectReason(text), text);
		for (const [id, waiter] of pending) {
			if (waiter.port === p) {
				pending.delete(id);
				waiter.reject(err);
			}
		}
	});
	return p;
}

function closePort() {
	if (!port) return;
	const p = port;
	port = null;
	try { p.disconnect(); } catch (e) { /* already gone */ }
}

function armIdleDisconnect() {
	clearTimeout(idleTimer);
	idleTimer = setTimeout(() => { if (pending.size === 0) closePort(); }, IDLE_DISCONNECT_MS);
}

/* One request, one response (matched by id). Rejects with a HostError when
 * the host cannot be reached or does not answer in time. */
function hostRequest(request, timeoutMs = REQUEST_TIMEOUT_MS) {
	return new Promise((resolve, reject) => {
		let p;
		try {
			p = openPort();
		} catch (e) {
			reject(new HostError(disconnectReason(String(e && e.message)), String(e && e.message)));
			return;
		}
		const id = nextRequestId++;
		const timer = setTimeout(() => {
			pending.delete(id);
			if (port === p) closePort();
			reject(new HostError('host_timeout', 'no answer from leaktrace-host'));
		}, timeoutMs);
		pending.set(id, {
			port: p,
			resolve: (m) => { clearTimeout(timer); resolve(m); },
			reject: (e) => { clearTimeout(timer); reject(e); },
		});
		clearTimeout(idleTimer);
		try {
			p.postMessage(Object.assign({}, request, { id }));
		} catch (e) {
			pending.delete(id);
			clearTimeout(timer);
			if (port === p) port = null;
			reject(new HostError('host_exited', String(e && e.message)));
		}
	});
}

/* ---- delivery ------------------------------------------------------------- */

async function getState() {
	const r = await api.storage.local.get(STATE_KEY);
	return Object.assign({ reason: null, message: '', since: 0, dropped: 0, lastDrop: null,
		lastDelivered: 0, notified: null }, r[STATE_KEY] || {});
}

async function setState(patch) {
	const s = Object.assign(await getState(), patch);
	await api.storage.local.set({ [STATE_KEY]: s });
	return s;
}

async function waitFor(reason, message) {
	await persistWaiting();
	const before = await getState();
	const s = await setState({ reason, message: String(message || '').slice(0, 300),
		since: before.reason === reason ? before.since : Date.now() });
	await api.alarms.create(RETRY_ALARM, { periodInMinutes: 1 });
	if (BLOCKING_REASONS.has(reason) && s.notified !== reason) {
		await setState({ notified: reason });
		try {
			await api.notifications.create('leaktrace-waiting', {
				type: 'basic',
				iconUrl: api.runtime.getURL('icons/icon128.png'),
				title: msg('extName'),
				message: msg('notifyWaiting_' + reason),
			});
		} catch (e) { /* notifications unavailable: the popup still says it */ }
	}
}

/* ---- passwords, in memory only -------------------------------------------- */

const passwords = new Map(); // outbox entry id -> { password, origin, timer }

function forgetPassword(id) {
	const p = passwords.get(id);
	if (!p) return;
	clearTimeout(p.timer);
	p.password = null;
	passwords.delete(id);
}

function validPassword(v) {
	return typeof v === 'string' && v.length > 0 && new TextEncoder().encode(v).length <= 4096;
}

/* Only from a content script of this extension in an http(s) frame; kept with
 * that frame's origin, so it can only go with an event from the same origin. */
function keepPassword(message, sender) {
	const origin = sender.url && pageUrl(sender.url) ? new URL(sender.url).origin : null;
	if (!origin || typeof message.id !== 'string' || message.id.length > 64 || !validPassword(message.password)) return;
	forgetPassword(message.id);
	const timer = setTimeout(() => forgetPassword(message.id), PASSWORD_KEEP_MS);
	passwords.set(message.id, { password: message.password, origin, timer });
}

/* The password for an entry: a string, null (deliver without one), or
 * undefined (not arrived yet: wait a little). */
function passwordFor(entry) {
	if (!entry.hasPassword) return null;
	const p = passwords.get(entry.id);
	if (p) {
		let origin = '';
		try { origin = new URL(entry.url).origin; } catch (e) { /* checked by validEntry */ }
		return p.origin === origin ? p.password : null;
	}
	return Date.now() - (entry.created || 0) < PASSWORD_WAIT_MS ? undefined : null;
}

function toRequest(entry, options) {
	const req = { action: 'record', url: entry.url, identifiers: entry.identifiers, capture: entry.capture };
	if (entry.title) req.title = entry.title;
	if (entry.top_url) req.top_url = entry.top_url;
	if (options.region && !entry.noRegion) req.region = options.region; // the person's choice
	req.region_hints = regionHints(); // the browser's languages: hints, after the host's LEAKTRACE_REGION
	return req;
}

/* What the options say now about an event captured earlier (the content
 * script applies them too, but a tab opened before a change has old ones). */
function stillWanted(entry, options) {
	if (entry.capture === 'manual') return true;
	if (options.paused && entry.created >= options.pausedAt) return false;
	let host = '';
	try { host = new URL(entry.url).hostname; } catch (e) { return false; }
	if (hostExcluded(host, options.exclusions)) return false;
	return captureAllowed(entry.capture, options);
}

/* The outbox: storage.session (memory) holds events while the host answers;
 * storage.local (the profile on disk) only those that had to wait for it
 * (persistWaiting). Each item is [key, entry, area]. */
async function outboxEntries() {
	const [local, session] = await Promise.all([api.storage.local.get(null), api.storage.session.get(null)]);
	const list = [];
	for (const [area, all] of [['local', local], ['session', session]])
		for (const k of Object.keys(all)) if (k.startsWith(OUTBOX_PREFIX)) list.push([k, all[k], area]);
	list.sort((a, b) => ((a[1] && a[1].created) || 0) - ((b[1] && b[1].created) || 0));
	return { list, options: normalizeOptions(local[OPTIONS_KEY]) };
}

/* The host cannot be reached or the keyring is locked: events waiting in
 * memory go to the profile, so that closing the browser loses nothing. */
async function persistWaiting() {
	const session = await api.storage.session.get(null);
	const keys = Object.keys(session).filter((k) => k.startsWith(OUTBOX_PREFIX));
	if (!keys.length) return;
	const moved = {};
	for (const k of keys) moved[k] = session[k];
	await api.storage.local.set(moved);
	await api.storage.session.remove(keys);
}

/* An event from a content script: kept in memory (storage.session) and
 * delivered. Its URL must be of the frame that sent it. */
async function acceptEvent(entry, sender) {
	let same = false;
	try { same = !!sender.url && new URL(entry.url).origin === new URL(sender.url).origin; } catch (e) { /* not a URL */ }
	if (!validEntry(entry) || !same || entry.capture === 'manual') return { ok: false };
	await api.storage.session.set({ [OUTBOX_PREFIX + entry.id]: entry });
	flush();
	return { ok: true };
}

/* A host that has been running a while may hold a stale connection to the
 * keyring (a keyring daemon restarted or unlocked by another process): before
 * an event is left waiting, it is tried once more with a fresh host process. */
async function sendRecord(entry, options, password) {
	const req = toRequest(entry, options);
	if (password) req.password = password;
	try {
		return await requestFresh(req);
	} finally {
		delete req.password;
	}
}

async function requestFresh(req, timeoutMs) {
	const reused = port !== null;
	let res;
	try {
		res = await hostRequest(req, timeoutMs);
	} catch (e) {
		if (!reused || e.code === 'host_missing' || e.code === 'forbidden_caller') throw e;
		closePort();
		return hostRequest(req, timeoutMs);
	}
	if (!res.ok && reused && res.error && !DROP_CODES.has(res.error.code)) {
		closePort();
		return hostRequest(req, timeoutMs);
	}
	return res;
}

let passwordTimer = null;

async function deliverOnce() {
	const { list, options } = await outboxEntries();
	let early = 0;
	for (const [key, entry, area] of list) {
		const where = api.storage[area];
		if (!validEntry(entry) || !stillWanted(entry, options)) {
			if (entry && entry.id) forgetPassword(entry.id);
			await where.remove(key);
			continue;
		}
		const password = passwordFor(entry);
		if (password === undefined) { // its password is still on the way
			early++;
			continue;
		}
		forgetPassword(entry.id); // one attempt carries it; the local goes with this iteration
		let res;
		try {
			res = await sendRecord(entry, options, password);
		} catch (e) {
			closePort();
			await waitFor(e.code, e.message);
			return;
		}
		if (res.ok) {
			await where.remove(key);
			badgeCache.clear();
			deliveredSinceDue = true;
			continue;
		}
		const code = (res.error && res.error.code) || 'host_error';
		if (code === 'bad_region' && !entry.noRegion) {
			// the region option is wrong for this number: retry once without it (nothing was stored, so with the password)
			if (password) keepPassword({ id: entry.id, password }, { url: entry.url });
			await where.set({ [key]: Object.assign({}, entry, { noRegion: true }) });
			continue; // picked up again by the next pass
		}
		if (DROP_CODES.has(code)) {
			await where.remove(key);
			const s = await getState();
			await setState({ dropped: s.dropped + 1, lastDrop: code });
			continue;
		}
		closePort();
		await waitFor(code, res.error && res.error.message);
		return;
	}
	if (deliveredSinceDue) {
		deliveredSinceDue = false;
		refreshDue().catch(() => {}); // a new or changed password can add or settle a rotation
	}
	const rest = (await outboxEntries()).list.length;
	if (early && rest <= early) { // only events waiting for their password: look again shortly
		clearTimeout(passwordTimer);
		passwordTimer = setTimeout(flush, 500);
		return;
	}
	if (rest === 0) {
		await api.alarms.clear(RETRY_ALARM);
		const s = await getState();
		if (s.reason || s.notified) await setState({ reason: null, message: '', since: 0, notified: null, lastDelivered: Date.now() });
		else await setState({ lastDelivered: Date.now() });
		refreshActiveBadge();
	} else {
		flushAgain = true;
	}
}

let flushing = null;
let flushAgain = false;
let deliveredSinceDue = false;

/* Runs deliveries one after another; a request while one runs asks for one
 * more pass instead of a second concurrent pass. */
function flush() {
	if (flushing) {
		flushAgain = true;
		return flushing;
	}
	flushing = (async () => {
		let passes = 0;
		do {
			flushAgain = false;
			await deliverOnce();
		} while (flushAgain && ++passes < 20);
	})().catch(() => {}).finally(() => { flushing = null; });
	return flushing;
}

/* ---- badge ---------------------------------------------------------------- */

const badgeCache = new Map(); // hostname -> { count, at }, memory only

async function siteCount(url) {
	const host = new URL(url).hostname;
	const c = badgeCache.get(host);
	if (c && Date.now() - c.at < 60000) return c.count;
	const res = await hostRequest({ action: 'site', site: url, limit: 1 });
	const count = res.ok && res.result ? Number(res.result.total) || 0 : 0;
	badgeCache.set(host, { count, at: Date.now() });
	return count;
}

async function dueCount() {
	const r = await api.storage.local.get(DUE_KEY);
	return Number(r[DUE_KEY]) || 0;
}

function dueText(n) {
	return n > 99 ? '99+' : String(n);
}

/* Passwords to change outrank this site's record count: red with the number
 * due, the record count then only in the title; teal with the record count
 * when nothing is due. */
async function updateBadge(tabId, url) {
	try {
		const due = await dueCount();
		const web = !!pageUrl(url || '');
		let n = 0;
		if (web) {
			try { n = await siteCount(url); } catch (e) { if (!due) throw e; }
		}
		const title = [];
		if (due) title.push(msg('badgeDueTitle', [String(due)]));
		if (n) title.push(msg('badgeTitle', [String(n)]));
		await api.action.setBadgeBackgroundColor({ tabId, color: due ? BADGE_DUE : BADGE_RECORDS });
		await api.action.setBadgeText({ tabId, text: due ? dueText(due) : n ? String(n) : '' });
		await api.action.setTitle({ tabId, title: title.length ? title.join(' · ') : msg('extName') });
	} catch (e) { /* host unreachable or tab gone: no badge */ }
}

/* A new count reaches every tab at once: the number due is the same on all
 * of them (no host request per tab); with none due, the active tab gets its
 * record count again and the others on their next activation. */
async function updateAllBadges(due) {
	try {
		await api.action.setBadgeBackgroundColor({ color: due ? BADGE_DUE : BADGE_RECORDS });
		await api.action.setBadgeText({ text: due ? dueText(due) : '' });
		for (const tab of await api.tabs.query({})) {
			await api.action.setBadgeBackgroundColor({ tabId: tab.id, color: due ? BADGE_DUE : BADGE_RECORDS });
			await api.action.setBadgeText({ tabId: tab.id, text: due ? dueText(due) : '' });
			await api.action.setTitle({ tabId: tab.id, title: due ? msg('badgeDueTitle', [String(due)]) : msg('extName') });
		}
	} catch (e) { /* no action API, or a tab closed meanwhile */ }
}

async function refreshActiveBadge() {
	try {
		const [tab] = await api.tabs.query({ active: true, lastFocusedWindow: true });
		if (tab) updateBadge(tab.id, tab.url);
	} catch (e) { /* no window */ }
}

/* ---- rotation: the count, notifications, the daily reminder --------------- */

/* The badge counts the urgent ones (compromised, or the same password as a
 * compromised one); reuse and age alone are listed, not counted. */
function urgentOf(result) {
	return typeof result.urgent === 'number' ? result.urgent : result.count;
}

async function setDueCount(n) {
	const before = await dueCount();
	if (n === before) return;
	await api.storage.local.set({ [DUE_KEY]: n });
	await updateAllBadges(n);
	await refreshActiveBadge();
}

/* Answers are paged (the browser refuses messages over 1 MB): `count` is every
 * rotation due, `due` only the first few, enough for the reminder. */
async function refreshDue() {
	const res = await requestFresh({ action: 'rotate', limit: 1 });
	if (res.ok) {
		await setDueCount(urgentOf(res.result));
		await clearSettledNotifications();
	}
	return res;
}

/* The due rotations of one site (its own, and those there because of it). */
function dueOf(site, limit) {
	return requestFresh({ action: 'rotate', site, limit });
}

const ROTATE_NOTE = 'leaktrace-rotate:'; // + site: after a reported login
const REMINDER_NOTE = 'leaktrace-reminder:'; // + site: the daily reminder

/* A notification whose site is no longer due goes away (asked site by site:
 * there are few notifications, and the whole list may be long). */
async function clearSettledNotifications() {
	try {
		const all = await api.notifications.getAll();
		for (const id of Object.keys(all || {})) {
			const prefix = [ROTATE_NOTE, REMINDER_NOTE].find((p) => id.startsWith(p));
			if (!prefix) continue;
			const site = id.slice(prefix.length);
			const res = await dueOf(site, 100);
			if (res.ok && !res.result.due.some((d) => d.site === site)) await api.notifications.clear(id);
		}
	} catch (e) { /* none */ }
}

/* Firefox shows no notification buttons: there the click on the
 * notification itself opens the page (in Chromium both do). */
async function notify(id, title, message, buttonTitle) {
	const options = { type: 'basic', iconUrl: api.runtime.getURL('icons/icon128.png'), title, message };
	if (!IS_FIREFOX && buttonTitle) options.buttons = [{ title: buttonTitle }];
	try {
		await api.notifications.clear(id);
		await api.notifications.create(id, options);
	} catch (e) { /* notifications unavailable: the badge and the popup still say it */ }
}

/* After a reported login: how many passwords to change because of it (the
 * site itself, its shared-login group, the same password elsewhere, the same
 * identifier with an unknown password), and one click to the site's page. */
async function notifyReported(site, result) {
	const related = (result.due || []).filter((d) => d.because_of === site || (d.site === site && d.reason === 'compromised'));
	const sites = [...new Set(related.map((d) => d.site))];
	await notify(ROTATE_NOTE + site, msg('notifyReportTitle', [site]),
		msg('notifyReportMessage', [String(result.total ?? related.length), sites.slice(0, 6).join(', ')]),
		msg('notifyChangeButton', [site]));
}

async function remind() {
	let res;
	try { res = await refreshDue(); } catch (e) { return; }
	// no daily reminder for reuse alone: only while something urgent is due
	if (!res.ok || !urgentOf(res.result)) return;
	const first = res.result.due[0];
	await notify(REMINDER_NOTE + first.site, msg('notifyReminderTitle'),
		msg('notifyReminderMessage', [String(urgentOf(res.result)), first.site]), msg('notifyChangeButton', [first.site]));
}

/* Creates the daily alarm unless it exists (creating it again would move it). */
async function ensureReminder(delayInMinutes) {
	try {
		if (!(await api.alarms.get(REMINDER_ALARM)))
			await api.alarms.create(REMINDER_ALARM, { delayInMinutes, periodInMinutes: REMINDER_PERIOD_MIN });
	} catch (e) { /* alarms unavailable */ }
}

/* The change-password page for a site, as the host says now (it may have been
 * done since the notification was shown: then nothing opens). */
async function openChangePage(site) {
	let res;
	try { res = await dueOf(site, 100); } catch (e) { return; }
	const d = res.ok && res.result.due.find((x) => x.site === site);
	if (d) await openChangeUrl(d.change_password_url, d.change_password_probe);
}

const PROBE_TIMEOUT_MS = 4000;

/* The site's /.well-known/change-password, used only when it answers with a
 * redirect (the standard's promise); a 404, or a 200 that is a "not found"
 * page, or no answer, leaves the start page. No cookies go with the probe. */
async function wellKnownRedirects(url) {
	const ctl = new AbortController();
	const timer = setTimeout(() => ctl.abort(), PROBE_TIMEOUT_MS);
	try {
		const r = await fetch(url, { redirect: 'manual', credentials: 'omit', cache: 'no-store', signal: ctl.signal });
		return r.type === 'opaqueredirect' || (r.status >= 300 && r.status < 400);
	} catch (e) {
		return false;
	} finally {
		clearTimeout(timer);
	}
}

/* A known change-password page opens as it is; otherwise the probe decides
 * between the well-known address and the start page. Answers which opened. */
async function openChangeUrl(url, probe) {
	const web = (u) => typeof u === 'string' && /^https?:\/\//.test(u);
	if (!web(url)) return null;
	const target = web(probe) && (await wellKnownRedirects(probe)) ? probe : url;
	await api.tabs.create({ url: target });
	return target;
}

function onNotificationClicked(id) {
	if (id === 'leaktrace-waiting') {
		api.runtime.openOptionsPage().catch(() => {});
		return;
	}
	for (const prefix of [ROTATE_NOTE, REMINDER_NOTE]) {
		if (id.startsWith(prefix)) {
			openChangePage(id.slice(prefix.length)).catch(() => {});
			api.notifications.clear(id).catch(() => {});
		}
	}
}

/* The popup's "Someone else logged in here": the site is the tab's URL as the
 * browser reports it, read here from the tab id. */
async function reportLogin(tabId, note) {
	const tab = await api.tabs.get(tabId);
	const url = pageUrl(tab.url || '');
	if (!url) throw new HostError('bad_site', 'not a web page');
	const req = { action: 'report_login', site: url, limit: 100 };
	if (typeof note === 'string' && note.trim()) req.note = note.trim().slice(0, 1024);
	const res = await requestFresh(req);
	if (res.ok) {
		badgeCache.clear();
		await setDueCount(urgentOf(res.result));
		await notifyReported(res.result.site, res.result);
		await ensureReminder(REMINDER_PERIOD_MIN);
	}
	return res;
}

/* A password change on a form with no identifier: recorded against the
 * site's one account (the site from the sender frame, never the message),
 * or dropped. Nothing goes to the outbox: without the password there is
 * nothing to record. */
async function recordChangeOnly(message, sender) {
	let password = message.password;
	message.password = null;
	let req = null;
	try {
		const url = sender.url && pageUrl(sender.url);
		if (!url || !validPassword(password)) return;
		const options = await loadOptions();
		if (!stillWanted({ url, capture: 'other', created: Date.now() }, options)) return;
		const site = await requestFresh({ action: 'site', site: url, limit: 2 });
		const accounts = site.ok ? site.result.accounts : [];
		if (accounts.length !== 1 || site.result.total !== 1) return;
		const identifiers = accounts[0].identifiers.map((i) => ({ kind: i.kind, value: i.normalized || i.value }));
		req = { action: 'record', url, identifiers, capture: 'other', password };
		password = null;
		if (typeof message.title === 'string' && message.title) req.title = message.title.slice(0, 1024);
		const res = await requestFresh(req);
		delete req.password;
		if (res.ok) {
			badgeCache.clear();
			await refreshDue();
		}
	} catch (e) { /* host unreachable: dropped */ } finally {
		if (req) delete req.password;
		password = null;
	}
}

/* Aliases (issue 4): a content script offers one in a signup form's email
 * field, and asks for it on the person's click; the context menu's "Fill
 * leaktrace alias" asks here too. The site is the sender frame's URL as the
 * browser reports it, never anything the page or the message says. Nothing
 * is stored: the alias is recorded like any identifier when the form is sent. */
async function aliasFor(sender) {
	const url = sender.url && pageUrl(sender.url);
	if (!url) return { error: 'bad_site' };
	try {
		const r = await requestFresh({ action: 'alias', site: url });
		if (r.ok) return { alias: r.result.alias, site: r.result.site };
		return { error: r.error && r.error.code === 'not_found' ? 'not_found' : 'unavailable' };
	} catch (e) {
		return { error: 'unavailable' };
	}
}

/* "Fill leaktrace alias" in the context menu of an editable field, with or
 * without the in-field offer: the alias of the clicked frame's site (the
 * browser's frameUrl), put into the focused field by the content script's
 * own function, run in its world (the page cannot call it). No alias (no
 * base, host not answering): a notification says why. */
const MENU_ALIAS = 'leaktrace-fill-alias';

function createMenus() {
	if (!api.contextMenus) return;
	api.contextMenus.removeAll(() => {
		api.contextMenus.create({ id: MENU_ALIAS, title: msg('menuFillAlias'), contexts: ['editable'],
			documentUrlPatterns: ['http://*/*', 'https://*/*'] }, () => void api.runtime.lastError);
	});
}

/* The alias of a frame's site put into that frame's focused field (the
 * context menu), or its focused email field, else its first email field on
 * screen (the popup's Fill). The site is the frame's URL as the browser
 * reports it. Answers { alias, filled } or { error }. */
async function fillAlias(tabId, frameId, url, firstEmail) {
	const r = await aliasFor({ url });
	if (!r.alias) return r;
	const [done] = await api.scripting.executeScript({
		target: { tabId, frameIds: [frameId || 0] },
		func: (v, f) => (typeof window.__leaktraceFillAlias === 'function' ? window.__leaktraceFillAlias(v, f) : false),
		args: [r.alias, !!firstEmail],
	});
	return { alias: r.alias, filled: !!(done && done.result) };
}

async function fillAliasFromMenu(info, tab) {
	const r = await fillAlias(tab.id, info.frameId || 0, info.frameUrl || info.pageUrl, false);
	if (!r.alias) await notify('leaktrace-alias', msg('extName'), msg(r.error === 'not_found' ? 'aliasNoBase' : 'aliasUnavailable'));
	return r;
}

/* The popup's Fill: the tab's top frame, its URL as the browser reports it. */
async function fillAliasForPopup(tabId) {
	const tab = await api.tabs.get(tabId);
	if (!pageUrl(tab.url || '')) return { error: 'bad_site' };
	return fillAlias(tab.id, 0, tab.url, true);
}

function onMenuClicked(info, tab) {
	if (info.menuItemId === MENU_ALIAS && tab) return fillAliasFromMenu(info, tab);
	return Promise.resolve(null);
}

if (api.contextMenus) api.contextMenus.onClicked.addListener((info, tab) => { onMenuClicked(info, tab).catch(() => {}); });

/* The e2e suite switches this on in its copy of the extension (lib.js,
 * instrumentedCopy): an extension page then clicks the context menu entry
 * through the same handler the browser calls (a headless browser shows no
 * context menu). The shipped extension has no such door. */
const TEST_HOOK = false;
if (TEST_HOOK) {
	api.runtime.onMessage.addListener((message, sender, sendResponse) => {
		if (!message || message.type !== 'leaktrace:test-menu' || !fromExtensionPage(sender)) return false;
		api.tabs.get(message.tabId).then((tab) => onMenuClicked({ menuItemId: MENU_ALIAS, frameId: message.frameId || 0,
			frameUrl: message.frameUrl, pageUrl: tab.url }, tab)).then(sendResponse, (e) => sendResponse({ error: String(e && e.message) }));
		return true;
	});
}

api.tabs.onActivated.addListener(({ tabId }) => {
	api.tabs.get(tabId).then((tab) => updateBadge(tabId, tab.url), () => {});
});
api.tabs.onUpdated.addListener((tabId, info, tab) => {
	if (info.status === 'complete' && tab.active) updateBadge(tabId, tab.url);
});

/* ---- messages from the content script and the extension pages ------------- */

const PAGE_ACTIONS = new Set(['ping', 'site', 'list', 'trace', 'rotate', 'incident', 'report_login_undo', 'unlock', 'alias_base', 'alias', 'evidence']);

function fromExtensionPage(sender) {
	return sender.id === api.runtime.id && typeof sender.url === 'string' &&
		sender.url.startsWith(api.runtime.getURL('')) && !sender.tab?.url?.startsWith('http');
}

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
	if (!message || sender.id !== api.runtime.id) return false;
	if (message.type === 'leaktrace:kick') {
		flush();
		return false;
	}
	if (message.type === 'leaktrace:event') {
		if (fromExtensionPage(sender) || !sender.tab) return false;
		acceptEvent(message.entry, sender).then(sendResponse, () => sendResponse({ ok: false }));
		return true;
	}
	if (message.type === 'leaktrace:password') {
		if (!fromExtensionPage(sender)) keepPassword(message, sender);
		message.password = null;
		flush();
		return false;
	}
	if (message.type === 'leaktrace:password-change') {
		if (!fromExtensionPage(sender)) recordChangeOnly(message, sender);
		else message.password = null;
		return false;
	}
	if (message.type === 'leaktrace:open-options') {
		// from the alias menu's "Set it in Options": the options page, at its alias section
		api.tabs.create({ url: api.runtime.getURL('options.html#alias') }).catch(() => {});
		return false;
	}
	if (message.type === 'leaktrace:alias') {
		if (fromExtensionPage(sender) || !sender.tab) return false;
		aliasFor(sender).then(sendResponse, () => sendResponse({ error: 'unavailable' }));
		return true;
	}
	if (!fromExtensionPage(sender)) return false;
	if (message.type === 'leaktrace:report-login') {
		reportLogin(Number(message.tabId), message.note).then(
			(res) => sendResponse(res),
			(e) => sendResponse({ failure: { code: e.code || 'host_error', message: e.message } }));
		return true;
	}
	if (message.type === 'leaktrace:fill-alias') {
		fillAliasForPopup(Number(message.tabId)).then(sendResponse, () => sendResponse({ error: 'unavailable' }));
		return true;
	}
	if (message.type === 'leaktrace:open-change') {
		openChangeUrl(message.url, message.probe).then((opened) => sendResponse({ opened }), () => sendResponse({ opened: null }));
		return true;
	}
	if (message.type === 'leaktrace:flush') {
		flush().then(() => getState()).then((s) => sendResponse({ state: s }));
		return true;
	}
	if (message.type === 'leaktrace:host' && message.request && PAGE_ACTIONS.has(message.request.action)) {
		const action = message.request.action;
		(action === 'unlock' ? requestFresh(message.request, UNLOCK_TIMEOUT_MS) : hostRequest(message.request)).then(
			(res) => {
				if (res.ok && (action === 'rotate' || action === 'report_login_undo')) setDueCount(urgentOf(res.result)).catch(() => {});
				if (res.ok && action === 'report_login_undo') clearSettledNotifications().catch(() => {});
				if (res.ok && action === 'unlock') flush();
				sendResponse(res);
			},
			(e) => sendResponse({ failure: { code: e.code || 'host_error', message: e.message } }));
		return true;
	}
	return false;
});

api.storage.onChanged.addListener((changes, area) => {
	if (area !== 'local') return;
	for (const k of Object.keys(changes)) {
		if (k.startsWith(OUTBOX_PREFIX) && changes[k].newValue) {
			flush();
			return;
		}
		if (k === OPTIONS_KEY) badgeCache.clear();
	}
});

api.alarms.onAlarm.addListener((a) => {
	if (a.name === RETRY_ALARM) flush();
	if (a.name === REMINDER_ALARM) remind();
});
/* At browser start a reminder comes a few minutes in (Firefox does not keep
 * alarms across restarts); after an install, a day in. */
api.runtime.onStartup.addListener(() => {
	flush();
	createMenus();
	ensureReminder(10);
	dueCount().then(updateAllBadges, () => {}); // the browser does not keep badges across restarts
});
api.runtime.onInstalled.addListener(() => {
	flush();
	createMenus();
	ensureReminder(REMINDER_PERIOD_MIN);
});
api.notifications.onClicked.addListener(onNotificationClicked);
if (api.notifications.onButtonClicked) api.notifications.onButtonClicked.addListener((id) => onNotificationClicked(id));

flush();
