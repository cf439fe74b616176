// SPDX-License-Identifier: MIT
/* browsers.js: start a real Chromium or Firefox ESR with the unpacked
 * extension, through puppeteer-core (never a downloaded browser), and give the
 * suite one shape for both:
 *   { name, tag, browser, profileDir, extDir, tmp, hostManifest, extUrl(path),
 *     openExt(page, path), consoleTail(), close() }
 *
 * Chromium: --load-extension, host manifest in USER_DATA_DIR/NativeMessagingHosts
 * (a custom HOME's ~/.config/chromium is not read with --user-data-dir), host
 * names mapped by --host-resolver-rules. puppeteer's default
 * --disable-extensions must be dropped or the extension silently never starts.
 *
 * Firefox: WebDriver BiDi, the extension installed as a temporary add-on
 * (browser.installExtension), the host manifest in $HOME/.mozilla/
 * native-messaging-hosts, host names mapped by network.dns.forceResolve, and a
 * pinned moz-extension UUID so the suite can open the popup and options.
 * --remote-allow-system-access lets BiDi navigate to moz-extension:// pages.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');
const { waitFor } = require('./lib');

const CHROMIUM_ID = 'mfbhmookfccdhiccgdjdakbinbdgblde';
const FIREFOX_ID = 'leaktrace@leaktrace';
const FIREFOX_UUID = '6a0f3b9e-2c41-4d8e-9f17-5b2e4c8d1a73';

function keepTail(lines, max = 300) {
	return (chunk) => {
		for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(l);
		if (lines.length > max) lines.splice(0, lines.length - max);
	};
}

async function launchChromium({ extDir, tmp, lang }) {
	const profileDir = path.join(tmp, 'chromium-profile' + (lang ? '-' + lang : ''));
	fs.mkdirSync(path.join(profileDir, 'Default'), { recursive: true });
	// The browser's own form memory stays off, so the profile scan measures the extension.
	fs.writeFileSync(path.join(profileDir, 'Default', 'Preferences'), JSON.stringify({
		autofill: { profile_enabled: false, credit_card_enabled: false, enabled: false },
		credentials_enable_service: false,
		profile: { password_manager_enabled: false },
	}));
	const env = Object.assign({}, process.env);
	const args = [
		'--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
		'--disable-component-update', '--disable-sync',
		`--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`,
		'--host-resolver-rules=MAP * 127.0.0.1',
		'--enable-logging=stderr', '--v=0',
	];
	if (lang) {
		args.push('--lang=' + lang);
		env.LANGUAGE = lang.replace('-', '_');
		env.LANG = lang.replace('-', '_') + '.UTF-8';
	}
	const lines = [];
	const browser = await puppeteer.launch({
		executablePath: '/usr/bin/chromium', headless: true, userDataDir: profileDir, args, env,
		ignoreDefaultArgs: ['--disable-extensions'], protocolTimeout: 30000,
	});
	const proc = browser.process();
	if (proc) {
		proc.stderr && proc.stderr.on('data', keepTail(lines));
		proc.stdout && proc.stdout.on('data', keepTail(lines));
	}
	const base = `chrome-extension://${CHROMIUM_ID}/`;
	// The worker running is the sign the extension loaded.
	await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(base), { timeout: 15000 });
	browser.on('targetcreated', async (t) => {
		if (t.type() === 'service_worker' && t.url().startsWith(base)) {
			try {
				const w = await t.worker();
				w.on('console', (m) => lines.push('[worker] ' + m.text()));
			} catch (e) { /* gone */ }
		}
	});
	return {
		name: 'chromium', tag: 'c', browser, profileDir, extDir, tmp,
		hostManifest: path.join(profileDir, 'NativeMessagingHosts', 'org.leaktrace.host.json'),
		extStorageDirs: [path.join(profileDir, 'Default', 'Local Extension Settings', CHROMIUM_ID)],
		/* Chromium's session restore keeps the form state of open and recently
		 * closed tabs (what the person typed, as the browser's own feature);
		 * there is no switch to turn it off, so the scan leaves it out. */
		browserStateDirs: [path.join(profileDir, 'Default', 'Sessions')],
		extUrl: (p) => base + p,
		async openExt(page, p) {
			await page.bringToFront();
			await page.goto(base + p, { waitUntil: 'load' });
		},
		watchPage(page) {
			page.on('console', (m) => lines.push('[page ' + page.url().slice(0, 60) + '] ' + m.text()));
			page.on('pageerror', (e) => lines.push('[page error] ' + e.message));
		},
		consoleTail: () => lines.slice(-60).join('\n'),
		close: () => browser.close(),
	};
}

