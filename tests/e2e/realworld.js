// SPDX-License-Identifier: MIT
/* realworld.js: the fixture set of pages built the way sites build forms
 * today (tests/e2e/pages/www.rw-*.test), one pattern per page, each with the
 * exact keyring result it must leave and nothing else.
 *
 * A fixture types and clicks like a person (trusted input only), waits for
 * the page to say it is done, then checks:
 *   - the number of events the content script wrote to the outbox for the
 *     page's host (so nothing was sent on a tab, "获取验证码" or "Show password");
 *   - `leaktrace list --json` for the site: exactly the expected accounts
 *     (normalised identifiers, first capture, every capture), nothing else;
 *   - whether the record holds a password fingerprint (two-step logins);
 *   - sites that must hold nothing (the page embedding a login widget, the
 *     planted identifiers) hold nothing.
 * Host names carry the run's tag (www.rw-react-c.test for Chromium in
 * English, -cz for Chromium in Chinese ...): every run records its own sites
 * in the one test keyring. server.js serves them all from the folder without
 * the tag.
 */
'use strict';
const { execFileSync } = require('child_process');
const path = require('path');
const L = require('./lib');
const { waitFor, assert, assertEq, sleep } = L;

const PW = 'Rw-fixture-pass-7Q';
const TAGS = { c: 1, f: 2, cz: 3, fz: 4 };

/* Identifiers of one run: unique per tag so that runs do not meet in the keyring. */
function idsFor(tag, name) {
	const n = TAGS[tag];
	const idx = FIXTURES.findIndex((f) => f.name === name) + 10;
	return {
		email: `${name}.${tag}@mail.test`,
		user: `${name}_${tag}`,
		// a Chinese mobile number typed without +86: 139 + fixture + run + 1003
		mobile: `139${idx}${n}1003${n}`.slice(0, 11),
		uk: `7911${idx}${n}123`.slice(0, 10),
	};
}
const cn = (m) => '+86' + m;

