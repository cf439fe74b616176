/* popup.js: this site's records, record by hand, "someone else logged in
 * here", the passwords to change, the outbox, the overall count.
 *
 * Records and due rotations are asked from the host every time the popup
 * opens and shown, never cached: the keyring is the only store (the
 * background keeps only the number due, for the badge). The site is the tab's URL as the
 * browser reports it. Opened as a normal page with ?tab=ID (the e2e tests do
 * this), it describes that tab instead of the active one.
 */
'use strict';

const $ = (id) => document.getElementById(id);
let currentTab = null;
let currentSite = null;

function fmtDate(iso) {
	if (!iso) return '';
	const d = new Date(iso);
	return isNaN(d) ? iso : d.toLocaleDateString(api.i18n.getUILanguage(), { year: 'numeric', month: 'short', day: 'numeric' });
}

function captureName(c) {
	return msg('capture_' + String(c).replace('-', '_'));
}

function host(request) {
	return askBackground({ type: 'leaktrace:host', request });
}

function reasonText(reason) {
	return reason ? msg('reason_' + reason) : '';
}

async function currentTabInfo() {
	const q = new URLSearchParams(location.search).get('tab');
	if (q) return api.tabs.get(Number(q));
	const [tab] = await api.tabs.query({ active: true, currentWindow: true });
	return tab;
}

function recordItem(account, showSite) {
	const li = document.createElement('li');
	if (showSite) {
		const s = document.createElement('span');
		s.className = 'site';
		s.textContent = account.site + ' · ';
		li.append(s);
	}
	const ids = document.createElement('span');
	ids.className = 'ident';
	ids.textContent = (account.identifiers || []).map((i) => i.value).join(', ');
	const how = document.createElement('div');
	how.className = 'how';
	const caps = (account.captures && account.captures.length ? account.captures : [account.capture]).map(captureName);
	how.textContent = msg('recordHow', [caps.join(', '), fmtDate(account.first_seen)]);
	li.append(ids, how);
	return li;
}

async function showSite() {
	const list = $('site-records');
	list.textContent = '';
	if (!currentTab || !pageUrl(currentTab.url || '')) {
		$('site-name').textContent = '—';
		$('site-status').textContent = msg('notAWebPage');
		$('manual').hidden = true;
		$('exclude').hidden = true;
		return;
	}
	$('site-name').textContent = new URL(currentTab.url).hostname;
	try {
		const res = await host({ action: 'site', site: currentTab.url, limit: SITE_SHOWN });
		if (!res.ok) throw Object.assign(new Error(res.error.message), { code: res.error.code });
		currentSite = res.result.site;
		$('site-name').textContent = currentSite;
		const accounts = res.result.accounts || [];
		const total = res.result.total ?? accounts.length;
		$('site-status').textContent = total ? msg('siteHasRecords', [String(total)]) : msg('siteNoRecords');
		for (const a of accounts) list.append(recordItem(a, false));
		showReportButton(accounts.length > 0);
	} catch (e) {
		$('site-status').textContent = msg('cannotAsk', [reasonText(e.code) || e.message]);
	}
}

/* The reason a rotation is due, in the person's language (the host's
 * reason_text is English). */
function dueReason(d) {
	const other = d.because_of || '';
	if (d.reason === 'compromised') return other ? msg('due_compromised_group', [other]) : msg('due_compromised');
	const key = 'due_' + String(d.reason).replace(/-/g, '_');
	const text = msg(key, [other]);
	return text === key ? d.reason_text : text;
}

/* Answers come a page at a time (the browser refuses host messages over 1 MB);
 * the popup asks for what it shows and the totals. */
const DUE_SHOWN = 30;
const SITE_SHOWN = 50;
const RECENT_SHOWN = 5;

