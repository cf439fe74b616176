#!/usr/bin/env node
// SPDX-License-Identifier: MIT
/* content.js (bench): what the extension's content script costs a page, in a
 * real headless Chromium (scripts/bench runs it; no keyring or host needed).
 *
 *   node tests/bench/content.js [EXTENSION_DIR]     (default: extension/)
 *
 * Chromium and Firefox ESR each load a copy of the extension with PERF_HOOK on (the e2e
 * suite's copy, lib.instrumentedCopy); the content script measures itself
 * with performance.now() and an extension page reads the figures:
 *   - a page without forms (tests/e2e/pages/www.plain-m.test), loaded LOADS
 *     times: the start-up cost per load, and that clicks and Enter read nothing;
 *   - a page of 400 fields, half of them in 20 open shadow roots
 *     (www.bench-shadow.test/form.html): start-up, and the send (a click on
 *     a <div> "Sign up" after typing into 12 fields), SENDS times.
 * Prints key=value lines (medians and maxima in ms, counts of sends made and
 * seen), prefixed chromium_ and firefox_. Chromium's performance.now() is
 * coarsened to 0.1 ms. Exit 1 when a send went unseen, the page without forms
 * had one read, or a target (1 ms, 10 ms) is missed; 2 when it cannot measure.
 */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { start } = require('../e2e/server');
const { launchChromium, launchFirefox } = require('../e2e/browsers');
const L = require('../e2e/lib');

const ROOT = path.resolve(__dirname, '..', '..');
const LOADS = 15;
const SENDS = 7;

async function perfOf(probe, host) {
	return probe.evaluate(async (h) => {
		const a = globalThis.browser || globalThis.chrome;
		const tabs = await a.tabs.query({ url: `*://${h}/*` });
		return a.tabs.sendMessage(tabs[0].id, { type: 'leaktrace:perf' }, { frameId: 0 });
	}, host);
}

/* The figures in one browser, as key=value pairs prefixed with its name. */
async function measure(name, launch, ext, port, out) {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'leaktrace-bench-content-'));
	const ctx = await launch({ extDir: ext, tmp });
	try {
		const probe = await ctx.browser.newPage();
		await ctx.openExt(probe, 'options.html');
		const page = await ctx.browser.newPage();
		await page.bringToFront();

		const inits = [];
		let handled = 0;
		for (let i = 0; i < LOADS; i++) {
			await page.goto(`http://www.plain-m.test:${port}/index.html?i=${i}`, { waitUntil: 'load' });
			await page.click('#like');
			await page.keyboard.press('Enter');
			const p = await perfOf(probe, 'www.plain-m.test');
			inits.push(p.init);
			handled += p.handled.length;
		}
		out[name + '_noform_init_median_ms'] = L.median(inits);
		out[name + '_noform_init_max_ms'] = Math.max(...inits);
		out[name + '_noform_sends_read'] = handled;

		const binits = [];
		const sends = [];
		for (let i = 0; i < SENDS; i++) {
			await page.goto(`http://www.bench-shadow.test:${port}/form.html?i=${i}`, { waitUntil: 'load' });
			for (let q = 0; q < 10; q++) {
				const h = await page.$('#q' + q * 17);
				await h.click({ count: 3 });
				await h.type('x');
			}
			const em = await page.$('pierce/#em');
			await em.click();
			await em.type(`bench${i}@mail.test`);
			const pw = await page.$('pierce/#pw');
			await pw.click();
			await pw.type('Bench-pass-1');
			await page.click('#go');
			const p = await perfOf(probe, 'www.bench-shadow.test');
			binits.push(p.init);
			if (p.handled.length) sends.push(Math.max(...p.handled));
		}
		out[name + '_shadow400_init_median_ms'] = L.median(binits);
		out[name + '_shadow400_sends_made'] = SENDS;
		out[name + '_shadow400_sends_read'] = sends.length;
		out[name + '_shadow400_send_median_ms'] = sends.length ? L.median(sends) : 'none';
		out[name + '_shadow400_send_max_ms'] = sends.length ? Math.max(...sends) : 'none';
	} finally {
		await ctx.close().catch(() => {});
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}

async function main() {
	const source = path.resolve(process.argv[2] || path.join(ROOT, 'extension'));
	const ext = L.instrumentedCopy(source);
	const { server, port } = await start();
	const out = {};
	try {
		await measure('chromium', launchChromium, ext, port, out);
		await measure('firefox', launchFirefox, ext, port, out);
	} finally {
		server.close();
		fs.rmSync(ext, { recursive: true, force: true });
	}
	const counts = /_(?:sends_made|sends_read)$/;
	for (const [k, v] of Object.entries(out)) console.log(`${k}=${typeof v === 'number' && !counts.test(k) ? v.toFixed(3) : v}`);
	/* Alone (not under scripts/bench), the same verdicts: every send seen, none
	 * read on the page without forms, the targets met. */
	const bad = [];
	for (const b of ['chromium', 'firefox']) {
		if (out[b + '_noform_sends_read'] !== 0) bad.push(`${b}: the page without forms had ${out[b + '_noform_sends_read']} sends read`);
		if (out[b + '_shadow400_sends_read'] !== SENDS) bad.push(`${b}: ${out[b + '_shadow400_sends_read']} of ${SENDS} sends seen`);
		if (!(out[b + '_noform_init_median_ms'] <= 1)) bad.push(`${b}: start-up median ${out[b + '_noform_init_median_ms']} ms, over 1 ms`);
		if (!(out[b + '_shadow400_send_median_ms'] <= 10)) bad.push(`${b}: send median ${out[b + '_shadow400_send_median_ms']} ms, over 10 ms`);
	}
	for (const b of bad) console.error('bench content: ' + b);
	process.exitCode = bad.length ? 1 : 0;
}

main().catch((e) => {
	console.error('bench content: ' + (e && e.stack || e));
	process.exit(2);
});