async function launchFirefox({ extDir, tmp, lang }) {
	const home = path.join(tmp, 'firefox-home' + (lang ? '-' + lang : ''));
	const profileDir = path.join(tmp, 'firefox-profile' + (lang ? '-' + lang : ''));
	fs.mkdirSync(home, { recursive: true });
	fs.mkdirSync(profileDir, { recursive: true });
	const prefs = {
		'extensions.originControls.grantByDefault': true,
		'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ID]: FIREFOX_UUID }),
		'network.dns.forceResolve': '127.0.0.1',
		'network.proxy.type': 0,
		'dom.security.https_first': false,
		'dom.security.https_only_mode': false,
		'browser.formfill.enable': false,
		'signon.rememberSignons': false,
		'browser.sessionstore.privacy_level': 2,
		'devtools.console.stdout.content': true,
		'devtools.console.stdout.chrome': true,
		'extensions.logging.enabled': false,
		// performance.now() is clamped to 1 ms by default: too coarse for the content script figures
		'privacy.reduceTimerPrecision': false,
		// No desktop notification server in the private D-Bus session: Firefox's own alert window shows extension notifications
		'alerts.useSystemBackend': false,
	};
	if (lang) {
		prefs['intl.locale.requested'] = lang;
		prefs['extensions.autoDisableScopes'] = 0;
		prefs['extensions.enabledScopes'] = 15;
	}
	const lines = [];
	const env = Object.assign({}, process.env, { HOME: home });
	const browser = await puppeteer.launch({
		browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true, userDataDir: profileDir,
		args: ['--remote-allow-system-access'], extraPrefsFirefox: prefs, env, protocolTimeout: 30000,
	});
	const proc = browser.process();
	if (proc) {
		proc.stderr && proc.stderr.on('data', keepTail(lines));
		proc.stdout && proc.stdout.on('data', keepTail(lines));
	}
	await browser.installExtension(extDir);
	const base = `moz-extension://${FIREFOX_UUID}/`;
	return {
		name: 'firefox', tag: 'f', browser, profileDir, extDir, home, tmp,
		hostManifest: path.join(home, '.mozilla', 'native-messaging-hosts', 'org.leaktrace.host.json'),
		extStorageDirs: [path.join(profileDir, 'storage', 'default', `moz-extension+++${FIREFOX_UUID}^userContextId=4294967295`),
			path.join(profileDir, 'storage', 'default', `moz-extension+++${FIREFOX_UUID}`)],
		browserStateDirs: [], // form history, passwords and session form data are off by prefs
		extUrl: (p) => base + p,
		/* BiDi reports no load for a navigation into the extension process;
		 * the new document answering is the sign it arrived. */
		async openExt(page, p) {
			const url = base + p;
			await page.bringToFront();
			let here = '';
			try { here = await page.evaluate(() => location.href); } catch (e) { /* navigating */ }
			if (here.startsWith(base)) {
				// mark the old document, so that it is not mistaken for the new one
				await page.evaluate((u) => { window.__leaving = true; location.href = u; }, url).catch(() => {});
			} else {
				await page.goto(url, { waitUntil: 'load', timeout: 1500 }).catch(() => {});
			}
			await waitFor('extension page ' + p, async () =>
				(await page.evaluate(() => (window.__leaving ? 'old ' : '') + location.href + ' ' + document.readyState)) === url + ' complete', 10000);
		},
		watchPage(page) {
			page.on('console', (m) => lines.push('[page] ' + m.text()));
			page.on('pageerror', (e) => lines.push('[page error] ' + e.message));
		},
		consoleTail: () => lines.slice(-60).join('\n'),
		close: () => browser.close(),
	};
}

module.exports = { launchChromium, launchFirefox, CHROMIUM_ID, FIREFOX_ID, FIREFOX_UUID };
