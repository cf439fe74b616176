/* background.js: delivers the outbox to leaktrace-host and answers the popup.
 *
 * One file for both browsers: Chromium runs it as the service worker (and
 * pulls common.js in with importScripts), Firefox as an event page after
 * common.js (manifest background.scripts).
 *
 * The outbox (storage.local keys "outbox:<id>") is the only place an event
 * lives until the host answers ok: the content script writes it there, and
 * this file removes it only after the host confirms it stored the record. It
 * delivers on every outbox write (storage.onChanged), on start-up, on an alarm
 * while anything waits, on a nudge from the content script, and when the popup
 * opens. Two deliveries of one event are harmless (the store deduplicates).
 *
 * The host is reached through one connectNative port, opened while there is
 * work and closed a few seconds after the last answer: an open port keeps
 * Chromium's worker alive, and the host exits as soon as its input ends.
 * Nothing here logs or keeps identifiers or sites (the badge cache below holds
 * host names, in memory only, for a minute).
 */
'use strict';

if (typeof importScripts === 'function') importScripts('common.js');

const REQUEST_TIMEOUT_MS = 20000;
const IDLE_DISCONNECT_MS = 4000;
const RETRY_ALARM = 'leaktrace-retry';
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
function hostRequest(request) {
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
		}, REQUEST_TIMEOUT_MS);
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

function toRequest(entry, options) {
	const req = { action: 'record', url: entry.url, identifiers: entry.identifiers, capture: entry.capture };
	if (entry.title) req.title = entry.title;
	if (entry.top_url) req.top_url = entry.top_url;
	const region = effectiveRegion(options);
	if (region && !entry.noRegion) req.region = region;
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

async function outboxEntries() {
	const all = await api.storage.local.get(null);
	const list = [];
	for (const k of Object.keys(all)) if (k.startsWith(OUTBOX_PREFIX)) list.push([k, all[k]]);
	list.sort((a, b) => ((a[1] && a[1].created) || 0) - ((b[1] && b[1].created) || 0));
	return { list, options: normalizeOptions(all[OPTIONS_KEY]) };
}

/* A host that has been running a while may hold a stale connection to the
 * keyring (a keyring daemon restarted or unlocked by another process): before
 * an event is left waiting, it is tried once more with a fresh host process. */
async function sendRecord(entry, options) {
	const req = toRequest(entry, options);
	const reused = port !== null;
	let res;
	try {
		res = await hostRequest(req);
	} catch (e) {
		if (!reused || e.code === 'host_missing' || e.code === 'forbidden_caller') throw e;
		closePort();
		return hostRequest(req);
	}
	if (!res.ok && reused && res.error && !DROP_CODES.has(res.error.code)) {
		closePort();
		return hostRequest(req);
	}
	return res;
}

async function deliverOnce() {
	const { list, options } = await outboxEntries();
	for (const [key, entry] of list) {
		if (!validEntry(entry) || !stillWanted(entry, options)) {
			await api.storage.local.remove(key);
			continue;
		}
		let res;
		try {
			res = await sendRecord(entry, options);
		} catch (e) {
			closePort();
			await waitFor(e.code, e.message);
			return;
		}
		if (res.ok) {
			await api.storage.local.remove(key);
			badgeCache.clear();
			continue;
		}
		const code = (res.error && res.error.code) || 'host_error';
		if (code === 'bad_region' && !entry.noRegion) {
			// the region option is wrong for this number: retry once without it
			await api.storage.local.set({ [key]: Object.assign({}, entry, { noRegion: true }) });
			continue; // picked up again by the next pass
		}
		if (DROP_CODES.has(code)) {
			await api.storage.local.remove(key);
			const s = await getState();
			await setState({ dropped: s.dropped + 1, lastDrop: code });
			continue;
		}
		closePort();
		await waitFor(code, res.error && res.error.message);
		return;
	}
	const rest = (await outboxEntries()).list.length;
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
	const res = await hostRequest({ action: 'site', site: url });
	const count = res.ok && res.result && Array.isArray(res.result.accounts) ? res.result.accounts.length : 0;
	badgeCache.set(host, { count, at: Date.now() });
	return count;
}

async function updateBadge(tabId, url) {
	try {
		if (!pageUrl(url || '')) {
			await api.action.setBadgeText({ tabId, text: '' });
			return;
		}
		const n = await siteCount(url);
		await api.action.setBadgeBackgroundColor({ tabId, color: '#176e78' });
		await api.action.setBadgeText({ tabId, text: n ? String(n) : '' });
		await api.action.setTitle({ tabId, title: n ? msg('badgeTitle', [String(n)]) : msg('extName') });
	} catch (e) { /* host unreachable or tab gone: no badge */ }
}

async function refreshActiveBadge() {
	try {
		const [tab] = await api.tabs.query({ active: true, lastFocusedWindow: true });
		if (tab) updateBadge(tab.id, tab.url);
	} catch (e) { /* no window */ }
}

api.tabs.onActivated.addListener(({ tabId }) => {
	api.tabs.get(tabId).then((tab) => updateBadge(tabId, tab.url), () => {});
});
api.tabs.onUpdated.addListener((tabId, info, tab) => {
	if (info.status === 'complete' && tab.active) updateBadge(tabId, tab.url);
});

/* ---- messages from the content script and the extension pages ------------- */

const PAGE_ACTIONS = new Set(['ping', 'site', 'list', 'trace']);

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
	if (!fromExtensionPage(sender)) return false;
	if (message.type === 'leaktrace:flush') {
		flush().then(() => getState()).then((s) => sendResponse({ state: s }));
		return true;
	}
	if (message.type === 'leaktrace:host' && message.request && PAGE_ACTIONS.has(message.request.action)) {
		hostRequest(message.request).then(
			(res) => sendResponse(res),
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

api.alarms.onAlarm.addListener((a) => { if (a.name === RETRY_ALARM) flush(); });
api.runtime.onStartup.addListener(() => flush());
api.runtime.onInstalled.addListener(() => flush());
api.notifications.onClicked.addListener(() => {
	api.runtime.openOptionsPage().catch(() => {});
});

flush();
