// SPDX-License-Identifier: MIT
/* popup.js: the popup, in the order of what people come for: a search
 * (which site got this number?), this site (what it received), a status
 * line only when something needs the person (records waiting, the host not
 * set up, passwords to change), and the rest behind the "⋯" menu.
 *
 * Records and due rotations are asked from the host every time the popup
 * opens and shown, never cached: the keyring is the only store. The site is
 * the tab's URL as the browser reports it. Opened as a normal page with
 * ?tab=ID (the e2e tests do this), it describes that tab instead of the
 * active one.
 *
 * Everything shown from a record (sites, identifiers, titles, notes) goes
 * through shown(): a page chose those strings, and a bidi control character
 * in them could reorder what the person reads (an identifier that reads as
 * another), so they are written out as \u202E instead.
 *
 * One error at a time: the host's failures all go to one notice (the first
 * one wins); the sections then say only what they know.
 */
'use strict';

const $ = (id) => document.getElementById(id);
let currentTab = null;
let currentSite = null;
let siteAccounts = [];
let lastDue = null;

/* Answers come a page at a time (the browser refuses host messages over 1 MB). */
const DUE_SHOWN = 30;
const SITE_SHOWN = 50;
const MATCHES_SHOWN = 20;
const UNDO_MS = 24 * 3600 * 1000; // the host allows an undo for a day (LT_REPORT_UNDO_S)

/* Bidi controls (LRM, RLM, ALM, embeddings, overrides, isolates) and other
 * invisible controls, written out so that they cannot reorder the text. */
const HIDDEN_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

