// SPDX-License-Identifier: MIT
/* content.js: notices the moment a page is given one of the person's identifiers.
 *
 * It runs in every http(s) frame, so its standing cost must be near zero: it
 * only adds capture listeners on the window (input/change to note which
 * fields the person fills, submit, click, keydown, and focusin to fetch the
 * options once a field is used and to offer a leaktrace alias in a signup
 * form's email field). No MutationObserver, no scan of the page; a click or
 * an Enter costs nothing until the person has typed into a field.
 *
 * A send is any trusted way a page sends a form: a <form> submit; a click on
 * whatever acts as its send control, decided by what the control says (注册,
 * 立即注册, Sign up, Continue, Place order ...) and where it sits (after the
 * fields it sends), not by its tag: a <button>, <input type=button>,
 * role=button, an <a href="javascript:;">, a short <div>/<span>; Enter in a
 * field of a form-less group. Clicks and fields are followed through open
 * shadow roots (event.composedPath()). Values are read in the capture phase,
 * before the page's own handlers replace the form or change the route.
 *
 * What it records comes from two places that the page cannot forge:
 *   - the site: this frame's own `location` as the browser gives it to the
 *     content script (never <base>, a form action, or any text on the page);
 *   - the identifiers: values of fields that received trusted input (typing,
 *     paste, the browser's autofill) while on screen, and still hold what the
 *     person gave them; a value the page put in a field, hidden, off-screen
 *     or in plain view, before or after the person typed, is never read (an
 *     address's domain picked from the page's suggestions aside), nor a
 *     country code from a select that is hidden or that a script switched.
 * Password fields are counted (two of them, or a new-password field, mean a
 * signup; a current-password field beside another, or three of them, a
 * password change) and read only once, at a trusted submit of a signup, login or
 * password-change form: the one password the site holds from then on (the new
 * one on a change). It goes to the background in a runtime message of its
 * own, never into storage, the DOM or a log; the background hands it to the
 * host with that event's record (the host keeps a keyed fingerprint, never the
 * password) if it still holds it in memory, and forgets it either way. A
 * password sent alone (the second step of a two-step login) goes with the
 * identifiers this frame sent last, within ten minutes.
 *
 * The event goes to the background in a message, sent in the send's own
 * handler (before the page can navigate away); the background keeps it in
 * memory (storage.session) until the host confirms it is in the keyring, and
 * writes it to the profile only while the host cannot be reached. Only if no
 * background answers at all does this script write it to storage.local
 * itself. The entry says only that a password went alongside (hasPassword),
 * so the background waits a moment for it; if it never comes, the event is
 * delivered without it.
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

	/* The last send of this frame (memory only): a two-step login's second
	 * step (the password alone) goes with the identifiers of its first. */
	let last = { sig: '', at: 0, identifiers: null };
	const TWO_STEP_MS = 10 * 60 * 1000;

	/* ---- what the person typed --------------------------------------------- */

	/* Fields that received trusted input (typing, paste, the browser's
	 * autofill) while they were on screen. Only their values are ever read: a
	 * value the page put into a field, shown or hidden, is never recorded. */
	const touched = new Set();
	const TOUCHED_MAX = 200;
	/* Those typed into as password fields: still passwords when a "show
	 * password" switch has made them text fields since. */
	const typedAsPassword = new WeakSet();
	/* The value of each field as of the person's last trusted input: a field
	 * the page rewrote since (a script putting its own address in, after the
	 * person typed) no longer holds what the person gave, and is not read. */
	const given = new WeakMap();
	/* <select>s the person chose in (trusted change or input while on screen),
	 * with the option chosen: the only ones, with a visible select showing its
	 * page default, whose country code goes with a number. */
	const chosen = new WeakMap();

	function onScreen(el) {
		const r = el.getBoundingClientRect();
		if (r.width < 2 || r.height < 2 || r.right + window.scrollX <= 0 || r.bottom + window.scrollY <= 0) return false;
		return !el.checkVisibility || el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
	}

	function onInput(e) {
		if (!e.isTrusted) return;
		const el = e.composedPath()[0];
		if (el instanceof HTMLSelectElement) {
			if (onScreen(el)) chosen.set(el, el.selectedIndex);
			return;
		}
		if (!(el instanceof HTMLInputElement)) return;
		if (el.type === 'password') typedAsPassword.add(el);
		/* Every edit by the person fires "input"; a "change" with another value
		 * than the last input's carries what a script put there since. */
		if (e.type === 'input' || !given.has(el)) given.set(el, el.value);
		if (touched.has(el) || !onScreen(el)) return;
		if (touched.size >= TOUCHED_MAX) for (const t of touched) if (!t.isConnected) touched.delete(t);
		if (touched.size < TOUCHED_MAX) touched.add(el);
	}

	/* What a value reads as, formatting aside: a page may space out a number
	 * or lower-case an address as the person types, and still send what the
	 * person gave. */
	const plain = (v) => String(v || '').replace(/[\s\-().]/g, '').toLowerCase();

	/* The field's value if it is still what the person gave it, else ''. Two
	 * changes by the page are taken, in a field on screen: an address whose
	 * whole name part the person typed, not yet an address, completed with a
	 * domain (the "@qq.com / @163.com" list many sign-up pages show under the
	 * field); and a country calling code an input mask wrote in front of the
	 * digits the person typed ("13912345678" shown "+86 139 1234 5678"). */
	function givenValue(el) {
		const v = String(el.value || '');
		if (!given.has(el)) return '';
		const g = plain(given.get(el));
		const now = plain(v);
		if (g === now) return v;
		const at = now.indexOf('@');
		if (at > 0 && g.length >= at && now.startsWith(g) && !looksEmail(g) && looksEmail(v.trim()))
			return onScreen(el) ? v : '';
		return /^\d{6,15}$/.test(g) && /^\+\d{1,3}$/.test(now.slice(0, now.length - g.length)) && now.endsWith(g) && onScreen(el) ? v : '';
	}

	/* ---- the composed tree (open shadow roots included) --------------------- */

	function parentOf(n) {
		if (n.parentElement) return n.parentElement;
		const p = n.parentNode;
		return p && p.host ? p.host : null; // a shadow root's host
	}

	function inside(anc, el) {
		for (let n = el; n; n = parentOf(n)) if (n === anc) return true;
		return false;
	}

	/* Touched fields still in the page, inside `container`. */
	function touchedIn(container) {
		const out = [];
		for (const t of touched) {
			if (!t.isConnected) touched.delete(t);
			else if (inside(container, t)) out.push(t);
		}
		return out;
	}

	/* ---- what a field is -------------------------------------------------- */

	const EMAIL_H = /e-?mail|邮箱|邮件|電郵|郵箱|電子郵件|电子邮件/i;
	const PHONE_H = /phone|mobile|(?:^|[^a-z])tel(?:$|[^a-z])|cell|手机|电话|手機|電話|号码|號碼/i;
	const USER_H = /user[\s_-]?name|(?:^|[^a-z])(?:user|login|account)(?:$|[^a-z])|用户名|用戶名|账号|帳號|账户|帐号|帳戶|会员名/i;
	const POSTAL_H = /postal|post[\s_-]?code|zip|邮编|郵編|邮政编码|郵遞區號|郵政編碼/i;
	const ADDRESS_H = /address|street|city|邮寄|地址|收货人|收件人|街道|城市/i;
	const CODE_H = /one-time-code|(?:^|[^a-z])otp(?:$|[^a-z])|验证码|校验码|动态码|驗證碼|verification[\s_-]?code|sms[\s_-]?code|(?:^|[^a-z])code(?:$|[^a-z])|captcha/i;
	const PASSWORD_H = /passw|pwd|密码|密碼/i;
	/* Which password a field holds, when autocomplete does not say. */
	const CURRENT_PW_H = /(?:^|[^a-z])(?:old|current|existing|present)(?:$|[^a-z])|当前|目前|旧|舊|原密|现在|現在|现用|現用/i;
	const NEW_PW_H = /(?:^|[^a-z])(?:new|confirm|repeat|again|retype|verify)(?:$|[^a-z])|新密|新的|确认|確認|再次|重复|重複/i;
	const PASSWORD_MAX_BYTES = 4096; // PROTOCOL.md, record.password
	const SEARCH_H = /search|搜索|搜尋|(?:^|[^a-z])q(?:$|[^a-z])/i;
	const CARD_AC = /^cc-|cc-number|cc-csc/;

	const SIGNUP = /sign[\s_-]?up|register|registration|create[\s_-](?:(?:an?|your|new|free)[\s_-])*account|join[\s_-](?:now|us|free)|注册|註冊|创建账户|创建帐户|建立帳戶|開戶|开户/i;
	const LOGIN = /log[\s_-]?in|sign[\s_-]?in|登录|登入|登錄|登陆|登陸/i;
	const CHECKOUT = /check[\s_-]?out|place[\s_-](?:your[\s_-])?order|pay[\s_-]now|payment|billing|shipping|结算|結算|支付|付款|下单|提交订单|收货/i;
	const NEWSLETTER = /newsletter|subscribe|mailing[\s_-]list|订阅|訂閱|邮件列表/i;
	const RESET = /forgot|reset[\s_-]?(?:your[\s_-])?password|recover|找回|忘记密码|忘記密碼|重置密码|重設密碼/i;
	/* What a send control says; a control that says none of it is a send only
	 * when it submits a <form> itself. */
	const SEND = new RegExp([SIGNUP.source, LOGIN.source, CHECKOUT.source, NEWSLETTER.source,
		/continue|(?:^|[^a-z])(?:next|go|ok|done|start|join|save|send|submit|confirm|proceed)(?:$|[^a-z])|get[\s_-]started/.source,
		/提交|下一步|继续|繼續|确定|確定|确认|確認|完成|立即|发送|發送|保存|开始|開始|进入|進入/.source].join('|'), 'i');
	const NOT_A_SEND = /show|hide|reveal|toggle|clear|cancel|close|back|验证码|驗證碼|send[\s_-]?(?:the[\s_-]|a[\s_-])?code|get[\s_-]?(?:the[\s_-]|a[\s_-])?code|resend|显示|隐藏|顯示|隱藏|查看|清除|取消|关闭|關閉|返回|上一步/i;

	const SKIP_TYPES = new Set(['hidden', 'checkbox', 'radio', 'submit', 'button', 'image', 'reset',
		'file', 'range', 'color', 'date', 'datetime-local', 'month', 'week', 'time', 'search']);
	const FIELD_SEL = 'input:not([type=hidden]):not([type=button]):not([type=submit]):not([type=image]):not([type=reset])' +
		':not([type=checkbox]):not([type=radio]), textarea';

	function text(node, max) {
		if (!node) return '';
		// "注 册" (Ant Design spaces out two CJK characters) reads "注册"
		return String(node.textContent || '').replace(/\s+/g, ' ').replace(/([\u3400-\u9fff]) (?=[\u3400-\u9fff])/g, '$1')
			.trim().slice(0, max);
	}

	/* Text of elements named by id in an aria-* attribute, in the field's own tree. */
	function idrefText(el, attr) {
		const v = el.getAttribute(attr);
		if (!v) return '';
		const root = el.getRootNode();
		let s = '';
		for (const id of v.split(/\s+/).slice(0, 4))
			s += ' ' + text(root.getElementById ? root.getElementById(id) : document.getElementById(id), 80);
		return s;
	}

	/* The field's form-item row: the highest of its near ancestors that holds
	 * no other field (Ant Design's .ant-form-item, a Bootstrap row, a <div>
	 * with a <span> label). Its text, without buttons, links and menus, is
	 * where such layouts put the label. */
	function rowText(el) {
		let row = null;
		for (let n = el.parentElement, i = 0; n && i < 6; n = n.parentElement, i++) {
			if (n.tagName === 'FORM' || n === document.body || n.querySelectorAll(FIELD_SEL).length > 1) break;
			row = n;
		}
		if (!row) return '';
		const c = row.cloneNode(true);
		for (const x of c.querySelectorAll('button, a, select, [role=button], script, style')) x.remove();
		return text(c, 80);
	}

	/* The field's own description (attributes, autocomplete, labels, aria),
	 * and, only when that says nothing, the words around it: its row, or the
	 * element just before it ("<span>手机号</span><input>"). */
	function hints(el, labels) {
		let own = [el.name, el.id, el.getAttribute('placeholder'), el.getAttribute('aria-label'),
			el.getAttribute('autocomplete'), el.getAttribute('title')].join(' ');
		const l = labels(el);
		if (l) own += l;
		own += idrefText(el, 'aria-labelledby') + idrefText(el, 'aria-describedby');
		let near = '';
		const prev = el.previousElementSibling;
		if (prev && prev.tagName !== 'INPUT' && prev.tagName !== 'BUTTON' && prev.tagName !== 'SELECT') near += ' ' + text(prev, 40);
		if (!near.trim()) near += ' ' + rowText(el);
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

	/* The fields of a container: its own (a form's elements, or every field
	 * under it), and those in the open shadow roots its touched fields sit in. */
	function fieldsOf(container, mine) {
		const set = new Set(container.tagName === 'FORM' ? Array.from(container.elements)
			: container.querySelectorAll('input, select, textarea'));
		const roots = new Set();
		for (const t of mine) {
			set.add(t);
			const r = t.getRootNode();
			if (r !== document && !roots.has(r)) {
				roots.add(r);
				for (const f of r.querySelectorAll('input, select, textarea')) set.add(f);
			}
		}
		return Array.from(set);
	}

	/* Label texts by control, one pass per tree (el.labels searches the whole
	 * document on every call: quadratic on a long form). */
	function labelFinder() {
		const maps = new Map();
		return (el) => {
			const root = el.getRootNode();
			let map = maps.get(root);
			if (!map) {
				map = new Map();
				for (const l of root.querySelectorAll('label')) {
					const c = l.control;
					if (c) map.set(c, (map.get(c) || '') + ' ' + text(l, 80));
				}
				maps.set(root, map);
			}
			return map.get(el) || '';
		};
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

	/* The "+86" a country-code <select> holds, or ''. Only a select on
	 * screen counts, and only with the option the person chose in it, or the
	 * one the page's markup selects (what the person saw and let stand): a
	 * hidden select, or one a script switched, says nothing. */
	function selectPrefix(el) {
		if (el.selectedIndex < 0 || !onScreen(el)) return '';
		const o = el.options[el.selectedIndex];
		if (chosen.has(el) ? chosen.get(el) !== el.selectedIndex : !isPageDefault(el, o)) return '';
		const m = /^\s*\+\s?(\d{1,4})\b/.exec(o ? (o.value || '') + ' ' + o.text : '') ||
			/\(\+(\d{1,4})\)|\s\+(\d{1,4})\s*$/.exec(o ? o.text : '');
		return m ? '+' + (m[1] || m[2]) : '';
	}

	function isPageDefault(el, o) {
		const marked = Array.from(el.options).find((x) => x.defaultSelected);
		return marked ? o === marked : el.selectedIndex === 0;
	}

	/* Reads the identifiers a container holds and the signals that classify it.
	 * Only fields the person filled (touched) are read; password fields are
	 * returned as elements with their role, their values not read here.
	 * noValues: classifying at a field's focus, no value read at all. */
	function extract(container, noValues) {
		const sig = { pw: 0, newPw: 0, curPw: 0, code: false, card: false, address: false, textInputs: 0, prefix: '' };
		const found = {};
		const pwFields = [];
		const labels = labelFinder();
		const mine = noValues ? [] : touchedIn(container);
		const typed = new Set(mine);
		for (const el of fieldsOf(container, mine)) {
			if (el.tagName === 'SELECT') {
				if (!sig.prefix) sig.prefix = selectPrefix(el);
				continue;
			}
			if (el.tagName !== 'INPUT' || el.disabled) continue;
			const type = (el.getAttribute('type') || 'text').toLowerCase();
			const ac = (el.getAttribute('autocomplete') || '').toLowerCase();
			if (type === 'password' || ac.includes('password') || typedAsPassword.has(el)) { // counted; read only at send (passwordField)
				const role = passwordRole(el, ac, labels);
				sig.pw++;
				if (role === 'new') sig.newPw++;
				if (role === 'current') sig.curPw++;
				pwFields.push({ el, role, typed: typed.has(el) });
				continue;
			}
			if (CARD_AC.test(ac)) { sig.card = true; continue; }
			if (ac.includes('one-time-code')) { sig.code = true; continue; }
			if (ac.includes('postal-code') || /^address|street-address/.test(ac)) { sig.address = true; continue; }
			if (SKIP_TYPES.has(type)) continue;
			sig.textInputs++;
			if (!noValues && !typed.has(el)) continue; // counted; never read, nor described
			const h = hints(el, labels);
			const words = CODE_H.test(h.own) || EMAIL_H.test(h.own) || PHONE_H.test(h.own) || POSTAL_H.test(h.own) ||
				USER_H.test(h.own) || SEARCH_H.test(h.own) || ADDRESS_H.test(h.own) ? h.own : h.own + ' ' + h.near;
			if (PASSWORD_H.test(h.own)) continue; // a password shown as text: still never read
			if (POSTAL_H.test(words) || (ADDRESS_H.test(words) && !EMAIL_H.test(words) && !PHONE_H.test(words))) {
				sig.address = true; // a ZIP code is not an SMS code
				continue;
			}
			if (CODE_H.test(words)) { sig.code = true; continue; }
			if (SEARCH_H.test(words) && type !== 'email' && !ac.includes('email')) continue; // a search box, whatever it searches
			const phoneHint = type === 'tel' || ac.startsWith('tel') || PHONE_H.test(words);
			if (phoneHint) sig.phoneField = true;
			if (noValues) continue;
			const value = givenValue(el).trim(); // '' when a script changed it after the person
			if (!value || value.length > 256) continue;
			const emailHint = type === 'email' || ac.includes('email') || EMAIL_H.test(words);
			const userHint = ac.includes('username') || USER_H.test(words);
			let kind = null;
			if (looksEmail(value)) kind = 'email'; // an address is an address, whatever the field is called
			else if (looksPhone(value) && phoneHint) kind = 'phone';
			else if (userHint && !emailHint && !phoneHint && !/\s/.test(value)) kind = 'username';
			if (kind && !found[kind]) found[kind] = value;
		}
		if (found.phone && sig.prefix && !/^(\+|00)/.test(found.phone)) found.phone = sig.prefix + ' ' + found.phone;
		const identifiers = [];
		for (const kind of ['email', 'phone', 'username']) if (found[kind]) identifiers.push({ kind, value: found[kind] });
		sig.phone = !!found.phone || !!sig.phoneField;
		sig.onlyEmail = !!found.email && !found.phone && !found.username && sig.pw === 0 && sig.textInputs <= 2;
		/* A password change: the current password beside another one, or three
		 * password fields (current, new, repeat) whatever their words say. */
		sig.change = (sig.curPw > 0 && sig.pw >= 2) || sig.pw >= 3;
		return { identifiers, sig, pwFields };
	}

	function labelOf(el) {
		if (!el) return '';
		const v = el.tagName === 'INPUT' ? el.value : '';
		return [text(el, 80), v, el.getAttribute('aria-label'), el.getAttribute('title'), el.name, el.id].join(' ');
	}

	const HEADINGS = 'h1, h2, h3, h4, h5, legend, [role=heading], caption';

	/* The words a person reads to know what the form is for: headings in the
	 * container, a heading just before it or before one of its near ancestors
	 * (a footer's "Sign up for our newsletter" above its field), and the
	 * title of a dialog it sits in. Links are left out: a login form usually
	 * carries a "Sign up" link. */
	function wordsAround(container) {
		let s = '';
		for (const el of container.querySelectorAll(HEADINGS)) s += ' ' + text(el, 80);
		for (let n = container, up = 0; n && up < 4 && n !== document.body; n = parentOf(n), up++) {
			let prev = n.previousElementSibling;
			for (let i = 0; prev && i < 3; i++, prev = prev.previousElementSibling)
				if (prev.matches(HEADINGS)) { s += ' ' + text(prev, 80); break; }
			if (n.getAttribute && /dialog/.test(n.getAttribute('role') || n.tagName.toLowerCase()))
				s += ' ' + (n.getAttribute('aria-label') || '') + idrefText(n, 'aria-labelledby');
			if (s.trim()) break;
		}
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
		if (sig.onlyEmail && NEWSLETTER.test(btn + ' ' + around)) return 'newsletter';
		if (!sig.pw && RESET.test(btn + ' ' + around)) return 'other'; // a password reset: the site holds an account
		if (sig.card || (sig.address && !sig.pw)) return 'checkout';
		if (SIGNUP.test(btn)) return 'signup';
		if (LOGIN.test(btn)) return sig.phone && sig.code ? 'otp-login' : 'login';
		if (SIGNUP.test(around) || SIGNUP.test(where)) return 'signup';
		if (sig.phone && sig.code) return 'otp-login';
		if (sig.pw === 1 || LOGIN.test(around) || LOGIN.test(where)) return 'login';
		if (CHECKOUT.test(btn + around + where)) return 'checkout';
		if (NEWSLETTER.test(btn + around + where) && sig.onlyEmail) return 'newsletter';
		const buttons = buttonsIn(container);
		if (SIGNUP.test(buttons)) return 'signup';
		if (LOGIN.test(buttons)) return 'login';
		if (NEWSLETTER.test(buttons) && sig.onlyEmail) return 'newsletter';
		return 'other';
	}

	/* The field holding the password the site keeps after this submit: the new
	 * one on a change or signup, the only (or current) one on a login. None for
	 * any other kind of form, and none the person did not type. */
	function passwordField(capture, sig, pwFields) {
		const f = pickPassword(capture, sig, pwFields);
		return f && f.typed ? f.el : null;
	}

	function pickPassword(capture, sig, pwFields) {
		if (!pwFields.length) return null;
		if (sig.change)
			return pwFields.find((f) => f.role === 'new') ||
				(sig.curPw ? pwFields.find((f) => f.role !== 'current') : pwFields[1]);
		if (capture === 'signup') // the first one; a second is its repetition
			return pwFields.find((x) => x.role !== 'current');
		if (capture === 'login') {
			if (pwFields.length === 1) return pwFields[0];
			return pwFields.find((x) => x.role === 'current');
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
		const onDisk = () => api().storage.local.set({ [key]: entry }).then(() => {
			api().runtime.sendMessage({ type: 'leaktrace:kick' }).catch(() => {});
		}, () => {});
		/* Only when no background is there to take it does the event go to the profile. */
		api().runtime.sendMessage({ type: 'leaktrace:event', entry }).then((r) => { if (!r || !r.ok) onDisk(); },
			(e) => { if (/receiving end does not exist|could not establish connection/i.test(String(e && e.message))) onDisk(); });
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
		const found = extract(container);
		const { sig, pwFields } = found;
		let identifiers = found.identifiers;
		const typedPw = pwFields.some((f) => f.typed);
		const now = Date.now();
		/* The second step of a two-step login: a password alone, shortly after
		 * this frame sent an identifier. */
		const secondStep = !identifiers.length && !sig.change && typedPw && !!last.identifiers && now - last.at < TWO_STEP_MS;
		if (secondStep) identifiers = last.identifiers;
		const changeOnly = !identifiers.length && sig.change;
		if (!identifiers.length && !changeOnly) { perf.handled.push(performance.now() - t); return; }
		const signature = (changeOnly ? 'change:' + pwFields.length : identifiers.map((i) => i.kind + ':' + i.value).join('\n')) +
			(typedPw ? '\npassword' : '');
		if (signature === last.sig && now - last.at < DEDUP_MS) return;
		last = { sig: signature, at: now, identifiers: changeOnly ? last.identifiers : identifiers };
		let capture = classify(container, submitter, sig);
		if (secondStep && capture !== 'signup') capture = 'login';
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
	 * allow it), a small icon sits inside the field at its end, as password
	 * managers and Firefox Relay put theirs: an element laid over the page
	 * (position absolute, on the document element), so the page's layout never
	 * moves. It lives in a closed shadow root: the page can see that it is
	 * there, not read or press it (only a trusted click counts). The click
	 * asks the background for the alias of this frame's site (the background
	 * takes the site from the sender's URL, never from the page) and opens a
	 * small menu under the field that shows the alias before anything is
	 * filled; "Use it" fills the field, and the alias is then recorded like
	 * anything typed when the form is sent. No base set: the menu offers the
	 * options page, where the base is set. No host answering: a short hint.
	 * The icon, and the menu box its click opens, are the same whatever the
	 * host answers, until the person chooses in it. A
	 * context-menu entry ("Fill leaktrace alias", background.js) fills the
	 * focused field through __leaktraceFillAlias() below, with the offer on or
	 * off; so does the popup's Fill. */
	const alias = { state: 'none', text: '', noMore: false, use: null };
	const offered = new WeakSet();
	let offerHost = null;
	let offerField = null;

	function isEmailField(el) {
		if (el.disabled || el.readOnly) return false;
		const type = (el.getAttribute('type') || 'text').toLowerCase();
		const ac = (el.getAttribute('autocomplete') || '').toLowerCase();
		if (type === 'password' || ac.includes('password') || SKIP_TYPES.has(type)) return false;
		if (type === 'email' || ac.includes('email')) return true;
		if (type !== 'text') return false;
		const h = hints(el, labelFinder()).own;
		return EMAIL_H.test(h) && !PASSWORD_H.test(h) && !CODE_H.test(h);
	}

	function removeOffer() {
		if (offerHost) offerHost.remove();
		offerHost = null;
		offerField = null;
		window.removeEventListener('scroll', placeOffer, true);
		window.removeEventListener('resize', placeOffer, true);
	}

	const ICON = 18;
	/* One size for every answer (the longest, the no-host hint, fits in it). */
	const MENU_CSS = 'all: initial; display: block; position: absolute; top: 0; left: 0; width: 264px; height: 112px; overflow: hidden; ' +
		'box-sizing: border-box; padding: 8px 10px; font: 13px/1.4 system-ui, "Noto Sans CJK SC", sans-serif; color: #222; ' +
		'background: #fff; border: 1px solid #c9d6d8; border-radius: 6px; box-shadow: 0 4px 14px rgba(0,0,0,.18);';
	const BUTTON_CSS = 'all: initial; font: 13px/1.4 system-ui, sans-serif; cursor: pointer; border-radius: 4px; padding: 3px 10px; ' +
		'color: #fff; background: #176e78; border: 1px solid #10555d; margin-top: 6px; display: inline-block;';

	/* The icon at the field's end, the menu under the field: page coordinates,
	 * so that scrolling moves them with the page. */
	function placeOffer() {
		if (!offerHost || !offerField || !offerField.isConnected) return removeOffer();
		const r = offerField.getBoundingClientRect();
		const x = r.right + window.scrollX - ICON - 6;
		const y = r.top + window.scrollY + (r.height - ICON) / 2;
		offerHost.style.setProperty('left', x + 'px', 'important');
		offerHost.style.setProperty('top', y + 'px', 'important');
		offerHost.style.setProperty('display', r.width && r.height ? 'block' : 'none', 'important');
		offerHost.dataset.menuLeft = String(r.left + window.scrollX - x); // the menu's place, from the icon's
		offerHost.dataset.menuTop = String(r.bottom - r.top - (r.height - ICON) / 2 + 4);
	}

	function showOffer(field) {
		removeOffer();
		const host = document.createElement('leaktrace-alias');
		host.style.cssText = 'all: initial !important; position: absolute !important; z-index: 2147483647 !important; ' +
			`width: ${ICON}px !important; height: ${ICON}px !important; display: block !important; ` +
			'visibility: visible !important; opacity: 1 !important; margin: 0 !important;';
		const root = host.attachShadow({ mode: 'closed' });
		const b = document.createElement('button');
		b.type = 'button';
		const label = api().i18n.getMessage('aliasOffer');
		b.title = label;
		b.setAttribute('aria-label', label);
		b.textContent = '@';
		b.style.cssText = `all: initial; box-sizing: border-box; width: ${ICON}px; height: ${ICON}px; border-radius: 4px; ` +
			'background: #176e78; color: #fff; font: bold 12px/18px system-ui, sans-serif; text-align: center; cursor: pointer;';
		b.addEventListener('mousedown', (e) => e.preventDefault()); // the field keeps the focus
		b.addEventListener('click', (e) => {
			e.stopPropagation();
			e.preventDefault();
			if (e.isTrusted && !b.disabled) openMenu(field, root, b);
		});
		root.append(b);
		document.documentElement.append(host);
		offerHost = host;
		offerField = field;
		placeOffer();
		window.addEventListener('scroll', placeOffer, true);
		window.addEventListener('resize', placeOffer, true);
		alias.state = 'offer';
		alias.text = label;
	}

	function fill(field, value) {
		field.focus();
		Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(field, value);
		field.dispatchEvent(new Event('input', { bubbles: true }));
		field.dispatchEvent(new Event('change', { bubbles: true }));
		touched.add(field); // the person chose it: recorded like anything typed
		given.set(field, value);
	}

	/* The menu under the field, after the person's click only. It opens at
	 * once, at one fixed size, whatever the host then answers (the alias, no
	 * base set, no host): the page can find the box (its own hit tests land on
	 * <leaktrace-alias>), never tell the answers apart by its size, its timing
	 * or what happens to the offer afterwards. Only the person's choice in it
	 * shows (a field filled, a tab opened). */
	function openMenu(field, root, b) {
		b.disabled = true;
		alias.noMore = true; // one menu per page, whatever it says
		const menu = document.createElement('div');
		menu.setAttribute('role', 'dialog');
		menu.style.cssText = MENU_CSS;
		menu.style.setProperty('left', (offerHost.dataset.menuLeft || 0) + 'px');
		menu.style.setProperty('top', (offerHost.dataset.menuTop || ICON + 4) + 'px');
		const line = (text, css) => {
			const d = document.createElement('div');
			d.textContent = text;
			d.style.cssText = 'all: initial; display: block; font: inherit; color: inherit; ' + (css || '');
			menu.append(d);
			return d;
		};
		const button = (text, onClick) => {
			const x = document.createElement('button');
			x.type = 'button';
			x.textContent = text;
			x.style.cssText = BUTTON_CSS;
			x.addEventListener('mousedown', (e) => e.preventDefault());
			x.addEventListener('click', (e) => {
				e.stopPropagation();
				e.preventDefault();
				if (e.isTrusted) onClick();
			});
			menu.append(x);
			return x;
		};
		line('…', 'color: #555;');
		root.append(menu);
		alias.state = 'opening';
		const shown = (state, btn) => {
			alias.state = state;
			alias.text = menu.textContent;
			if (btn) {
				const r = btn.getBoundingClientRect();
				alias.use = { x: r.left + r.width / 2, y: r.top + r.height / 2 };
			}
		};
		const close = () => { menu.remove(); b.disabled = false; alias.use = null; };
		document.addEventListener('keydown', function esc(e) {
			if (e.key === 'Escape' && menu.isConnected) { close(); alias.state = 'offer'; document.removeEventListener('keydown', esc, true); }
		}, true);
		const unavailable = () => {
			menu.textContent = '';
			line(api().i18n.getMessage('aliasUnavailable'), 'color: #4a3d00;');
			shown('hint');
		};
		api().runtime.sendMessage({ type: 'leaktrace:alias' }).then((r) => {
			menu.textContent = '';
			if (r && typeof r.alias === 'string' && r.alias) {
				line(api().i18n.getMessage('aliasMenuTitle'), 'color: #555; font-size: 12px;');
				line(r.alias, 'font-family: ui-monospace, monospace; font-weight: 600; word-break: break-all; margin-top: 2px;');
				const use = button(api().i18n.getMessage('aliasUse'), () => {
					removeOffer();
					fill(field, r.alias);
					alias.state = 'filled';
					alias.text = '';
					alias.use = null;
				});
				shown('menu', use);
				alias.text = r.alias;
			} else if (r && r.error === 'not_found') {
				line(api().i18n.getMessage('aliasNoBase'));
				const go = button(api().i18n.getMessage('aliasSetBase'), () => {
					api().runtime.sendMessage({ type: 'leaktrace:open-options', anchor: 'alias' }).catch(() => {});
					removeOffer();
				});
				shown('hint', go);
			} else unavailable();
		}, unavailable);
	}

	/* The context menu's fill and the popup's (background.js runs this in the
	 * content script's own world with scripting.executeScript; the page cannot
	 * call it): the alias goes into the focused field, through open shadow
	 * roots; from the popup (firstEmail), into the focused field if it takes
	 * an email, else into the first email field on screen. */
	window.__leaktraceFillAlias = (value, firstEmail) => {
		let el = document.activeElement;
		while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
		const usable = (x) => x instanceof HTMLInputElement && !x.readOnly && !x.disabled;
		if (firstEmail && !(usable(el) && isEmailField(el)))
			el = Array.from(document.querySelectorAll('input')).find((x) => isEmailField(x) && onScreen(x)) || null;
		if (!usable(el) || typeof value !== 'string' || !value) return false;
		fill(el, value);
		return true;
	};

	/* At a trusted focus only: is this the email field of a signup form? The
	 * form is classified from its fields' kinds and words, no value read. */
	function maybeOffer(el) {
		if (alias.noMore || offered.has(el)) return;
		const c = fieldGroup(el);
		if (!c || !isEmailField(el)) return;
		if (classify(c, null, extract(c, true).sig) !== 'signup') return;
		offered.add(el);
		/* Shown whatever the host would say (base set or not, host running or
		 * not): the page learns only that some extension is here. */
		loadOptions().then(() => {
			if (!options || options.aliasOffer === false || !allowed('signup', options)) return;
			if (!alias.noMore && el.isConnected) showOffer(el);
		}).catch(() => {});
	}

	/* ---- the doors -------------------------------------------------------- */

	function onSubmit(e) {
		if (!e.isTrusted || !(e.target instanceof HTMLFormElement)) return;
		handle(e.target, e.submitter || null);
	}

	function holdsTyped(n) {
		for (const t of touched) if (t.isConnected && inside(n, t)) return true;
		return false;
	}

	/* The group of fields something belongs to: its <form>, else the nearest
	 * ancestor (across open shadow roots) that holds a field the person
	 * filled (from a control), or the field's own parent (from a field);
	 * then widened while the parent adds no field of its own (so that the
	 * headings and buttons beside the fields come with it) or adds fields
	 * the person filled too (the username beside the password). */
	function groupOf(start, fromField) {
		let g = null;
		for (let n = start, i = 0; n && i < 24; n = parentOf(n), i++) {
			if (n.tagName === 'FORM') return n;
			if (n === document.documentElement) break;
			if (fromField || holdsTyped(n)) { g = n; break; } // the page's body at most (a checkout bar apart from its fields)
			if (n === document.body) break;
		}
		if (!g) return null;
		let count = g.querySelectorAll(FIELD_SEL).length;
		let typed = touchedIn(g).length;
		for (let p = g.parentElement, i = 0; p && i < 6 && p !== document.body && p.tagName !== 'FORM'; p = p.parentElement, i++) {
			const n = p.querySelectorAll(FIELD_SEL).length;
			if (n !== count) { // it adds fields: only worth it when the person filled some of them
				const more = touchedIn(p).length;
				if (more <= typed) break;
				typed = more;
			}
			count = n;
			g = p;
		}
		return g;
	}

	function fieldGroup(el) {
		return el.form || groupOf(parentOf(el), true);
	}

	const NOT_CONTROL_ROLES = /^(?:tab|tablist|menuitem|option|checkbox|radio|switch|link|combobox|listbox|textbox)$/;

	/* The element a click acts through, from the click's composed path (so a
	 * button inside a web component is found): a button, a submit/button
	 * input, a role=button, an <a> that goes nowhere (href "#",
	 * "javascript:;", none), or a short <div>/<span> whose text says send
	 * ("立即注册", "Continue"). Null for anything else. */
	function controlOf(path) {
		for (let i = 0; i < path.length && i < 8; i++) {
			const n = path[i];
			if (!(n instanceof Element)) continue;
			const tag = n.tagName;
			if (tag === 'FORM' || tag === 'BODY' || tag === 'HTML' || tag === 'LABEL' || tag === 'SELECT' || tag === 'TEXTAREA') return null;
			const role = n.getAttribute('role') || '';
			if (NOT_CONTROL_ROLES.test(role)) return null;
			if (tag === 'INPUT') return /^(?:submit|button|image)$/.test(n.type) ? n : null;
			if (tag === 'BUTTON' || role === 'button') return n;
			if (tag === 'A') return /^(?:#.*|javascript:.*|)$/i.test((n.getAttribute('href') || '').trim()) ? n : null;
			const t = text(n, 40);
			if (t.length > 24) return null; // a block of the page, not a control
			if (t && SEND.test(t)) return n;
		}
		return null;
	}

	/* Does this control send? Decided by what it says, not its tag: words of
	 * a send ("注册", "Sign up", "Continue", "Place order"), and none of a
	 * control that is not one ("获取验证码", "Show password", a tab). A control
	 * that says nothing either way sends when it submits a <form> itself. */
	function isSend(ctl) {
		if (ctl.disabled || ctl.type === 'reset' || ctl.hasAttribute('aria-pressed') || ctl.hasAttribute('aria-expanded')) return false;
		if (ctl.closest('[role=tablist], [role=tab], [role=menu]')) return false;
		const label = labelOf(ctl);
		if (NOT_A_SEND.test(label)) return false;
		if (SEND.test(label)) return true;
		const type = (ctl.getAttribute('type') || '').toLowerCase();
		return !!ctl.form && (ctl.tagName === 'BUTTON' ? type === '' || type === 'submit' : type === 'submit' || type === 'image');
	}

	/* Where a control sits: after (at least one of) the fields it sends, as a
	 * send button does; a tab or a switch above them does not. Fields in
	 * another tree (shadow root) than the control do not say. */
	function afterFields(ctl, group) {
		let other = true;
		for (const f of touchedIn(group)) {
			if (f.getRootNode() !== ctl.getRootNode()) continue;
			other = false;
			if (f.compareDocumentPosition(ctl) & Node.DOCUMENT_POSITION_FOLLOWING) return true;
		}
		return other;
	}

	function onClick(e) {
		if (!e.isTrusted || e.button !== 0 || !touched.size) return; // nothing typed, nothing to send
		const ctl = controlOf(e.composedPath());
		if (!ctl || !isSend(ctl)) return;
		const c = groupOf(ctl, false);
		if (c && afterFields(ctl, c)) handle(c, ctl);
	}

	function onKeydown(e) {
		if (!e.isTrusted || e.key !== 'Enter' || e.isComposing || e.keyCode === 229 || !touched.size) return;
		const el = e.composedPath()[0];
		if (!(el instanceof HTMLInputElement) || SKIP_TYPES.has(el.type)) return;
		const c = fieldGroup(el);
		if (c) handle(c, null);
	}

	function onFocusin(e) {
		if (!e.isTrusted) return;
		const el = e.composedPath()[0];
		if (!optionsReady && (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) loadOptions();
		if (el instanceof HTMLInputElement) maybeOffer(el);
	}

	window.addEventListener('focusin', onFocusin, true);
	window.addEventListener('input', onInput, true);
	window.addEventListener('change', onInput, true);
	window.addEventListener('submit', onSubmit, true);
	window.addEventListener('click', onClick, true);
	window.addEventListener('keydown', onKeydown, true);

	perf.init = performance.now() - started;

	if (PERF_HOOK) {
		api().runtime.onMessage.addListener((message, sender, sendResponse) => {
			if (message && message.type === 'leaktrace:perf' && sender.id === api().runtime.id) {
				sendResponse({ init: perf.init, handled: perf.handled.slice(), frame: window === window.top ? 'top' : 'sub',
					alias: { state: alias.state, text: alias.text, use: alias.use } });
			}
			return false;
		});
	}
})();
