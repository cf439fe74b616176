// SPDX-License-Identifier: MIT
/* demo.js: the story leaktrace is for, end to end, for `make demo`.
 *
 * One phone number goes to three sites over a spring and summer: a Chinese
 * shop's SMS signup (with a password), an English signup that takes the
 * site's own email alias from the extension (the same password: reused), and
 * a guest checkout. Each visit is a real headless Chromium with the real
 * extension and the real leaktrace-host, started with LEAKTRACE_NOW set to that
 * day, so the records carry the story's dates. Months later the calls begin:
 * the demo runs the commands a person would, as the README shows them, and
 * prints their real output: incident add, trace, a spam mail to the alias,
 * evidence (both languages, written under BUILD_DIR/demo/), report-login,
 * rotate. The commands run on the story's clock too (LEAKTRACE_NOW), in
 * Asia/Shanghai time. LANG=zh_CN.UTF-8 tells it in Chinese (the browser too).
 * Runs inside scripts/keyring-session (a throwaway keyring), via scripts/demo.
 */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { launchChromium } = require('../tests/e2e/browsers');
const { writeHostManifest, waitFor } = require('../tests/e2e/lib');
const server = require('../tests/e2e/server');

const ZH = /^zh/i.test(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '');
const T = (en, zh) => (ZH ? zh : en);

const PHONE = '138 0013 8000';
const PHONE_INTL = '+86 138 0013 8000';
const BASE = 'li.lei@mail.example';
const PASSWORD = 'Blue-Lotus-2026';
const NOW = '2026-11-21T09:00:00+08:00'; // the story's today, for every command
const SITES = {
	shop: { host: 'passport.shop-b.test', site: 'shop-b.test', page: 'register.html?password', at: '2026-03-08T10:12:00+08:00' },
	trip: { host: 'www.trip-d.test', site: 'trip-d.test', page: 'signup.html', at: '2026-05-20T21:40:00+08:00' },
	flower: { host: 'www.flower-e.test', site: 'flower-e.test', page: 'checkout.html', at: '2026-07-02T12:05:00+08:00' },
};

let lt; // BUILD_DIR/leaktrace
const cliEnv = Object.assign({}, process.env, { LEAKTRACE_REGION: 'CN', LEAKTRACE_NOW: NOW, TZ: 'Asia/Shanghai' });
const out = (s) => process.stdout.write(s);

function say(text) {
	out(`\n== ${text}\n`);
}