function shown(text) {
	return String(text ?? '').replace(HIDDEN_CHARS, (c) => '\\u' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0'));
}

function fmtDate(iso) {
	if (!iso) return '';
	const d = new Date(iso);
	return isNaN(d) ? shown(iso) : d.toLocaleDateString(api.i18n.getUILanguage(), { year: 'numeric', month: 'short', day: 'numeric' });
}

function fmtTime(iso) {
	const d = new Date(iso);
	return isNaN(d) ? shown(iso) : d.toLocaleString(api.i18n.getUILanguage(), { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

function captureName(c) {
	return msg('capture_' + String(c).replace('-', '_'));
}

function el(tag, cls, text) {
	const e = document.createElement(tag);
	if (cls) e.className = cls;
	if (text !== undefined) e.textContent = text;
	return e;
}

/* A host request through the background; a failed answer throws with its code. */
async function host(request) {
	const res = await askBackground({ type: 'leaktrace:host', request });
	if (!res.ok) throw Object.assign(new Error(res.error.message), { code: res.error.code });
	return res.result;
}

function reasonText(code) {
	const t = code ? msg('reason_' + code) : '';
	return t === 'reason_' + code ? '' : t;
}

/* ---- one error at a time ------------------------------------------------- */

let noticeCode = null;

/* The status line says the blocking reasons (host missing, keyring locked)
 * better than a notice would: those are left to it. */
const STATUS_REASONS = new Set(['host_missing', 'keyring_locked', 'keyring_unavailable', 'forbidden_caller']);

function showNotice(text, code) {
	noticeCode = code;
	$('notice').textContent = text;
	$('notice').dataset.code = code;
	$('notice').hidden = false;
}

/* The host or keyring cannot be used at all: said once, in the status line. */
let blockedCode = null;

function notice(e) {
	if (e && STATUS_REASONS.has(e.code)) {
		blockedCode = blockedCode || e.code;
		return;
	}
	if (noticeCode) return;
	showNotice(msg('cannotAsk', [reasonText(e && e.code) || shown(e && e.message)]), (e && e.code) || 'host_error');
}

function clearNotice() {
	noticeCode = null;
	$('notice').hidden = true;
	$('notice').textContent = '';
	delete $('notice').dataset.code;
}

async function currentTabInfo() {
	const q = new URLSearchParams(location.search).get('tab');
	if (q) return api.tabs.get(Number(q));
	const [tab] = await api.tabs.query({ active: true, currentWindow: true });
	return tab;
}

/* ---- search: the same answer as `leaktrace trace` ------------------------ */

function verdictText(r) {
	if (r.verdict === 'certain') return msg('verdictCertain', [shown(r.suspect)]);
	if (r.verdict === 'most_likely') return msg('verdictLikely', [shown(r.suspect)]);
	return r.total ? msg('verdictNoneBefore') : msg('verdictNone');
}

function matchItem(m) {
	const li = el('li');
	li.dataset.site = m.site;
	if (m.ruled_out) li.className = 'ruled-out';
	li.append(el('span', 'site', shown(m.site)), ' ', el('span', 'ident', shown(m.identifier)));
	const caps = (m.captures && m.captures.length ? m.captures : [m.capture]).map(captureName).join(', ');
	let when = m.certainty === 'unknown' ? msg('dateUnknown') : fmtDate(m.first_seen);
	if (m.certainty === 'no-later-than') when = msg('noLaterThan', [when]);
	let how = msg('recordHow', [caps, when]);
	if (m.match === 'alias') how += ' · ' + msg('matchAlias');
	if (m.ruled_out) how += ' · ' + msg('ruledOut');
	li.append(el('div', 'how', how));
	return li;
}

let searchSeq = 0;

async function search(ev) {
	if (ev) ev.preventDefault();
	const query = $('search-input').value.trim();
	const seq = ++searchSeq;
	if (!query) {
		$('search-result').hidden = true;
		return;
	}
	$('search').dataset.state = 'asking';
	try {
		const r = await host({ action: 'trace', query, limit: MATCHES_SHOWN });
		if (seq !== searchSeq) return;
		$('verdict').textContent = verdictText(r);
		$('verdict').dataset.verdict = r.verdict;
		$('verdict').className = r.verdict === 'none' ? 'verdict muted' : 'verdict';
		const ul = $('matches');
		ul.textContent = '';
		for (const m of r.matches || []) ul.append(matchItem(m));
		if (r.total > (r.matches || []).length) ul.append(el('li', 'muted', msg('moreMatches', [String(r.total - r.matches.length)])));
		$('search-incident').dataset.identifier = query;
		$('search-result').hidden = false;
	} catch (e) {
		if (seq !== searchSeq) return;
		$('search-result').hidden = true;
		if (e.code === 'bad_identifier') {
			$('verdict').textContent = msg('searchBadIdentifier');
			$('verdict').className = 'verdict muted';
			$('matches').textContent = '';
			$('search-result').hidden = false;
		} else notice(e);
	} finally {
		if (seq === searchSeq) $('search').dataset.state = 'done';
	}
}

/* ---- this site --------------------------------------------------------- */

function recordItem(account) {
	const li = el('li');
	li.append(el('span', 'ident', (account.identifiers || []).map((i) => shown(i.value)).join(', ')));
	const caps = (account.captures && account.captures.length ? account.captures : [account.capture]).map(captureName);
	li.append(el('div', 'how', msg('recordHow', [caps.join(', '), fmtDate(account.first_seen)])));
	return li;
}

/* An event still in the outbox for this tab's site: shown as waiting, so the
 * popup never says "nothing recorded" while this site's signup waits. */
function waitingItem(entry) {
	const li = el('li', 'waiting');
	li.append(el('span', 'ident', entry.identifiers.map((i) => shown(i.value)).join(', ')));
	li.append(el('div', 'how', msg('recordWaiting', [captureName(entry.capture), fmtTime(new Date(entry.created).toISOString())])));
	return li;
}

function entryHost(entry) {
	try { return new URL(entry.url).hostname.toLowerCase(); } catch (e) { return ''; }
}

/* Is an outbox entry about this tab's site? The host name is compared, or
 * its registrable domain once the host has said it. */
function entryHere(entry) {
	const h = entryHost(entry);
	if (!currentTab || !h) return false;
	const tabHost = new URL(currentTab.url).hostname.toLowerCase();
	return h === tabHost || (!!currentSite && (h === currentSite || h.endsWith('.' + currentSite)));
}

async function showSite(waiting) {
	const list = $('site-records');
	list.textContent = '';
	siteAccounts = [];
	$('report-login').disabled = true;
	if (!currentTab || !pageUrl(currentTab.url || '')) {
		$('site-name').textContent = '—';
		$('site-status').textContent = msg('notAWebPage');
		$('manual-box').hidden = true;
		return;
	}
	$('site-name').textContent = shown(new URL(currentTab.url).hostname);
	let asked = false;
	try {
		const r = await host({ action: 'site', site: currentTab.url, limit: SITE_SHOWN });
		asked = true;
		currentSite = r.site;
		$('site-name').textContent = shown(currentSite);
		siteAccounts = r.accounts || [];
		for (const a of siteAccounts) list.append(recordItem(a));
		const more = (Number(r.total) || 0) - siteAccounts.length; // a page at a time: the rest counted
		$('site-more').textContent = more > 0 ? msg('moreRecords', [String(more)]) : '';
		$('site-more').dataset.more = String(Math.max(more, 0));
		$('site-more').hidden = more <= 0;
		$('report-login').disabled = siteAccounts.length === 0;
		showUndo();
	} catch (e) {
		notice(e);
	}
	const here = waiting.filter(entryHere);
	for (const w of here) list.append(waitingItem(w));
	const total = siteAccounts.length + here.length;
	// not asked: the notice or the status line says why, once
	$('site-status').textContent = total ? '' : asked ? msg('siteNoRecords') : blockedCode || noticeCode ? '' : msg('siteUnknown');
	$('site-status').hidden = !$('site-status').textContent;
}

/* ---- this site's alias --------------------------------------------------- */

/* The site's own alias (the host's `alias` action, for the tab's URL), with
 * Copy and Fill, whether or not the in-field offer is on; no base set: a
 * line that points at Options. Other failures say nothing here (the notice
 * or the status line says them once). */
async function showAlias() {
	$('site-alias').hidden = true;
	$('alias-nobase').hidden = true;
	$('alias-value').textContent = '';
	$('alias-done').textContent = '';
	if (!currentTab || !pageUrl(currentTab.url || '')) return;
	try {
		const r = await host({ action: 'alias', site: currentTab.url });
		$('alias-value').textContent = shown(r.alias);
		$('alias-value').dataset.alias = r.alias;
		$('site-alias').hidden = false;
	} catch (e) {
		if (e.code === 'not_found') $('alias-nobase').hidden = false;
		else notice(e);
	}
}

async function copyAlias() {
	const v = $('alias-value').dataset.alias || '';
	let ok = false;
	try {
		await navigator.clipboard.writeText(v);
		ok = true;
	} catch (e) { // no clipboard permission here: the selection's copy
		const t = el('textarea');
		t.value = v;
		document.body.append(t);
		t.select();
		try { ok = document.execCommand('copy'); } catch (err) { ok = false; }
		t.remove();
	}
	$('alias-copy').dataset.copied = ok ? 'ok' : 'failed';
	$('alias-done').textContent = ok ? msg('popupAliasCopied') : '';
}

/* Into the tab: its focused email field, else its first one (background.js
 * fills it as the context menu's "Fill leaktrace alias" does). */
async function fillAliasInTab() {
	if (!currentTab) return;
	const r = await askBackground({ type: 'leaktrace:fill-alias', tabId: currentTab.id }).catch(() => null);
	const filled = !!(r && r.filled);
	$('alias-fill').dataset.filled = filled ? 'ok' : 'failed';
	$('alias-done').textContent = filled ? msg('popupAliasFilled') : r && r.alias ? msg('popupAliasNoField') : '';
}

/* ---- the status line --------------------------------------------------- */

async function outboxEntries() {
	const [all, session] = await Promise.all([api.storage.local.get(null), api.storage.session.get(null)]);
	const entries = [];
	let onDisk = 0;
	for (const [k, v] of Object.entries(all)) if (k.startsWith(OUTBOX_PREFIX) && validEntry(v)) { entries.push(v); onDisk++; }
	for (const [k, v] of Object.entries(session)) if (k.startsWith(OUTBOX_PREFIX) && validEntry(v)) entries.push(v);
	entries.sort((a, b) => (a.created || 0) - (b.created || 0));
	return { entries, onDisk, state: all[STATE_KEY] || {} };
}

/* Waiting records, listed by site (host name), with what the person can do. */
function showOutbox(box) {
	const n = box.entries.length;
	const reason = n ? box.state.reason || '' : '';
	$('outbox').hidden = n === 0;
	$('outbox-count').dataset.count = String(n);
	$('outbox-count').textContent = n ? msg(n === 1 ? 'waitingOne' : 'waitingCount', [String(n)]) : '';
	$('outbox-reason').dataset.reason = reason;
	$('outbox-reason').textContent = reason ? reasonText(reason) : '';
	const sites = new Map();
	for (const e of box.entries) sites.set(entryHost(e), (sites.get(entryHost(e)) || 0) + 1);
	const ul = $('outbox-sites');
	ul.textContent = '';
	for (const [h, c] of sites) {
		const li = el('li', '', shown(h));
		li.dataset.site = h;
		if (c > 1) li.append(' ×' + c);
		ul.append(li);
	}
	$('outbox-disk').textContent = box.onDisk ? msg(box.onDisk === 1 ? 'waitingOnDiskOne' : 'waitingOnDisk', [String(box.onDisk)]) : '';
	$('outbox-disk').dataset.count = String(box.onDisk);
	$('outbox-disk').hidden = !box.onDisk;
	let advice = reason ? msg('advice_' + reason) : '';
	if (advice === 'advice_' + reason) advice = '';
	if (reason === 'keyring_unavailable' && box.state.message) advice += ' (' + shown(box.state.message) + ')';
	if (box.state.dropped) advice += (advice ? ' ' : '') + msg('droppedCount', [String(box.state.dropped)]);
	$('outbox-advice').textContent = advice;
	$('outbox-advice').hidden = !advice;
}

/* The status line's own parts: what blocks (when no waiting record says it
 * already), and Unlock / Retry. */
function showStatus(box) {
	const n = box.entries.length;
	const reason = n ? box.state.reason || '' : '';
	const blocked = !n && blockedCode ? blockedCode : '';
	$('blocked-line').hidden = !blocked;
	$('blocked-line').dataset.code = blocked;
	$('blocked-line').textContent = blocked ? msg('blocked_' + blocked) : '';
	const locked = reason === 'keyring_locked' || blocked === 'keyring_locked';
	$('unlock').hidden = !locked;
	$('retry').hidden = n === 0;
	$('status-actions').hidden = $('unlock').hidden && $('retry').hidden;
	$('status').hidden = $('outbox').hidden && $('due-line').hidden && $('blocked-line').hidden;
}

/* ---- passwords to change, by severity ----------------------------------- */

/* compromised (a reported login, a breach after the password was set) first,
 * then reused with a compromised one, then reused (neutral); the host says
 * it (severity); "shared-identifier" is a note to watch for login alerts. */
const SEVERITIES = ['compromised', 'reuse-compromised', 'reused'];

function severityOf(d) {
	if (d.severity) return d.severity;
	if (d.reason === 'compromised' || d.reason === 'breach') return 'compromised';
	if (d.reason === 'reuse-compromised') return 'reuse-compromised';
	if (d.reason === 'shared-identifier') return 'watch';
	return 'reused';
}

/* The reason in the person's language (the host's reason_text is English). */
function dueReason(d) {
	const other = shown(d.because_of || '');
	if (d.reason === 'compromised') return other && d.because_of !== d.site ? msg('due_compromised_group', [other]) : msg('due_compromised');
	const key = 'due_' + String(d.reason).replace(/-/g, '_');
	const text = msg(key, [other]);
	return text === key ? shown(d.reason_text) : text;
}

function accountIdentifier(a) {
	const ids = (a && a.identifiers) || [];
	return ids.length ? shown(ids[0].value) : '';
}

function dueItem(d) {
	const li = el('li');
	li.dataset.site = d.site;
	li.dataset.reason = d.reason;
	const who = el('div', 'who');
	who.append(el('span', 'site', shown(d.site)));
	const id = accountIdentifier(d.account);
	if (id) who.append(' ', el('span', 'ident', id));
	const why = el('div', 'why', dueReason(d));
	if (severityOf(d) === 'watch') {
		li.append(who, why);
		return li;
	}
	const b = el('button', 'change', msg(d.change_password_url_known === false ? 'openSite' : 'changePassword'));
	b.type = 'button';
	b.title = shown(d.change_password_url);
	b.dataset.url = d.change_password_url;
	b.dataset.known = String(d.change_password_url_known !== false);
	b.addEventListener('click', async () => {
		const r = await askBackground({ type: 'leaktrace:open-change', url: d.change_password_url, probe: d.change_password_probe });
		b.dataset.opened = (r && r.opened) || '';
	});
	li.append(who, b, why);
	return li;
}

function showDueList(r) {
	const box = $('due-groups');
	box.textContent = '';
	const groups = new Map();
	for (const d of r.due || []) {
		const s = severityOf(d);
		if (!groups.has(s)) groups.set(s, []);
		groups.get(s).push(d);
	}
	for (const s of SEVERITIES.concat(['watch'])) {
		const list = groups.get(s);
		if (!list) continue;
		const g = el('div', 'group ' + s);
		g.dataset.severity = s;
		g.append(el('h3', '', msg('severity_' + s.replace('-', '_'))));
		const ul = el('ul', 'records due');
		for (const d of list) ul.append(dueItem(d));
		g.append(ul);
		box.append(g);
	}
	$('due-note').hidden = !(r.due || []).some((d) => d.change_password_url_known === false && severityOf(d) !== 'watch');
	const shownCount = (r.due || []).length;
	$('due-more').textContent = r.total > shownCount ? msg('dueMore', [String(r.total - shownCount)]) : '';
}

async function showDue() {
	try {
		const r = await host({ action: 'rotate', limit: DUE_SHOWN });
		lastDue = r;
		const urgent = typeof r.urgent === 'number' ? r.urgent : (r.due || []).filter((d) => severityOf(d) !== 'reused' && severityOf(d) !== 'watch').length;
		$('rotation').dataset.count = String(r.count);
		$('rotation').dataset.urgent = String(urgent);
		$('due-line').hidden = !r.count;
		$('due-line').className = urgent ? 'line urgent' : 'line';
		$('due-text').textContent = !r.count ? '' : urgent ? msg('dueLineUrgent', [String(r.count), String(urgent)]) : msg('dueLine', [String(r.count)]);
		showDueList(r);
	} catch (e) {
		lastDue = null;
		$('due-line').hidden = true;
		notice(e);
	}
}

function toggleDue() {
	const open = $('rotation').hidden;
	$('rotation').hidden = !open;
	$('due-show').textContent = msg(open ? 'dueHide' : 'dueShow');
}

/* ---- someone else logged in here: confirm, report, undo for a day -------- */

function openReport() {
	closeMenu();
	if (!currentSite || !siteAccounts.length) return;
	$('report-explain').textContent = msg('reportExplain', [shown(currentSite)]);
	$('report-confirm').hidden = false;
	$('report-status').hidden = true;
	$('report-note').focus();
}

async function reportLogin() {
	if (!currentTab) return;
	$('report-send').disabled = true;
	clearNotice();
	try {
		const res = await askBackground({ type: 'leaktrace:report-login', tabId: currentTab.id, note: $('report-note').value });
		if (!res.ok) throw Object.assign(new Error(res.error.message), { code: res.error.code });
		$('report-note').value = '';
		$('report-confirm').hidden = true;
		await refresh();
		$('report-text').textContent = msg('reportDone', [shown(res.result.site), String(res.result.total)]);
		$('report-status').hidden = false;
		$('report-status').dataset.done = '1';
		if ($('rotation').hidden && lastDue && lastDue.count) toggleDue(); // what to change now
	} catch (e) {
		if (e.code === 'not_found') {
			$('report-text').textContent = msg('reportNotFound');
			$('report-undo').hidden = true;
			$('report-status').hidden = false;
		} else notice(e);
	} finally {
		$('report-send').disabled = false;
	}
}

/* The report made on this site in the last day, from the records themselves
 * (their compromised.at): nothing is kept in the browser for the undo. */
function recentReport() {
	let at = '';
	for (const a of siteAccounts) {
		const c = a.compromised && a.compromised.at;
		if (c && Date.now() - new Date(c).getTime() < UNDO_MS && c > at) at = c;
	}
	return at;
}

function showUndo() {
	const at = recentReport();
	$('report-undo').hidden = !at;
	$('report-undo').dataset.at = at;
	if (at && $('report-status').hidden) {
		$('report-text').textContent = msg('reportedAt', [fmtTime(at)]);
		$('report-status').hidden = false;
	}
	if (!at && !$('report-status').dataset.done) $('report-status').hidden = true;
}

async function undoReport() {
	const at = $('report-undo').dataset.at;
	if (!at || !currentSite) return;
	clearNotice();
	try {
		await host({ action: 'report_login_undo', site: currentSite, at, limit: 1 });
		delete $('report-status').dataset.done;
		$('report-status').hidden = true;
		await refresh();
		$('report-text').textContent = msg('reportUndone', [shown(currentSite)]);
		$('report-undo').hidden = true;
		$('report-status').hidden = false;
		$('report-status').dataset.undone = '1';
	} catch (e) {
		notice(e);
	}
}

/* ---- log a call or SMS -------------------------------------------------- */

function openIncident(identifier) {
	closeMenu();
	$('incident').hidden = false;
	if (identifier) $('incident-to').value = identifier;
	($('incident-to').value ? $('incident-from') : $('incident-to')).focus();
}

async function saveIncident(ev) {
	ev.preventDefault();
	const identifier = $('incident-to').value.trim();
	if (!identifier) return;
	clearNotice();
	const req = { action: 'incident', identifier, kind: $('incident-kind').value };
	const from = $('incident-from').value.trim();
	if (from) req.from = from;
	try {
		await host(req);
		$('incident').hidden = true;
		$('incident-from').value = '';
		$('search-input').value = identifier;
		await search();
		$('search-result').dataset.logged = '1';
	} catch (e) {
		notice(e);
	}
}

/* ---- the evidence report -------------------------------------------------- */

/* The host writes the report (the HTML of `leaktrace evidence`) to the
 * Downloads folder under a new name; it opens in a tab where the browser
 * lets an extension open a file, and the line says where it is either way. */
function openEvidence() {
	closeMenu();
	$('evidence').hidden = false;
	$('evidence-status').hidden = true;
	if (!$('evidence-for').value) $('evidence-for').value = $('search-input').value.trim();
	$('evidence-for').focus();
}

async function writeEvidence(ev) {
	ev.preventDefault();
	const query = $('evidence-for').value.trim();
	if (!query) return;
	clearNotice();
	$('evidence-write').disabled = true;
	try {
		const lang = (api.i18n.getUILanguage() || '').toLowerCase().startsWith('zh') ? 'zh' : 'en';
		const r = await host({ action: 'evidence', query, lang });
		const name = r.path.slice(r.path.lastIndexOf('/') + 1);
		let opened = true;
		try { await api.tabs.create({ url: r.url }); } catch (e) { opened = false; }
		$('evidence-status').textContent = msg(opened ? 'evidenceSaved' : 'evidenceSavedNoTab', [shown(name)]);
		$('evidence-status').dataset.path = r.path;
		$('evidence-status').hidden = false;
	} catch (e) {
		if (e.code !== 'not_found') notice(e);
		else {
			$('evidence-status').textContent = msg('evidenceNothing');
			$('evidence-status').hidden = false;
		}
	} finally {
		$('evidence-write').disabled = false;
	}
}

/* ---- the menu ----------------------------------------------------------- */

function closeMenu() {
	$('menu').hidden = true;
	$('menu-button').setAttribute('aria-expanded', 'false');
}

function toggleMenu() {
	const open = $('menu').hidden;
	$('menu').hidden = !open;
	$('menu-button').setAttribute('aria-expanded', String(open));
	if (open) $('menu').querySelector('button:not([disabled])')?.focus();
}

/* ---- record by hand, exclusion, unlock, retry --------------------------- */

/* By hand: the same outbox entry the content script writes, with capture
 * "manual" and the tab's URL; the background delivers it. */
async function recordByHand(ev) {
	ev.preventDefault();
	const value = $('manual-value').value.trim();
	if (!value || !currentTab) return;
	const entry = {
		v: 1, id: newEventId(), created: Date.now(), url: pageUrl(currentTab.url),
		title: String(currentTab.title || '').slice(0, 1024),
		identifiers: [{ kind: $('manual-kind').value, value }], capture: 'manual',
	};
	if (!validEntry(entry)) return;
	await api.storage.session.set({ [OUTBOX_PREFIX + entry.id]: entry }); // memory; the profile only if it must wait
	$('manual-value').value = '';
	$('manual-status').textContent = msg('manualQueued');
	await retry();
	const key = OUTBOX_PREFIX + entry.id;
	const still = (await api.storage.session.get(key))[key] || (await api.storage.local.get(key))[key];
	$('manual-status').textContent = still ? msg('manualWaiting') : msg('manualSaved');
}

async function excludeSite() {
	if (!currentTab) return;
	const o = await loadOptions();
	const site = (currentSite || new URL(currentTab.url).hostname).toLowerCase();
	if (!o.exclusions.includes(site)) o.exclusions.push(site);
	await saveOptions(o);
	$('exclude').textContent = msg('excluded', [shown(site)]);
	$('exclude').disabled = true;
}

/* Unlock: the host asks the Secret Service, which shows the system's own
 * unlock dialog; then the waiting records are delivered. */
async function unlock() {
	$('unlock').disabled = true;
	$('unlock').dataset.state = 'asking';
	clearNotice();
	try {
		await host({ action: 'unlock' });
		$('unlock').dataset.state = 'ok';
		await retry();
	} catch (e) {
		$('unlock').dataset.state = 'failed';
		showNotice(e.code === 'keyring_locked' ? msg('unlockFailed') : msg('cannotAsk', [reasonText(e.code) || shown(e.message)]),
			e.code || 'host_error');
	} finally {
		$('unlock').disabled = false;
	}
}

async function refresh() {
	clearNotice();
	blockedCode = null;
	const box = await outboxEntries();
	showOutbox(box);
	if (box.entries.length && box.state.reason === 'host_missing') {
		// nothing else can be asked: say what is missing, once
		await showSite(box.entries);
		$('due-line').hidden = true;
	} else {
		await Promise.all([showSite(box.entries), showDue(), showAlias()]);
	}
	showStatus(box);
	document.body.dataset.ready = '1';
}

async function retry() {
	document.body.dataset.ready = '';
	try { await askBackground({ type: 'leaktrace:flush' }); } catch (e) { /* shown below */ }
	await refresh();
}

async function init() {
	localizePage(document);
	$('search').addEventListener('submit', search);
	let typing = null;
	$('search-input').addEventListener('input', () => {
		clearTimeout(typing);
		typing = setTimeout(search, 500);
	});
	$('search-incident').addEventListener('click', () => openIncident($('search-incident').dataset.identifier));
	$('manual').addEventListener('submit', recordByHand);
	$('retry').addEventListener('click', retry);
	$('unlock').addEventListener('click', unlock);
	$('exclude').addEventListener('click', excludeSite);
	$('alias-copy').addEventListener('click', copyAlias);
	$('alias-fill').addEventListener('click', fillAliasInTab);
	$('alias-options').addEventListener('click', () => {
		api.tabs.create({ url: api.runtime.getURL('options.html#alias') });
		if (!new URLSearchParams(location.search).get('tab')) window.close(); // the popup itself, not a page describing a tab
	});
	$('due-show').addEventListener('click', toggleDue);
	$('menu-button').addEventListener('click', toggleMenu);
	$('report-login').addEventListener('click', openReport);
	$('report-cancel').addEventListener('click', () => { $('report-confirm').hidden = true; });
	$('report-send').addEventListener('click', reportLogin);
	$('report-undo').addEventListener('click', undoReport);
	$('menu-incident').addEventListener('click', () => openIncident($('search-input').value.trim()));
	$('incident').addEventListener('submit', saveIncident);
	$('menu-evidence').addEventListener('click', openEvidence);
	$('evidence').addEventListener('submit', writeEvidence);
	$('evidence-cancel').addEventListener('click', () => { $('evidence').hidden = true; });
	$('incident-cancel').addEventListener('click', () => { $('incident').hidden = true; });
	$('open-options').addEventListener('click', () => {
		closeMenu();
		api.runtime.openOptionsPage();
		window.close();
	});
	document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !$('menu').hidden) { e.preventDefault(); closeMenu(); } });
	document.addEventListener('click', (e) => {
		if (!$('menu').hidden && !$('menu').contains(e.target) && e.target !== $('menu-button')) closeMenu();
	});
	try { currentTab = await currentTabInfo(); } catch (e) { currentTab = null; }
	const o = await loadOptions();
	if (currentTab && pageUrl(currentTab.url || '') && hostExcluded(new URL(currentTab.url).hostname, o.exclusions)) {
		$('exclude').textContent = msg('alreadyExcluded');
		$('exclude').disabled = true;
	}
	api.storage.onChanged.addListener(async (changes, area) => {
		if ((area === 'local' || area === 'session') && Object.keys(changes).some((k) => k.startsWith(OUTBOX_PREFIX) || k === STATE_KEY)) {
			const box = await outboxEntries();
			showOutbox(box);
			showStatus(box);
		}
	});
	$('search-input').focus();
	await retry(); // opening the popup is also a retry
}

init();
