// SPDX-License-Identifier: MIT
/* server.js: the local web the e2e browsers visit.
 *
 * One HTTP server on 127.0.0.1 answers for every test site; the browser maps
 * all host names to 127.0.0.1 (Chromium --host-resolver-rules, Firefox
 * network.dns.forceResolve), and the Host header picks the folder:
 * http://www.shop-a.test:PORT/signup.html is pages/www.shop-a.test/signup.html,
 * and a host ending in the browser's tag (-c.test, -f.test) falls back to the
 * folder without it.
 * It also answers as an HTTP proxy (absolute request URIs), a fallback for
 * browsers that cannot remap DNS.
 *
 * Form posts and fetch() posts get a plain "thanks" page or {"ok":true} and
 * are counted per path, never echoed or stored: the test checks that the
 * identifiers end up nowhere in the browser profile except where leaktrace
 * puts them.
 */
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');

const PAGES = path.join(__dirname, 'pages');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css' };

function start() {
	const posts = new Map();
	const server = http.createServer((req, res) => {
		let url;
		try {
			url = new URL(req.url, 'http://' + (req.headers.host || 'localhost'));
		} catch (e) {
			res.writeHead(400).end();
			return;
		}
		const host = url.hostname.toLowerCase();
		if (req.method === 'POST') {
			req.resume();
			req.on('end', () => {
				const k = host + url.pathname;
				posts.set(k, (posts.get(k) || 0) + 1);
				if (/^\/api\//.test(url.pathname)) {
					res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
					res.end('{"ok":true}');
				} else {
					res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
					res.end('<!doctype html><meta charset="utf-8"><title>Thanks</title><h1 id="thanks">Thanks</h1>');
				}
			});
			return;
		}
		let rel = decodeURIComponent(url.pathname);
		if (rel.endsWith('/')) rel += 'index.html';
		let dir = path.join(PAGES, host);
		// www.pw-one-c.test: the site www.pw-one.test, one copy per browser run (c/f, cz/fz in Chinese) in the shared keyring
		if (!fs.existsSync(dir)) dir = path.join(PAGES, host.replace(/-[cf]z?(\.test)$/, '$1'));
		if (!fs.existsSync(dir)) dir = path.join(PAGES, '_generic'); // any other site: a plain signup
		const file = path.join(dir, path.normalize(rel));
		if (!file.startsWith(dir + path.sep)) {
			res.writeHead(403).end();
			return;
		}
		fs.readFile(file, (err, body) => {
			if (err) {
				res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
				return;
			}
			res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
				'cache-control': 'no-store' });
			res.end(body);
		});
	});
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () => resolve({ server, port: server.address().port, posts }));
	});
}

module.exports = { start };

if (require.main === module) {
	start().then(({ port }) => console.log('serving tests/e2e/pages on 127.0.0.1:' + port));
}