/* An argument as a person types it in a shell. */
function quote(a) {
	return /^[A-Za-z0-9@%+=:,./_-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/* `leaktrace ARGS`: shown as typed, run for real, its output printed (or returned). */
function run(args, { quiet = false } = {}) {
	if (!quiet) out(`\n$ leaktrace ${args.map(quote).join(' ')}\n`);
	const r = spawnSync(lt, args, { env: cliEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	if (r.status !== 0)
		throw new Error(`leaktrace ${args.join(' ')} failed (exit ${r.status}): ${String(r.stderr || r.error).trim()}`);
	if (!quiet) out(r.stdout + r.stderr);
	return r.stdout;
}

function accountsOf(site) {
	return JSON.parse(run(['list', '--site', site, '--json'], { quiet: true })).accounts;
}

/* One visit to one site on one day: a fresh Chromium whose host runs on that day's clock. */
async function visit(ctx, key, fill) {
	const s = SITES[key];
	process.env.LEAKTRACE_NOW = s.at;
	process.env.TZ = 'Asia/Shanghai';
	const chromium = await launchChromium({ extDir: ctx.extDir, tmp: ctx.tmp, lang: ZH ? 'zh-CN' : undefined });
	try {
		writeHostManifest(chromium.hostManifest, ctx.host, 'chromium');
		const page = await chromium.browser.newPage();
		await page.goto(`http://${s.host}:${ctx.port}/${s.page}`, { waitUntil: 'load' });
		await fill(page);
		await Promise.all([page.waitForNavigation({ timeout: 5000 }).catch(() => {}), page.click('#go')]);
		// The extension's outbox empties into the keyring through the host.
		try {
			return await waitFor(`the record of ${s.site} in the keyring`, () => {
				const a = accountsOf(s.site)[0];
				return a && (!fill.password || a.password) && a;
			}, 20000, 200);
		} catch (e) {
			const a = accountsOf(s.site)[0];
			throw new Error(e.message + (a ? ' (recorded without its password fingerprint: ' + JSON.stringify(a) + ')' : '') +
				'\n' + chromium.consoleTail());
		}
	} finally {
		await chromium.close().catch(() => {});
	}
}

async function shopSignup(page) {
	await page.type('#mobile', PHONE.replace(/ /g, ''));
	await page.type('#pw', PASSWORD);
	await page.click('#send'); // the site gets the number now: the extension records it
	await page.type('#code', '246810');
}
shopSignup.password = true;

/* The extension offers the site's alias by an icon in the email field (in a
 * closed shadow root the page cannot read); the person clicks it, the menu
 * shows the alias, and its button fills the field. The menu is in that closed
 * root too: the demo finds its button as the browser's developer tools show
 * it (DOM.getDocument with pierce reaches closed roots) and clicks where it
 * is on the screen, a real click like the person's. */
async function aliasButton(page) {
	const cdp = await page.target().createCDPSession();
	try {
		const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
		// the button inside the menu (role=dialog), not the icon, which is a button too
		const isMenu = (n) => n.nodeName === 'DIV' && (n.attributes || []).join(' ').includes('role dialog');
		const find = (n, inMenu) => {
			const here = inMenu || isMenu(n);
			if (here && n.nodeName === 'BUTTON') return n;
			for (const c of [...(n.children || []), ...(n.shadowRoots || [])]) {
				const f = find(c, here);
				if (f) return f;
			}
			return null;
		};
		const btn = find(root, false);
		if (!btn) return null;
		const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId: btn.backendNodeId });
		const q = model.border;
		return { x: (q[0] + q[4]) / 2, y: (q[1] + q[5]) / 2 };
	} catch (e) {
		return null; // the menu is being drawn: asked again
	} finally {
		await cdp.detach().catch(() => {});
	}
}

async function tripSignup(page) {
	await page.click('#email');
	const r = await waitFor('the alias offer in the email field', () => page.evaluate(() => {
		const h = document.querySelector('leaktrace-alias');
		const b = h && h.getBoundingClientRect();
		return b && b.width > 0 && { x: b.x + b.width / 2, y: b.y + b.height / 2 };
	}), 10000, 100);
	await page.mouse.click(r.x, r.y);
	const use = await waitFor('the alias menu\'s button under the field', () => aliasButton(page), 10000, 100);
	await page.mouse.click(use.x, use.y);
	await waitFor('the alias in the email field', () => page.$eval('#email', (e) => e.value.includes('@')), 5000, 50);
	await page.type('#mobile', PHONE_INTL);
	await page.type('#pw', PASSWORD);
}
tripSignup.password = true;

async function flowerCheckout(page) {
	await page.type('#name', 'Li Lei');
	await page.type('#mobile', '+86 138-0013-8000');
	await page.type('#addr', '88 Century Avenue, Shanghai');
}

function day(at) {
	return at.slice(0, 10);
}

async function main() {
	const build = path.resolve(process.argv[2] || 'build');
	lt = path.join(build, 'leaktrace');
	const reports = path.join(build, 'demo');
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'leaktrace-demo-'));
	const web = await server.start();
	const ctx = { extDir: path.resolve(__dirname, '..', 'extension'), host: path.join(build, 'leaktrace-host'), tmp, port: web.port };
	const t0 = Date.now();
	try {
		say(T('Once: per-site email aliases are made from your address.',
			'第一次：用你的邮箱地址为每个网站生成专属别名。'));
		run(['alias', '--base', BASE]);

		say(T(`${day(SITES.shop.at)}: you sign up on ${SITES.shop.host} with your phone number and an SMS code (手机号注册), and set a password.`,
			`${day(SITES.shop.at)}：你在 ${SITES.shop.host} 用手机号和短信验证码注册，并设置了密码。`));
		await visit(ctx, 'shop', shopSignup);
		say(T(`${day(SITES.trip.at)}: you sign up on ${SITES.trip.host}. In the email field the extension offers this site's own alias; you take it, give the same number, and reuse the password.`,
			`${day(SITES.trip.at)}：你在 ${SITES.trip.host} 注册。扩展在邮箱栏里提供了这个网站专属的别名，你用了它，填了同一个手机号，又用了同一个密码。`));
		const trip = await visit(ctx, 'trip', tripSignup);
		const alias = trip.identifiers.find((i) => i.kind === 'email').value;
		say(T(`${day(SITES.flower.at)}: you order flowers on ${SITES.flower.host} as a guest, with the number for the courier.`,
			`${day(SITES.flower.at)}：你在 ${SITES.flower.host} 以游客身份买花，留了手机号给快递员。`));
		await visit(ctx, 'flower', flowerCheckout);
		say(T('Each time, the extension saw the form sent and the host stored it in your keyring:',
			'每一次，扩展都看到了表单提交，由本地程序存进了你的系统密钥环：'));
		run(['list']);

		say(T('September: calls from strangers who know your number begin. You log them:',
			'九月：陌生人开始打来骚扰电话，他们知道你的号码。你把来电记下：'));
		run(['incident', 'add', PHONE, '--kind', 'call', '--from', '+86 21 5555 0101', '--at', '2026-09-14 10:31',
			'--note', T('claims to be a loan agent', '自称贷款中介')]);
		run(['incident', 'add', PHONE, '--kind', 'call', '--from', '+86 755 8888 0202', '--at', '2026-09-16 19:05',
			'--note', T('knows my name', '能叫出我的名字')]);
		say(T('Which sites had the number before the first call?', '来电之前，哪些网站拿到过这个号码？'));
		run(['trace', PHONE_INTL]);

		say(T(`October: spam arrives at ${alias}, the address only ${SITES.trip.site} was given. The number could only be ranked; the alias is certain:`,
			`十月：垃圾邮件寄到了 ${alias}，这个地址只给过 ${SITES.trip.site}。号码只能排出可能性，别名却是确定的：`));
		run(['incident', 'add', alias, '--kind', 'email', '--from', 'deals@promo-blast.example', '--at', '2026-10-03 08:15']);
		run(['trace', alias]);

		say(T('An evidence report for a complaint or the police, in both languages:',
			'给投诉或报警用的证据报告，中英文各一份：'));
		fs.rmSync(reports, { recursive: true, force: true }); // the reports of an earlier run
		fs.mkdirSync(reports, { recursive: true });
		const rel = (f) => path.relative(process.cwd(), path.join(reports, f));
		for (const lang of ZH ? ['zh', 'en'] : ['en', 'zh'])
			run(['evidence', PHONE_INTL, '-o', rel(`evidence-${lang}.html`), '--lang', lang]);

		say(T(`November: ${SITES.trip.site} warns of a login from another city. Mark it; leaktrace lists what to change:`,
			`十一月：${SITES.trip.site} 提醒有人在外地登录了你的账号。标记它，leaktrace 列出该改的密码：`));
		run(['report-login', SITES.trip.site, '--at', '2026-11-20 23:10', '--note', T('login alert from another city', '异地登录提醒')]);
		run(['rotate']);

		say(T(`The story took ${Math.round((Date.now() - t0) / 1000)} s on a throwaway keyring (your own was never touched). The reports stay in ${rel('')}:`,
			`整个故事用了 ${Math.round((Date.now() - t0) / 1000)} 秒，用的是一次性的密钥环（你自己的从未被碰过）。报告留在 ${rel('')}：`));
		for (const f of fs.readdirSync(reports).sort()) out(`  ${rel(f)}\n`);
	} finally {
		web.server.close();
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}

main().catch((e) => {
	console.error('demo: ' + (e && e.message ? e.message : e));
	process.exit(1);
});