const FIXTURES = [
	{
		name: 'vue2step', what: 'two-step login, Vue-style (div 下一步 replaces step 1; span 登录 on the password step)',
		async run(t, I) {
			await t.type('input.el-input__inner', I.email);
			await t.click('#next');
			await t.page.waitForSelector('input[type=password]');
			await t.type('input[type=password]', PW);
			await t.click('#login');
		},
		events: 2,
		expect: (I) => [{ ids: [I.email], capture: 'login', captures: ['login'], password: true }],
	},
	{
		name: 'react', what: 'React controlled inputs without name or id, label in a div, div "Create account"',
		async run(t, I) {
			await t.type('input[data-k=a]', I.email);
			await t.type('input[data-k=b]', PW);
			await t.type('input[data-k=c]', PW);
			await t.click('#go');
		},
		events: 1,
		expect: (I) => [{ ids: [I.email], capture: 'signup', captures: ['signup'], password: true }],
	},
	{
		name: 'shadow', what: 'signup inside an open shadow root, <span> Sign up',
		async run(t, I) {
			await t.type('pierce/#em', I.email);
			await t.type('pierce/#pw', PW);
			await t.click('pierce/#go');
		},
		events: 1,
		expect: (I) => [{ ids: [I.email], capture: 'signup', captures: ['signup'], password: true }],
	},
	{
		name: 'nested', what: 'login two shadow roots deep, <span> Log in',
		async run(t, I) {
			await t.type('pierce/#em', I.email);
			await t.type('pierce/#pw', PW);
			await t.click('pierce/#go');
		},
		events: 1,
		expect: (I) => [{ ids: [I.email], capture: 'login', captures: ['login'], password: true }],
	},
	{
		name: 'ant', what: 'Ant Design columns (label in .ant-form-item-label), button "注 册"',
		async run(t, I) {
			const inputs = await t.page.$$('input.ant-input');
			await inputs[0].type(I.user);
			await inputs[1].type(I.email);
			await inputs[2].type(PW);
			await t.click('#go');
		},
		events: 1,
		expect: (I) => [{ ids: [I.email, I.user], capture: 'signup', captures: ['signup'], password: true }],
	},
	{
		name: 'bootstrap', what: 'Bootstrap sibling-column labels, <input type=button value=Register>, no form',
		async run(t, I) {
			await t.type('#a', I.mobile);
			await t.type('#b', I.email);
			await t.type('#c', PW);
			await t.click('#go');
		},
		events: 1,
		expect: (I) => [{ ids: [I.email, cn(I.mobile)], capture: 'signup', captures: ['signup'], password: true }],
	},
	{
		name: 'aria', what: 'labels only in aria-labelledby / aria-label, an icon role=button with aria-label',
		async run(t, I) {
			await t.type('.x1', I.user);
			await t.type('.x2', I.mobile);
			await t.type('.x3', PW);
			await t.click('#go');
		},
		events: 1,
		expect: (I) => [{ ids: [cn(I.mobile), I.user], capture: 'signup', captures: ['signup'], password: true }],
	},
	{
		name: 'anchor', what: 'jQuery-era <span> labels, <a href="javascript:;">立即注册</a>',
		async run(t, I) {
			await t.type('#m', I.mobile);
			await t.type('#p1', PW);
			await t.type('#p2', PW);
			await t.click('#go');
		},
		events: 1,
		expect: (I) => [{ ids: [cn(I.mobile)], capture: 'signup', captures: ['signup'], password: true }],
	},
	{
		name: 'smstabs', what: 'div tabs and a span 获取验证码 send nothing; <a> 登 录 sends an SMS-code login',
		async run(t, I) {
			await t.type('#m', I.mobile);
			await t.click('#tab-pw');
			await t.click('#tab-sms');
			await t.click('#send');
			await sleep(300);
			t.noEventsYet = (await t.events()).length === 0;
			await t.type('#c', '246810');
			await t.click('#go');
		},
		events: 1,
		after: (t) => assert(t.noEventsYet, 'a tab or 获取验证码 sent the form'),
		expect: (I) => [{ ids: [cn(I.mobile)], capture: 'otp-login', captures: ['otp-login'], password: false }],
	},
	{
		name: 'showpw', what: '"Show password" and "Remember me" send nothing; Log in sends',
		async run(t, I) {
			await t.type('#email', I.email);
			await t.type('#pw', PW);
			await t.click('#eye');
			await t.click('#rem');
			await sleep(300);
			t.noEventsYet = (await t.events()).length === 0;
			await t.click('#go', true);
		},
		events: 1,
		after: (t) => assert(t.noEventsYet, 'Show password or Remember me sent the form'),
		expect: (I) => [{ ids: [I.email], capture: 'login', captures: ['login'], password: true }],
	},
	{
		name: 'newsletter', what: 'footer newsletter, no form, heading outside the field wrapper, sent by Enter',
		async run(t, I) {
			await t.type('.nl input', I.email);
			await t.page.keyboard.press('Enter');
		},
		events: 1,
		expect: (I) => [{ ids: [I.email], capture: 'newsletter', captures: ['newsletter'], password: false }],
	},
	{
		name: 'newszh', what: '订阅我们的周报 form, email field named "mail" with a Chinese placeholder',
		async run(t, I) {
			await t.type('input[name=mail]', I.email);
			await t.click('#go', true);
		},
		events: 1,
		expect: (I) => [{ ids: [I.email], capture: 'newsletter', captures: ['newsletter'], password: false }],
	},
	{
		name: 'checkout', what: 'checkout with phone, street address and ZIP code (not an SMS code)',
		async run(t, I) {
			await t.type('input[name=name]', 'Ann Lee');
			await t.type('input[name=email]', I.email);
			await t.type('input[name=phone]', I.mobile);
			await t.type('input[name=addr]', '1 Main St');
			await t.type('input[name=zip]', '94105');
			await t.click('#go', true);
		},
		events: 1,
		expect: (I) => [{ ids: [I.email, cn(I.mobile)], capture: 'checkout', captures: ['checkout'], password: false }],
	},
	{
		name: 'checkoutzh', what: '收货人/手机号/详细地址/邮编, div 提交订单',
		async run(t, I) {
			await t.type('#n', '张三');
			await t.type('#m', I.mobile);
			await t.type('#a', '北京市海淀区1号');
			await t.type('#z', '100080');
			await t.click('#go');
		},
		events: 1,
		expect: (I) => [{ ids: [cn(I.mobile)], capture: 'checkout', captures: ['checkout'], password: false }],
	},
	{
		name: 'reset', what: 'password reset ("Forgot your password?") recorded as other',
		async run(t, I) {
			await t.type('#email', I.email);
			await t.click('#go', true);
		},
		events: 1,
		expect: (I) => [{ ids: [I.email], capture: 'other', captures: ['other'], password: false }],
	},
	{
		name: 'dialog', what: 'dialog injected after load (role=dialog titled "Create your free account"), role=button Continue',
		async run(t, I) {
			await t.click('#open');
			await t.page.waitForSelector('#email');
			await t.type('#email', I.email);
			await t.type('#pw', PW);
			await t.click('#go');
		},
		events: 1,
		expect: (I) => [{ ids: [I.email], capture: 'signup', captures: ['signup'], password: true }],
	},
	{
		name: 'pushstate', what: 'SPA signup, the send calls history.pushState and renders the next view',
		async run(t, I) {
			await t.type('#u', I.user);
			await t.type('#e', I.email);
			await t.type('#p', PW);
			await t.click('#go');
		},
		events: 1,
		after: async (t) => assert((await t.page.evaluate(() => location.pathname)) === '/welcome', 'route did not change'),
		expect: (I) => [{ ids: [I.email, I.user], capture: 'signup', captures: ['signup'], password: true }],
	},
	{
		name: 'enterlogin', what: 'form-less login sent by Enter in the password field',
		async run(t, I) {
			await t.type('#u', I.user);
			await t.type('#p', PW);
			await t.page.keyboard.press('Enter');
		},
		events: 1,
		expect: (I) => [{ ids: [I.user], capture: 'login', captures: ['login'], password: true }],
	},
	{
		name: 'country', what: 'country-code <select> (+44 chosen) beside the number',
		async run(t, I) {
			// chosen from the keyboard, as a person does (page.select() would be a script's change, not read)
			await t.page.focus('#cc');
			await t.page.keyboard.press('ArrowDown');
			assert((await t.page.$eval('#cc', (e) => e.value)) === '44', 'the select did not move to +44');
			await t.type('#num', I.uk);
			await t.click('#go');
		},
		events: 1,
		expect: (I) => [{ ids: ['+44' + I.uk], capture: 'signup', captures: ['signup'], password: false }],
	},
	{
		name: 'planted', what: 'hidden, off-screen, transparent, pre-filled and rewritten fields are never read; a hidden +44 select is not the number\'s country',
		async run(t, I) {
			await sleep(100); // the page's own late fill
			await t.type('#u', I.user);
			await t.type('#e', I.email);
			await sleep(150); // the page puts its own address in the person's field
			assert((await t.page.$eval('#e', (e) => e.value)) === 'planted.rewrite@victim.test', 'the page did not rewrite the field');
			await t.type('#m', I.mobile);
			await t.type('#p', PW);
			await t.click('#go', true);
		},
		events: 1,
		expect: (I) => [{ ids: [cn(I.mobile), I.user], capture: 'signup', captures: ['signup'], password: true }],
		never: (I) => ['planted.hidden@victim.test', 'planted.opacity@victim.test', 'planted.visible@victim.test',
			'planted.script@victim.test', 'planted.rewrite@victim.test', '+8613800001111', I.email],
	},
	{
		name: 'mailsuggest', what: 'the name part typed, the domain chosen from the page\'s suggestion list (its script completes the field)',
		async run(t, I) {
			await t.type('#email', I.email.split('@')[0]);
			await t.click('#sug li[data-d="mail.test"]');
			assert((await t.page.$eval('#email', (e) => e.value)) === I.email, 'the page did not complete the address');
			await t.type('#pw', PW);
			await t.click('#go');
		},
		events: 1,
		expect: (I) => [{ ids: [I.email], capture: 'signup', captures: ['signup'], password: true }],
	},
	{
		name: 'zipphone', what: 'phone + ZIP code (邮编), no street address: a checkout, not an SMS-code login',
		async run(t, I) {
			await t.type('#m', I.mobile);
			await t.type('#z', '100080');
			await t.click('#go');
		},
		events: 1,
		expect: (I) => [{ ids: [cn(I.mobile)], capture: 'checkout', captures: ['checkout'], password: false }],
	},
	{
		name: 'phonemask', what: 'a phone widget writes +86 before the typed mobile and spaces it out when the field is left, <a> 立即注册: the number is still the person\'s',
		async run(t, I) {
			await t.type('#m', I.mobile);
			await t.type('#p', PW);
			await t.click('#go');
		},
		events: 1,
		expect: (I) => [{ ids: [cn(I.mobile)], capture: 'signup', captures: ['signup'], password: true }],
	},
	{
		name: 'describedby', what: 'fields described only by aria-describedby (help text kept apart), <button> Create account',
		async run(t, I) {
			await t.type('.i1', I.user);
			await t.type('.i2', I.mobile);
			await t.type('.i3', PW);
			await t.click('#go');
		},
		events: 1,
		expect: (I) => [{ ids: [cn(I.mobile), I.user], capture: 'signup', captures: ['signup'], password: true }],
	},
	{
		name: 'shadowenter', what: 'form-less login in an open shadow root, sent by Enter in its password field',
		async run(t, I) {
			await t.type('pierce/#u', I.user);
			await t.type('pierce/#p', PW);
			await t.page.keyboard.press('Enter');
		},
		events: 1,
		expect: (I) => [{ ids: [I.user], capture: 'login', captures: ['login'], password: true }],
	},
	{
		name: 'resetzh', what: '找回密码 page: 邮箱 and <a> 下一步, recorded as other',
		async run(t, I) {
			await t.type('#email', I.email);
			await t.click('#go');
		},
		events: 1,
		expect: (I) => [{ ids: [I.email], capture: 'other', captures: ['other'], password: false }],
	},
	{
		name: 'search', what: 'a search box only: an address typed into it is not given to the site',
		async run(t, I) {
			await t.type('#q', I.email);
			await t.page.keyboard.press('Enter');
			await t.click('#go');
		},
		events: 0,
		expect: () => [],
		never: (I) => [I.email],
	},
	{
		name: 'iframe', host: 'www.rw-embedder', site: 'rw-widget', what: 'login widget in a cross-site iframe',
		async run(t, I) {
			// the frame is found again on each try: a cross-site frame may be swapped while it loads
			const frame = await waitFor('the widget frame with its form', async () => {
				const f = t.page.frames().find((x) => x.url().includes('login.rw-widget-'));
				return f && (await f.$('#email').catch(() => null)) ? f : null;
			}, 20000, 200);
			await frame.type('#email', I.email);
			await frame.type('#pw', PW);
			await frame.click('#go');
			t.doneIn = frame;
		},
		events: 1,
		eventHost: 'login.rw-widget',
		expect: (I, tag) => [{ ids: [I.email], capture: 'login', captures: ['login'], password: true, top: `rw-embedder-${tag}.test` }],
		emptySites: (tag) => [`rw-embedder-${tag}.test`],
	},
	{
		name: 'idn', host: 'www.商店', site: '商店', file: 'signup.html', what: 'IDN host (www.商店-X.test), stored under its Unicode site',
		async run(t, I) {
			await t.type('#email', I.email);
			await t.type('#pw', PW);
			await t.click('#go', true);
		},
		noDone: true,
		events: 1,
		expect: (I) => [{ ids: [I.email], capture: 'signup', captures: ['signup'], password: true }],
	},
];

