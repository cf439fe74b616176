/* content.js: notices the moment a page is given one of the person's identifiers.
 *
 * It runs in every http(s) frame, so its standing cost must be near zero: it
 * only adds four capture listeners on the window (submit, click, keydown, and
 * focusin to fetch the options once a field is used, and to offer a leaktrace
 * alias in a signup form's email field). No MutationObserver, no
 * scan of the page, no
 * field is read until the person submits something themselves
 * (event.isTrusted): a form submit, or the click / Enter that sends a form-less
 * single-page-app form.
 *
 * What it records comes from two places that the page cannot forge:
 *   - the site: this frame's own `location` as the browser gives it to the
 *     content script (never <base>, a form action, or any text on the page);
 *   - the identifiers: values of fields the person filled in.
 * Password fields are counted (two of them, or a new-password field, mean a
 * signup; a current-password field beside another, or three of them, a
 * password change) and read only once, at a trusted submit of a signup, login or
 * password-change form: the one password the site holds from then on (the new
 * one on a change). It goes to the background in a runtime message of its
 * own, never into storage, the DOM or a log; the background hands it to the
 * host with that event's record (the host keeps a keyed fingerprint, never the
 * password) if it still holds it in memory, and forgets it either way.
 *
 * The event is written straight into the outbox in storage.local, one key per
 * event. A message to the background would be lost when the page navigates
 * away right after the submit; a storage write started in the submit handler
 * is not. The background delivers from the outbox and removes the event only
 * once the host confirms it is in the keyring. The message sent afterwards is
 * only a nudge to wake the background sooner. The outbox entry says only that
 * a password went alongside (hasPassword), so the background waits a moment
 * for it; if it never comes, the event is delivered without it.
 *
 * A password-change form that holds no identifier (many do not) writes no
 * outbox entry: the password alone goes to the background, which records it
 * against the site's one recorded account, or drops it.
 */
