// SPDX-License-Identifier: MIT
/* options.js: pause, per-site exclusions, signup-only, the alias offer and its base, default phone region.
 * Every change is saved at once to storage.local ("options"); the content
 * script reads them when a page loads and the background again before it
 * delivers, so a tab opened before the change cannot slip past it.
 */
'use strict';

const $ = (id) => document.getElementById(id);
let opts = defaultOptions();

function said(text) {
	$('saved').textContent = text;
}

async function save() {
	await saveOptions(opts);
	opts = await loadOptions();
	render();
	said(msg('optSaved'));
}

function render() {
	$('paused').checked = opts.paused;
	$('signup-only').checked = opts.signupOnly;
	$('alias-offer').checked = opts.aliasOffer;
	$('region').value = opts.region;
	$('region-auto').textContent = opts.region ? '' : msg('optRegionAuto', [regionHints().join(', ') || '—']);
	const ul = $('exclusions');
	ul.textContent = '';
	if (!opts.exclusions.length) {
		const li = document.createElement('li');
		li.className = 'muted';
		li.textContent = msg('optNoExclusions');
		ul.append(li);
	}
	for (const site of opts.exclusions) {
		const li = document.createElement('li');
		li.dataset.site = site;
		const b = document.createElement('button');
		b.type = 'button';
		b.textContent = msg('optRemove');
		b.addEventListener('click', () => {
			opts.exclusions = opts.exclusions.filter((s) => s !== site);
			save();
		});
		li.append(site, b);
		ul.append(li);
	}
}

/* What a typed exclusion means: a host name, taken from a URL if one was pasted. */
function siteFromInput(text) {
	let s = text.trim().toLowerCase();
	if (!s) return '';
	try { if (/^[a-z]+:\/\//.test(s)) s = new URL(s).hostname; } catch (e) { return ''; }
	s = s.replace(/^\*\./, '').replace(/\/.*$/, '').replace(/\.$/, '');
	return /^[a-z0-9.-]+$|^[^\s/]+$/.test(s) ? s : '';
}

async function hostStatus() {
	try {
		const res = await askBackground({ type: 'leaktrace:host', request: { action: 'ping' } });
		if (!res.ok) throw Object.assign(new Error(res.error.message), { code: res.error.code });
		const k = res.result.keyring;
		$('host-status').textContent = msg('hostOk', [res.result.version]) + ' ' +
			(k === 'ok' ? msg('keyringOk') : msg('reason_keyring_' + k));
		$('host-status').dataset.keyring = k;
	} catch (e) {
		$('host-status').textContent = msg('reason_' + (e.code || 'host_error')) + ' — ' + msg('advice_' + (e.code || 'host_error'));
		$('host-status').dataset.keyring = e.code || 'host_error';
	}
}

/* The alias base lives in the keyring (the host's alias_base action), never
 * in the browser: shown, set and cleared here. */
function showAliasBase(r) {
	$('alias-base').value = r.base || '';
	$('alias-shape').textContent = r.base ? msg('optAliasShape', [r.shape]) : msg('optAliasNone');
	$('alias-shape').dataset.shape = r.base ? r.shape : '';
	const provider = r.unverified_provider || r.reported_provider;
	$('alias-warning').hidden = !provider;
	$('alias-warning').dataset.delivery = r.unverified_provider ? 'unverified' : r.reported_provider ? 'reported' : '';
	$('alias-warning').textContent = r.unverified_provider ? msg('optAliasUnverified', [r.unverified_provider])
		: r.reported_provider ? msg('optAliasReported', [r.reported_provider]) : '';
}

async function aliasBase(request) {
	try {
		const res = await askBackground({ type: 'leaktrace:host', request: Object.assign({ action: 'alias_base' }, request) });
		if (!res.ok) throw Object.assign(new Error(res.error.message), { code: res.error.code });
		showAliasBase(res.result);
		if (request.base || request.clear) said(msg('optSaved'));
	} catch (e) {
		$('alias-shape').textContent = e.code === 'bad_identifier' ? msg('optAliasBad') : msg('reason_' + (e.code || 'host_error'));
		$('alias-shape').dataset.shape = '';
	}
}

async function init() {
	localizePage(document);
	opts = await loadOptions();
	render();
	$('paused').addEventListener('change', (e) => {
		opts.paused = e.target.checked;
		opts.pausedAt = e.target.checked ? Date.now() : 0;
		save();
	});
	$('signup-only').addEventListener('change', (e) => { opts.signupOnly = e.target.checked; save(); });
	$('alias-offer').addEventListener('change', (e) => { opts.aliasOffer = e.target.checked; save(); });
	$('region').addEventListener('change', (e) => {
		const v = e.target.value.trim();
		if (v && !/^[A-Za-z]{2}$/.test(v)) { said(msg('optRegionBad')); return; }
		opts.region = v.toUpperCase();
		save();
	});
	$('add-exclusion').addEventListener('submit', (e) => {
		e.preventDefault();
		const s = siteFromInput($('exclusion').value);
		if (!s) return;
		if (!opts.exclusions.includes(s)) opts.exclusions.push(s);
		$('exclusion').value = '';
		save();
	});
	$('alias-form').addEventListener('submit', (e) => {
		e.preventDefault();
		const v = $('alias-base').value.trim();
		if (v) aliasBase({ base: v });
	});
	$('alias-clear').addEventListener('click', () => aliasBase({ clear: true }));
	await Promise.all([hostStatus(), aliasBase({})]);
	if (location.hash === '#alias') $('alias-base').focus();
	document.body.dataset.ready = '1';
}

init();
