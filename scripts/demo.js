/* demo.js: leaktrace's main job end to end, for `make demo`.
 *
 * A headless Chromium loads the real extension and the real leaktrace-host,
 * a person (puppeteer) signs up with a phone number on a local sample page
 * (a Chinese shop's SMS signup, served from 127.0.0.1 as passport.shop-b.test),
 * and `leaktrace trace` then names the site that number was given to.
 * Runs inside scripts/keyring-session (a throwaway keyring), via scripts/demo.
 */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { launchChromium } = require('../tests/e2e/browsers');
const { writeHostManifest, waitFor } = require('../tests/e2e/lib');
const server = require('../tests/e2e/server');

const NUMBER = '138 0013 8000';
const SITE = 'passport.shop-b.test';

function say(step, text) {
	process.stdout.write(`\n[${step}] ${text}\n`);
}

async function signUp(port, browser) {
	const page = await browser.newPage();
	await page.goto(`http://${SITE}:${port}/register.html`, { waitUntil: 'load' });
	await page.type('#mobile', NUMBER.replace(/ /g, ''));
	await page.click('#send');
	await page.type('#code', '246810');
	await Promise.all([page.waitForNavigation({ timeout: 5000 }).catch(() => {}), page.click('#go')]);
}

async function main() {
	const build = path.resolve(process.argv[2] || 'build');
	const lt = path.join(build, 'leaktrace');
	const env = Object.assign({}, process.env, { LEAKTRACE_REGION: 'CN' });
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'leaktrace-demo-'));
	const web = await server.start();
	let chromium;

	try {
		say(1, `Headless Chromium starts with the leaktrace extension and ${path.join(build, 'leaktrace-host')}.`);
		chromium = await launchChromium({ extDir: path.resolve(__dirname, '..', 'extension'), tmp });
		writeHostManifest(chromium.hostManifest, path.join(build, 'leaktrace-host'), 'chromium');
		say(2, `It signs up on http://${SITE}/register.html (手机号注册) with the number ${NUMBER}.`);
		await signUp(web.port, chromium.browser);
		say(3, 'The extension saw a trusted signup, and the host stored it in the keyring:');
		await waitFor('the record in the keyring', () => {
			try {
				execFileSync(lt, ['trace', NUMBER], { env, stdio: 'ignore' });
				return true;
			} catch (e) {
				return false;
			}
		}, 20000, 200);
		process.stdout.write(execFileSync(lt, ['list'], { env }).toString());
		say(4, `Months later, spam calls arrive from a number that knows yours. Which site leaked ${NUMBER}?`);
		process.stdout.write(`\n$ leaktrace trace '+86 ${NUMBER}'\n`);
		process.stdout.write(execFileSync(lt, ['trace', '+86 ' + NUMBER], { env }).toString());
		process.stdout.write(`\nThe site that received ${NUMBER} is ${SITE.replace(/^passport\./, '')}.\n`);
	} finally {
		if (chromium) await chromium.close().catch(() => {});
		web.server.close();
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}

main().catch((e) => {
	console.error('demo: ' + (e && e.message ? e.message : e));
	process.exit(1);
});