(() => {
	'use strict';
	const started = performance.now();
	if (location.protocol !== 'http:' && location.protocol !== 'https:') return;
	if (window.__leaktraceContent) return; // injected twice (reload of the extension)
	window.__leaktraceContent = true;

	/* The extension API object is only touched once a field is used: in
	 * Firefox its first use in a frame costs milliseconds. */
	let apiObject = null;
	const api = () => apiObject || (apiObject = globalThis.browser || globalThis.chrome);
	/* The e2e suite switches this on in its copy of the extension to read the
	 * figures below; the shipped extension adds no message listener to pages. */
	const PERF_HOOK = false;
	const OUTBOX_PREFIX = 'outbox:'; // same as common.js
	const OPTIONS_KEY = 'options'; // same as common.js
	const DEDUP_MS = 4000;

	/* Own cost, for the e2e performance figures (read by an extension page
	 * through tabs.sendMessage when PERF_HOOK is on; never visible to the page). */
	const perf = { init: 0, handled: [] };

	/* The options are read when the person first focuses a field (or at the
	 * latest on submit), not at load: the first storage call in a frame costs
	 * milliseconds, and most frames never see a form. */
	let options = null;
	let optionsReady = null;
	function loadOptions() {
		if (!optionsReady) {
			optionsReady = api().storage.local.get(OPTIONS_KEY).then(
				(r) => { options = r[OPTIONS_KEY] || {}; },
				() => { options = {}; });
		}
		return optionsReady;
	}

	let last = { sig: '', at: 0 };

	/* ---- what a field is -------------------------------------------------- */

	const EMAIL_H = /e-?mail|邮箱|邮件|電郵|郵箱|電子郵件|电子邮件/i;
	const PHONE_H = /phone|mobile|(?:^|[^a-z])tel(?:$|[^a-z])|cell|手机|电话|手機|電話|号码|號碼/i;
	const USER_H = /user[\s_-]?name|(?:^|[^a-z])(?:user|login|account)(?:$|[^a-z])|用户名|用戶名|账号|帳號|账户|帐号|帳戶|会员名/i;
	const CODE_H = /one-time-code|(?:^|[^a-z])otp(?:$|[^a-z])|验证码|校验码|动态码|驗證碼|verification[\s_-]?code|sms[\s_-]?code|(?:^|[^a-z])code(?:$|[^a-z])|captcha/i;
	const PASSWORD_H = /passw|pwd|密码|密碼/i;
	/* Which password a field holds, when autocomplete does not say. */
	const CURRENT_PW_H = /(?:^|[^a-z])(?:old|current|existing|present)(?:$|[^a-z])|当前|目前|旧|舊|原密|现在|現在|现用|現用/i;
	const NEW_PW_H = /(?:^|[^a-z])(?:new|confirm|repeat|again|retype|verify)(?:$|[^a-z])|新密|新的|确认|確認|再次|重复|重複/i;
	const PASSWORD_MAX_BYTES = 4096; // PROTOCOL.md, record.password
	const SEARCH_H = /search|搜索|搜尋|(?:^|[^a-z])q(?:$|[^a-z])/i;
	const CARD_AC = /^cc-|cc-number|cc-csc/;

	const SIGNUP = /sign[\s_-]?up|register|registration|create[\s_-](?:an[\s_-]|your[\s_-]|new[\s_-])?account|join[\s_-](?:now|us|free)|注册|註冊|创建账户|创建帐户|建立帳戶|開戶|开户/i;
	const LOGIN = /log[\s_-]?in|sign[\s_-]?in|登录|登入|登錄|登陆|登陸/i;
	const CHECKOUT = /check[\s_-]?out|place[\s_-]order|pay[\s_-]now|payment|billing|shipping|结算|結算|支付|付款|下单|收货/i;
	const NEWSLETTER = /newsletter|subscribe|mailing[\s_-]list|订阅|訂閱|邮件列表/i;
	const NOT_A_SEND = /show|hide|reveal|toggle|clear|cancel|close|back|显示|隐藏|顯示|隱藏|查看|清除|取消|关闭|關閉|返回|上一步/i;

	const SKIP_TYPES = new Set(['hidden', 'checkbox', 'radio', 'submit', 'button', 'image', 'reset',
		'file', 'range', 'color', 'date', 'datetime-local', 'month', 'week', 'time', 'search']);

	function text(node, max) {
		return node ? String(node.textContent || '').replace(/\s+/g, ' ').trim().slice(0, max) : '';
	}

	/* The field's own description (attributes and labels), and, only when that
	 * says nothing, the words next to it ("<span>手机号</span><input>"). */
	function hints(el, labels) {
		let own = [el.name, el.id, el.getAttribute('placeholder'), el.getAttribute('aria-label'),
			el.getAttribute('autocomplete'), el.getAttribute('title')].join(' ');
		const l = labels.get(el);
		if (l) own += l;
		const by = el.getAttribute('aria-labelledby');
		if (by) for (const id of by.split(/\s+/)) own += ' ' + text(document.getElementById(id), 80);
		let near = '';
		const prev = el.previousElementSibling;
		if (prev && prev.tagName !== 'INPUT' && prev.tagName !== 'BUTTON') near += ' ' + text(prev, 40);
		const parent = el.parentElement;
		if (!near.trim() && parent && parent.childElementCount <= 3) near += ' ' + text(parent, 60);
		return { own, near };
	}

	function looksEmail(v) {
		return /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/.test(v);
	}

	function looksPhone(v) {
		if (!/^\+?[\d\s\-().]{6,24}$/.test(v)) return false;
		const n = v.replace(/\D/g, '').length;
		return n >= 6 && n <= 15;
	}

	function fieldsOf(container) {
		if (container.tagName === 'FORM') return Array.from(container.elements);
		return Array.from(container.querySelectorAll('input, select, textarea'));
	}

	/* Label texts by control, in one pass (el.labels searches the whole
	 * document on every call: quadratic on a long form). */
	function labelMap(container) {
		const map = new Map();
		const scope = container.tagName === 'FORM' ? container.ownerDocument : container;
		for (const l of scope.querySelectorAll('label')) {
			const c = l.control;
			if (c) map.set(c, (map.get(c) || '') + ' ' + text(l, 80));
		}
		return map;
	}

	/* "current", "new" or "" for a password field: autocomplete first, then its
	 * own words (camelCase split, so "oldPassword" reads "old Password"). */
	function passwordRole(el, ac, labels) {
		if (ac.includes('current-password')) return 'current';
		if (ac.includes('new-password')) return 'new';
		const h = hints(el, labels).own.replace(/([a-z])([A-Z])/g, '$1 $2');
		if (CURRENT_PW_H.test(h)) return 'current';
		if (NEW_PW_H.test(h)) return 'new';
		return '';
	}

	/* Reads the identifiers a container holds and the signals that classify it.
	 * Password fields are returned as elements with their role; their values
	 * are not read here. */
	function extract(container, noValues) {
		const sig = { pw: 0, newPw: 0, curPw: 0, code: false, card: false, textInputs: 0, prefix: '' };
		const found = {};
		const pwFields = [];
		let labels = null;
		for (const el of fieldsOf(container)) {
			if (el.tagName === 'SELECT') {
				if (!sig.prefix && el.selectedIndex >= 0) {
					const o = el.options[el.selectedIndex];
					const m = /^\s*\+\s?(\d{1,4})\b/.exec(o ? (o.value || '') + ' ' + o.text : '') ||
						/\(\+(\d{1,4})\)|\s\+(\d{1,4})\s*$/.exec(o ? o.text : '');
					if (m) sig.prefix = '+' + (m[1] || m[2]);
				}
				continue;
			}
			if (el.tagName !== 'INPUT' || el.disabled) continue;
			const type = (el.getAttribute('type') || 'text').toLowerCase();
			const ac = (el.getAttribute('autocomplete') || '').toLowerCase();
			if (type === 'password' || ac.includes('password')) { // counted; read only at send (passwordField)
				if (!labels) labels = labelMap(container);
				const role = passwordRole(el, ac, labels);
				sig.pw++;
				if (role === 'new') sig.newPw++;
				if (role === 'current') sig.curPw++;
				pwFields.push({ el, role });
				continue;
			}
			if (CARD_AC.test(ac)) { sig.card = true; continue; }
			if (ac.includes('one-time-code')) { sig.code = true; continue; }
			if (SKIP_TYPES.has(type)) continue;
			sig.textInputs++;
			if (!labels) labels = labelMap(container);
			const h = hints(el, labels);
			const words = CODE_H.test(h.own) || EMAIL_H.test(h.own) || PHONE_H.test(h.own) ||
				USER_H.test(h.own) || SEARCH_H.test(h.own) ? h.own : h.own + ' ' + h.near;
			if (PASSWORD_H.test(h.own)) continue; // a password shown as text: still never read
			if (CODE_H.test(words)) { sig.code = true; continue; }
			if (SEARCH_H.test(words) && !EMAIL_H.test(words)) continue;
			if (noValues) { // classifying a form at a field's focus: no value is read
				if (type === 'tel' || ac.startsWith('tel') || PHONE_H.test(words)) sig.phoneField = true;
				continue;
			}
			const value = String(el.value || '').trim();
			if (!value || value.length > 256) continue;
			const emailHint = type === 'email' || ac.includes('email') || EMAIL_H.test(words);
			const phoneHint = type === 'tel' || ac.startsWith('tel') || PHONE_H.test(words);
			const userHint = ac.includes('username') || USER_H.test(words);
			let kind = null;
			if (looksEmail(value) && (emailHint || userHint || phoneHint)) kind = 'email';
			else if (looksPhone(value) && phoneHint) kind = 'phone';
			else if (userHint && !emailHint && !phoneHint && !/\s/.test(value)) kind = 'username';
			if (kind && !found[kind]) found[kind] = value;
		}
		if (found.phone && sig.prefix && !/^(\+|00)/.test(found.phone)) found.phone = sig.prefix + ' ' + found.phone;
		const identifiers = [];
		for (const kind of ['email', 'phone', 'username']) if (found[kind]) identifiers.push({ kind, value: found[kind] });
		sig.phone = !!found.phone || !!sig.phoneField;
		sig.onlyEmail = !!found.email && !found.phone && sig.pw === 0 && sig.textInputs <= 2;
		/* A password change: the current password beside another one, or three
		 * password fields (current, new, repeat) whatever their words say. */
		sig.change = (sig.curPw > 0 && sig.pw >= 2) || sig.pw >= 3;
		return { identifiers, sig, pwFields };
	}

	function labelOf(el) {
		if (!el) return '';
		return [text(el, 80), el.value && el.tagName === 'INPUT' ? el.value : '', el.getAttribute('aria-label'),
			el.name, el.id].join(' ');
	}

	/* Headings and buttons in (or just before) the container: the words a
	 * person reads to know what the form is for. Links are left out: a login
	 * form usually carries a "Sign up" link. */
	function wordsAround(container) {
		let s = '';
		for (const el of container.querySelectorAll('h1, h2, h3, h4, legend, [role=heading]')) s += ' ' + text(el, 80);
		let prev = container.previousElementSibling;
		for (let i = 0; prev && i < 3; i++, prev = prev.previousElementSibling)
			if (/^H[1-4]$/.test(prev.tagName)) { s += ' ' + text(prev, 80); break; }
		if (container.tagName === 'FORM') s += ' ' + [container.id, container.name, container.className].join(' ');
		return s;
	}

	function buttonsIn(container) {
		let s = '';
		for (const el of container.querySelectorAll('button, input[type=submit], input[type=button], [role=button]'))
			s += ' ' + labelOf(el);
		return s;
	}

	function classify(container, submitter, sig) {
		const btn = labelOf(submitter);
		const around = wordsAround(container);
		const where = location.hostname + ' ' + location.pathname;
		if (sig.change) return 'other'; // a password change: PROTOCOL.md has no capture of its own for it
		if (sig.newPw || sig.pw >= 2) return 'signup';
		if (SIGNUP.test(btn)) return 'signup';
		if (LOGIN.test(btn)) return sig.phone && sig.code ? 'otp-login' : 'login';
		if (SIGNUP.test(around) || SIGNUP.test(where)) return 'signup';
		if (sig.phone && sig.code) return 'otp-login';
		if (sig.pw === 1 || LOGIN.test(around) || LOGIN.test(where)) return 'login';
		if (sig.card || CHECKOUT.test(btn + around + where)) return 'checkout';
		if (NEWSLETTER.test(btn + around + where) && sig.onlyEmail) return 'newsletter';
		const buttons = buttonsIn(container);
		if (SIGNUP.test(buttons)) return 'signup';
		if (LOGIN.test(buttons)) return 'login';
		if (NEWSLETTER.test(buttons) && sig.onlyEmail) return 'newsletter';
		return 'other';
	}

	/* The field holding the password the site keeps after this submit: the new
	 * one on a change or signup, the only (or current) one on a login. None for
	 * any other kind of form. */
	function passwordField(capture, sig, pwFields) {
		if (!pwFields.length) return null;
		if (sig.change) {
			const n = pwFields.find((f) => f.role === 'new') ||
				(sig.curPw ? pwFields.find((f) => f.role !== 'current') : pwFields[1]);
			return n ? n.el : null;
		}
		if (capture === 'signup') { // the first one; a second is its repetition
			const f = pwFields.find((x) => x.role !== 'current');
			return f ? f.el : null;
		}
		if (capture === 'login') {
			if (pwFields.length === 1) return pwFields[0].el;
			const c = pwFields.find((f) => f.role === 'current');
			return c ? c.el : null;
		}
		return null;
	}

	/* The one read of a password value. */
	function readPassword(el) {
		if (!el) return null;
		const v = String(el.value || '');
		if (!v || new TextEncoder().encode(v).length > PASSWORD_MAX_BYTES) return null;
		return v;
	}

	/* ---- policy, then the outbox ---------------------------------------- */

	function allowed(capture, o) {
		if (o.paused) return false;
		const h = location.hostname.toLowerCase();
		if (Array.isArray(o.exclusions) && o.exclusions.some((s) => h === s || h.endsWith('.' + s))) return false;
		if (o.signupOnly && capture !== 'signup' && capture !== 'otp-login') return false;
		return true;
	}

	/* The top page, kept in the record of a form inside a frame. Only its origin
	 * is known here (ancestorOrigins, else the referrer the browser sent when
	 * the frame loaded); the host keeps only the top site anyway. */
	function topUrl() {
		if (window === window.top) return undefined;
		try {
			const ao = location.ancestorOrigins;
			if (ao && ao.length) return ao[ao.length - 1] + '/';
			if (document.referrer) return new URL(document.referrer).origin + '/';
		} catch (e) { /* no top known */ }
		return undefined;
	}

	/* The password is posted first, in a message of its own, then the entry
	 * (which never holds it) is written; the background pairs them by id. */
	function write(entry, password) {
		const key = OUTBOX_PREFIX + entry.id;
		if (password) {
			entry.hasPassword = true;
			api().runtime.sendMessage({ type: 'leaktrace:password', id: entry.id, password }).catch(() => {});
			password = null;
		}
		api().storage.local.set({ [key]: entry }).then(() => {
			api().runtime.sendMessage({ type: 'leaktrace:kick' }).catch(() => {});
		}, () => {});
	}

	/* A password change with no identifier in the form: only the password goes,
	 * for the site's one recorded account (the background checks there is one). */
	function sendChangeOnly(password) {
		api().runtime.sendMessage({ type: 'leaktrace:password-change', title: String(document.title || '').slice(0, 1024),
			password }).catch(() => {});
	}

	function handle(container, submitter) {
		const t = performance.now();
		if (options && options.paused) return;
		const { identifiers, sig, pwFields } = extract(container);
		const changeOnly = !identifiers.length && sig.change;
		if (!identifiers.length && !changeOnly) { perf.handled.push(performance.now() - t); return; }
		const signature = changeOnly ? 'change:' + pwFields.length : identifiers.map((i) => i.kind + ':' + i.value).join('\n');
		const now = Date.now();
		if (signature === last.sig && now - last.at < DEDUP_MS) return;
		last = { sig: signature, at: now };
		const capture = classify(container, submitter, sig);
		let password = readPassword(passwordField(capture, sig, pwFields));
		if (changeOnly) {
			perf.handled.push(performance.now() - t);
			if (!password) return;
			const go = () => { if (allowed(capture, options)) sendChangeOnly(password); password = null; };
			if (options) go(); else loadOptions().then(go);
			return;
		}
		const r = new Uint32Array(2);
		crypto.getRandomValues(r);
		const entry = {
			v: 1,
			id: now.toString(36) + '-' + r[0].toString(36) + r[1].toString(36),
			created: now,
			url: location.origin + location.pathname,
			title: String(document.title || '').slice(0, 1024),
			identifiers,
			capture,
		};
		const top = topUrl();
		if (top) entry.top_url = top;
		perf.handled.push(performance.now() - t);
		const go = () => { if (allowed(capture, options)) write(entry, password); password = null; };
		if (options) go(); else loadOptions().then(go);
	}

	/* ---- the alias offer (issue 4) ---------------------------------------- */

	/* When the person focuses the email field of a signup form (and the options
	 * allow it, and the host answers), a small button goes after the field, in
	 * a closed shadow root: the page can see that it is there, not read or
	 * press it (only a trusted click counts). The click asks the background for
	 * the alias of this frame's site (the background takes the site from the
	 * sender's URL, never from the page) and fills the field; the alias is then
	 * recorded like anything typed when the form is sent. No base set: a short
	 * hint instead, and no offer again on this page. Host unreachable: none. */
	const alias = { state: 'none', text: '', noMore: false };
	const offered = new WeakSet();
	let offerHost = null;

	function isEmailField(el, container) {
		if (el.disabled || el.readOnly) return false;
		const type = (el.getAttribute('type') || 'text').toLowerCase();
		const ac = (el.getAttribute('autocomplete') || '').toLowerCase();
		if (type === 'password' || ac.includes('password') || SKIP_TYPES.has(type)) return false;
		if (type === 'email' || ac.includes('email')) return true;
		if (type !== 'text') return false;
		const h = hints(el, labelMap(container)).own;
		return EMAIL_H.test(h) && !PASSWORD_H.test(h) && !CODE_H.test(h);
	}

	function removeOffer() {
		if (offerHost) offerHost.remove();
		offerHost = null;
	}

	const OFFER_CSS = 'all: initial; font: 12px/1.4 system-ui, sans-serif; border-radius: 4px; padding: 1px 6px; ';

	function showOffer(field) {
		removeOffer();
		const host = document.createElement('leaktrace-alias');
		host.style.cssText = 'all: initial !important; display: inline-block !important; margin: 2px 4px !important; ' +
			'vertical-align: middle !important; visibility: visible !important; opacity: 1 !important;';
		const root = host.attachShadow({ mode: 'closed' });
		const b = document.createElement('button');
		b.type = 'button';
		b.textContent = api().i18n.getMessage('aliasOffer');
		b.style.cssText = OFFER_CSS + 'color: #0b4f57; background: #eef7f8; border: 1px solid #9cc7cc; cursor: pointer;';
		b.addEventListener('click', (e) => {
			e.stopPropagation();
			if (e.isTrusted && !b.disabled) useAlias(field, root, b);
		});
		root.append(b);
		field.insertAdjacentElement('afterend', host);
		offerHost = host;
		alias.state = 'offer';
		alias.text = b.textContent;
	}

	function fill(field, value) {
		field.focus();
		Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(field, value);
		field.dispatchEvent(new Event('input', { bubbles: true }));
		field.dispatchEvent(new Event('change', { bubbles: true }));
	}

	function useAlias(field, root, b) {
		b.disabled = true;
		const none = () => { alias.noMore = true; removeOffer(); alias.state = 'none'; alias.text = ''; };
		api().runtime.sendMessage({ type: 'leaktrace:alias' }).then((r) => {
			if (r && typeof r.alias === 'string' && r.alias) {
				removeOffer();
				fill(field, r.alias);
				alias.state = 'filled';
				alias.text = '';
			} else if (r && r.error === 'not_found') {
				alias.noMore = true;
				const hint = document.createElement('span');
				hint.setAttribute('role', 'status');
				hint.textContent = api().i18n.getMessage('aliasNoBase');
				hint.style.cssText = OFFER_CSS + 'color: #4a3d00; background: #fff8d6; border: 1px solid #e0cf80;';
				b.replaceWith(hint);
				alias.state = 'hint';
				alias.text = hint.textContent;
			} else none();
		}, none);
	}

	/* At a trusted focus only: is this the email field of a signup form? The
	 * form is classified from its fields' kinds and words, no value read. */
	function maybeOffer(el) {
		if (alias.noMore || offered.has(el)) return;
		const c = containerOf(el);
		if (!c || !isEmailField(el, c)) return;
		if (classify(c, null, extract(c, true).sig) !== 'signup') return;
		offered.add(el);
		loadOptions().then(() => {
			if (!options || options.aliasOffer === false || !allowed('signup', options)) return null;
			return api().runtime.sendMessage({ type: 'leaktrace:alias-check' }).then((r) => {
				if (r && r.available && !alias.noMore && el.isConnected) showOffer(el);
			});
		}).catch(() => {});
	}

	/* ---- the three doors -------------------------------------------------- */

	function onSubmit(e) {
		if (!e.isTrusted || !(e.target instanceof HTMLFormElement)) return;
		handle(e.target, e.submitter || null);
	}

	/* The closest ancestor that holds a form field: a form-less "form". */
	function containerOf(el) {
		if (el.form) return el.form;
		const f = el.closest('form');
		if (f) return f;
		for (let n = el.parentElement, i = 0; n && n !== document.documentElement && i < 12; n = n.parentElement, i++)
			if (n.querySelector('input:not([type=hidden]):not([type=checkbox]):not([type=radio])')) return n;
		return null;
	}

	function onClick(e) {
		if (!e.isTrusted || e.button !== 0 || !(e.target instanceof Element)) return;
		const el = e.target.closest('button, input[type=submit], input[type=button], input[type=image], [role=button]');
		if (!el || el.disabled) return;
		if (el.type === 'reset' || el.hasAttribute('aria-pressed') || el.hasAttribute('aria-expanded')) return;
		if (NOT_A_SEND.test(labelOf(el))) return;
		const c = containerOf(el);
		if (c) handle(c, el);
	}

	function onKeydown(e) {
		if (!e.isTrusted || e.key !== 'Enter' || e.isComposing || e.keyCode === 229) return;
		const el = e.target;
		if (!(el instanceof HTMLInputElement) || SKIP_TYPES.has(el.type)) return;
		const c = containerOf(el);
		if (c) handle(c, null);
	}

	function onFocusin(e) {
		if (!e.isTrusted) return;
		if (!optionsReady && (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement)) loadOptions();
		if (e.target instanceof HTMLInputElement) maybeOffer(e.target);
	}

	window.addEventListener('focusin', onFocusin, true);
	window.addEventListener('submit', onSubmit, true);
	window.addEventListener('click', onClick, true);
	window.addEventListener('keydown', onKeydown, true);

	perf.init = performance.now() - started;

	if (PERF_HOOK) {
		api().runtime.onMessage.addListener((message, sender, sendResponse) => {
			if (message && message.type === 'leaktrace:perf' && sender.id === api().runtime.id) {
				sendResponse({ init: perf.init, handled: perf.handled.slice(), frame: window === window.top ? 'top' : 'sub',
					alias: { state: alias.state, text: alias.text } });
			}
			return false;
		});
	}
})();