function dueItem(d) {
	const li = document.createElement('li');
	li.dataset.site = d.site;
	li.dataset.reason = d.reason;
	const s = document.createElement('span');
	s.className = 'site';
	s.textContent = d.site;
	const why = document.createElement('div');
	why.className = 'why';
	why.textContent = dueReason(d);
	const how = document.createElement('div');
	how.className = 'how';
	how.textContent = msg('dueSince', [fmtDate(d.since)]);
	const b = document.createElement('button');
	b.type = 'button';
	b.className = 'change';
	b.textContent = msg('changePassword');
	b.title = d.change_password_url;
	b.dataset.url = d.change_password_url;
	b.addEventListener('click', () => {
		if (/^https?:\/\//.test(d.change_password_url)) api.tabs.create({ url: d.change_password_url });
	});
	li.append(s, b, why, how);
	return li;
}

async function showDue() {
	const ul = $('due-list');
	ul.textContent = '';
	$('due-more').textContent = '';
	try {
		const res = await host({ action: 'rotate', limit: DUE_SHOWN });
		if (!res.ok) throw Object.assign(new Error(res.error.message), { code: res.error.code });
		const due = res.result.due || [];
		const total = res.result.count;
		$('due-count').textContent = total ? String(total) : '';
		$('rotation').dataset.count = String(total);
		$('due-status').textContent = total ? '' : msg('dueNone');
		for (const d of due) ul.append(dueItem(d));
		if (total > due.length) $('due-more').textContent = msg('dueMore', [String(total - due.length)]);
	} catch (e) {
		$('due-count').textContent = '';
		$('rotation').dataset.count = '';
		$('due-status').textContent = msg('cannotAsk', [reasonText(e.code) || e.message]);
	}
}

function showReportButton(hasRecords) {
	$('report').hidden = !hasRecords;
	$('report-confirm').hidden = true;
	$('report-login').hidden = false;
}

async function reportLogin() {
	if (!currentTab) return;
	$('report-send').disabled = true;
	$('report-status').textContent = '';
	try {
		const res = await askBackground({ type: 'leaktrace:report-login', tabId: currentTab.id, note: $('report-note').value });
		if (!res.ok) throw Object.assign(new Error(res.error.message), { code: res.error.code });
		const site = res.result.site;
		const related = (res.result.due || []).filter((d) => d.because_of === site || (d.site === site && d.reason === 'compromised'));
		$('report-status').textContent = msg('reportDone', [site, String(res.result.total ?? related.length)]);
		$('report-note').value = '';
		$('report-confirm').hidden = true;
		$('report-login').hidden = false;
		await showDue();
		$('report-status').dataset.done = '1';
	} catch (e) {
		$('report-status').textContent = e.code === 'not_found' ? msg('reportNotFound') :
			msg('cannotAsk', [reasonText(e.code) || e.message]);
	} finally {
		$('report-send').disabled = false;
	}
}

async function showOutbox() {
	const [all, session] = await Promise.all([api.storage.local.get(null), api.storage.session.get(null)]);
	const onDisk = Object.keys(all).filter((k) => k.startsWith(OUTBOX_PREFIX)).length;
	const n = onDisk + Object.keys(session).filter((k) => k.startsWith(OUTBOX_PREFIX)).length;
	const state = all[STATE_KEY] || {};
	// Kept on disk only while the host cannot be reached (background.js, persistWaiting): say so.
	$('outbox-disk').textContent = onDisk ? msg(onDisk === 1 ? 'waitingOnDiskOne' : 'waitingOnDisk', [String(onDisk)]) : '';
	$('outbox-disk').dataset.count = String(onDisk);
	$('outbox-count').textContent = msg('waitingCount', [String(n)]);
	$('outbox-count').dataset.count = String(n);
	$('outbox-reason').textContent = n && state.reason ? reasonText(state.reason) : '';
	$('outbox-reason').dataset.reason = n && state.reason ? state.reason : '';
	let advice = n && state.reason ? msg('advice_' + state.reason) : '';
	if (n && state.reason === 'keyring_unavailable' && state.message) advice += ' (' + state.message + ')';
	if (state.dropped) advice += (advice ? ' ' : '') + msg('droppedCount', [String(state.dropped)]);
	$('outbox-advice').textContent = advice;
	$('retry').hidden = n === 0;
}

async function showOverall() {
	const ul = $('recent');
	ul.textContent = '';
	try {
		const res = await host({ action: 'list', order: 'recent', limit: RECENT_SHOWN });
		if (!res.ok) throw Object.assign(new Error(res.error.message), { code: res.error.code });
		const accounts = res.result.accounts || [];
		$('total-count').textContent = msg('totalCount', [String(res.result.total)]);
		$('total-count').dataset.total = String(res.result.total);
		for (const a of accounts) ul.append(recordItem(a, true));
	} catch (e) {
		$('total-count').textContent = msg('cannotAsk', [reasonText(e.code) || e.message]);
	}
}

async function refresh() {
	await Promise.all([showSite(), showDue(), showOutbox(), showOverall()]);
	document.body.dataset.ready = '1';
}

async function retry() {
	document.body.dataset.ready = '';
	try { await askBackground({ type: 'leaktrace:flush' }); } catch (e) { /* shown below */ }
	await refresh();
}

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
	$('exclude').textContent = msg('excluded', [site]);
	$('exclude').disabled = true;
}

async function init() {
	localizePage(document);
	$('manual').addEventListener('submit', recordByHand);
	$('retry').addEventListener('click', retry);
	$('exclude').addEventListener('click', excludeSite);
	$('report-login').addEventListener('click', () => {
		$('report-explain').textContent = msg('reportExplain', [currentSite || '']);
		$('report-login').hidden = true;
		$('report-confirm').hidden = false;
		$('report-status').textContent = '';
		$('report-note').focus();
	});
	$('report-cancel').addEventListener('click', () => showReportButton(true));
	$('report-send').addEventListener('click', reportLogin);
	$('open-options').addEventListener('click', (e) => {
		e.preventDefault();
		api.runtime.openOptionsPage();
		window.close();
	});
	try { currentTab = await currentTabInfo(); } catch (e) { currentTab = null; }
	const o = await loadOptions();
	if (currentTab && pageUrl(currentTab.url || '') && hostExcluded(new URL(currentTab.url).hostname, o.exclusions)) {
		$('exclude').textContent = msg('alreadyExcluded');
		$('exclude').disabled = true;
	}
	api.storage.onChanged.addListener((changes, area) => {
		if ((area === 'local' || area === 'session') && Object.keys(changes).some((k) => k.startsWith(OUTBOX_PREFIX) || k === STATE_KEY)) showOutbox();
	});
	await showOutbox();
	await retry(); // opening the popup is also a retry
}

init();