/* `leaktrace list --json`, accounts of one site, in the shape compared. */
function accountsOf(build, site) {
	const list = JSON.parse(execFileSync(path.join(build, 'leaktrace'), ['list', '--json'], { encoding: 'utf8' }));
	return list.accounts.filter((a) => a.site === site);
}

function shape(build, a) {
	const ids = a.identifiers.map((i) => i.normalized || i.value).sort();
	const m = L.trace(build, ids[0]).matches.find((x) => x.site === a.site);
	return { ids, capture: a.capture, captures: a.captures.slice().sort(), password: !!(m && m.password), top: a.top_site || null };
}

/* Runs the fixtures named in `names` (all by default) with this browser's
 * tag; one R.check per fixture. Returns the passwords typed (for the
 * privacy scans) and the identifiers (for the profile scan). */
async function runFixtures({ R, ctx, P, page, build, tag, names, visit }) {
	const typed = { passwords: [PW], identifiers: [] };
	await P.watchSecrets([PW]);
	for (const f of FIXTURES) {
		if (names && !names.includes(f.name)) continue;
		const host = `${f.host || 'www.rw-' + f.name}-${tag}.test`;
		// the outbox holds the URL as the browser gives it: an IDN in punycode
		const eventHost = new URL(`http://${f.eventHost ? `${f.eventHost}-${tag}.test` : host}/`).hostname;
		const site = `${f.site || 'rw-' + f.name}-${tag}.test`;
		const I = idsFor(tag, f.name);
		const want = f.expect(I, tag).map((x) => ({ ids: x.ids.slice().sort(), capture: x.capture, captures: x.captures.slice().sort(),
			password: x.password, top: x.top || null }));
		for (const w of want) for (const id of w.ids) typed.identifiers.push(id, ...(/^\+(?:86|44)/.test(id) ? [id.slice(3)] : []));
		await R.check(`${ctx.name}/${tag}: ${f.name}: ${f.what}`, async () => {
			const t = {
				page,
				type: async (sel, v) => { const h = await page.waitForSelector(sel); await h.click(); await h.type(v); },
				click: async (sel, navigates) => {
					const h = await page.waitForSelector(sel);
					if (!navigates) return h.click();
					t.navigated = true;
					return Promise.all([page.waitForNavigation({ timeout: 5000 }).catch(() => {}), h.click()]);
				},
				events: () => P.adds(eventHost),
			};
			await visit(ctx, page, host, f.file || 'index.html');
			await f.run(t, I);
			if (!f.noDone && !t.navigated) await (t.doneIn || page).waitForSelector('#done', { timeout: 10000 }).catch(() => {});
			if (f.events) await P.delivered(eventHost, f.events);
			else await sleep(1000);
			await sleep(300); // anything more the page might have caused
			assertEq((await t.events()).length, f.events, 'events written to the outbox for ' + eventHost);
			if (f.after) await f.after(t);
			const got = accountsOf(build, site).map((a) => shape(build, a));
			assertEq(got, want, 'leaktrace list for ' + site);
			for (const s of f.emptySites ? f.emptySites(tag) : []) assertEq(accountsOf(build, s).length, 0, 'records for ' + s);
			const never = typeof f.never === 'function' ? f.never(I) : f.never || [];
			for (const id of never) assertEq(L.trace(build, id).exit, 1, 'trace ' + id);
		});
	}
	return typed;
}

module.exports = { FIXTURES, runFixtures, PW };
