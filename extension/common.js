// SPDX-License-Identifier: MIT
/* common.js: what the background, the popup and the options page share.
 *
 * The outbox lives in storage.local as one key per event ("outbox:<id>") rather
 * than one array, so two frames (or a frame and the popup) writing at the same
 * moment can never overwrite each other's event. The content script cannot load
 * this file cheaply on every page, so it repeats the two constants it needs
 * (OUTBOX_PREFIX and OPTIONS_KEY); keep them in step.
 *
 * Nothing here keeps identifiers: options hold switches, a region and the
 * excluded sites; the delivery state holds an error code, the host's message
 * and counters.
 */
'use strict';

var api = globalThis.browser || globalThis.chrome;

var HOST_NAME = 'org.leaktrace.host';
var OUTBOX_PREFIX = 'outbox:';
var OPTIONS_KEY = 'options';
var STATE_KEY = 'deliveryState';

var CAPTURES = ['signup', 'login', 'otp-login', 'newsletter', 'checkout', 'other', 'manual', 'import'];
var KINDS = ['email', 'phone', 'username'];

/* How the background reacts to each host error code (PROTOCOL.md, last column):
 * "drop" removes the event (it can never succeed), anything else keeps it. */
var DROP_CODES = new Set(['bad_frame', 'too_large', 'bad_utf8', 'bad_json', 'bad_request',
	'unknown_action', 'bad_site', 'bad_identifier', 'no_identifier', 'bad_region', 'bad_time',
	'corrupt_record']);

/* Reasons an event waits, and whether the person has to act. The first five are
 * the host's own codes; host_* come from the browser's native messaging layer. */
var WAIT_REASONS = ['keyring_locked', 'keyring_unavailable', 'keyring_error', 'lock_failed',
	'forbidden_caller', 'host_missing', 'host_exited', 'host_timeout', 'host_error'];

function defaultOptions() {
	return { paused: false, pausedAt: 0, signupOnly: false, aliasOffer: true, region: '', exclusions: [] };
}

function normalizeOptions(raw) {
	const o = Object.assign(defaultOptions(), raw && typeof raw === 'object' ? raw : {});
	o.paused = !!o.paused;
	o.signupOnly = !!o.signupOnly;
	o.aliasOffer = o.aliasOffer !== false;
	o.region = /^[A-Za-z]{2}$/.test(o.region || '') ? o.region.toUpperCase() : '';
	o.exclusions = Array.isArray(o.exclusions) ?
		o.exclusions.filter((s) => typeof s === 'string' && s).map((s) => s.toLowerCase()) : [];
	return o;
}

async function loadOptions() {
	const r = await api.storage.local.get(OPTIONS_KEY);
	return normalizeOptions(r[OPTIONS_KEY]);
}

async function saveOptions(o) {
	await api.storage.local.set({ [OPTIONS_KEY]: normalizeOptions(o) });
}

/* The regions of the browser's languages ("zh-CN" -> "CN"), the UI language
 * first, at most four. Sent as hints only (region_hints): the person's region
 * in the options is the one choice; without it the host's LEAKTRACE_REGION
 * comes before these (PROTOCOL.md, "Phone region"). */
function regionHints() {
	const langs = [api.i18n.getUILanguage()].concat(typeof navigator !== 'undefined' && navigator.languages ? navigator.languages : []);
	const out = [];
	for (const l of langs) {
		const m = /^[a-z]{2,3}[-_]([A-Za-z]{2})(?:$|[-_])/.exec(l || '');
		if (m && !out.includes(m[1].toUpperCase())) out.push(m[1].toUpperCase());
	}
	return out.slice(0, 4);
}

/* "shop-a.test" excludes shop-a.test and every host under it. Entries are the
 * registrable domain the host reported (or a host name typed by the person), so
 * no public-suffix list is needed here. */
function hostExcluded(hostname, exclusions) {
	const h = String(hostname || '').toLowerCase().replace(/\.$/, '');
	return exclusions.some((s) => h === s || h.endsWith('.' + s));
}

/* Signup-only mode keeps signups and SMS-code logins (which register you on
 * the sites that use them) and anything the person recorded by hand. */
function captureAllowed(capture, options) {
	return !options.signupOnly || capture === 'signup' || capture === 'otp-login' || capture === 'manual';
}

/* A page URL without query and fragment: the host strips them too, but they
 * should not even sit in the outbox (they can carry tokens or identifiers). */
function pageUrl(href) {
	try {
		const u = new URL(href);
		if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
		return u.origin + u.pathname;
	} catch (e) {
		return null;
	}
}

function newEventId() {
	const r = new Uint32Array(2);
	crypto.getRandomValues(r);
	return Date.now().toString(36) + '-' + r[0].toString(36) + r[1].toString(36);
}

/* Validates an outbox entry before it is sent; anything malformed is dropped. */
function validEntry(e) {
	if (!e || typeof e !== 'object' || e.v !== 1) return false;
	if (typeof e.url !== 'string' || e.url.length > 4096 || !pageUrl(e.url)) return false;
	if (!CAPTURES.includes(e.capture)) return false;
	if (!Array.isArray(e.identifiers) || e.identifiers.length < 1 || e.identifiers.length > 3) return false;
	const seen = new Set();
	for (const i of e.identifiers) {
		if (!i || !KINDS.includes(i.kind) || seen.has(i.kind)) return false;
		if (typeof i.value !== 'string' || !i.value || i.value.length > 256) return false;
		seen.add(i.kind);
	}
	return true;
}

function msg(key, subs) {
	return api.i18n.getMessage(key, subs) || key;
}

/* Fills every element carrying data-i18n (text), data-i18n-placeholder or
 * data-i18n-title from _locales. */
function localizePage(doc) {
	doc.documentElement.lang = (api.i18n.getUILanguage() || 'en').replace('_', '-');
	for (const el of doc.querySelectorAll('[data-i18n]')) el.textContent = msg(el.dataset.i18n);
	for (const el of doc.querySelectorAll('[data-i18n-placeholder]'))
		el.placeholder = msg(el.dataset.i18nPlaceholder);
	for (const el of doc.querySelectorAll('[data-i18n-title]')) el.title = msg(el.dataset.i18nTitle);
}

/* Asks the background to run a host request for an extension page. */
async function askBackground(message) {
	const r = await api.runtime.sendMessage(message);
	if (r && r.failure) {
		const err = new Error(r.failure.message || r.failure.code);
		err.code = r.failure.code;
		throw err;
	}
	return r;
}
