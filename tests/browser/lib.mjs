// Shared helpers for the browser tests (e2e.mjs) and the screenshot
// command (shots.mjs): a loopback static server that serves a built site
// under a sub-path, and Debian's Chromium driven by playwright-core.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// Flags: headless in a container as root, and no background connections
// (this machine's network refuses them, and a test must not depend on them).
export const CHROMIUM_ARGS = [
	'--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
	'--no-first-run', '--disable-background-networking',
	'--disable-component-update', '--disable-sync',
	'--disable-dev-shm-usage',
];

/* The sub-path the site is served under: proves that every link is relative. */
export const PREFIX = '/rapor/';

const TYPES = {
	'.html': 'text/html; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.csv': 'text/csv; charset=utf-8',
	'.xml': 'application/xml; charset=utf-8',
	'.txt': 'text/plain; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.webp': 'image/webp',
	'.jpg': 'image/jpeg',
	'.ico': 'image/x-icon',
	'.woff2': 'font/woff2',
};

export function contentType(file) {
	return TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

/* Map a URL path inside the site ("2023/index.html", "2023/") to a file
   in siteDir, like a static host: a folder serves its index.html.  Returns
   null if there is no such file or the path escapes the site. */
export function siteFile(siteDir, rel) {
	let p;
	try { p = decodeURIComponent(rel); } catch { return null; }
	if (p.includes('\0')) return null;
	const root = path.resolve(siteDir);
	let f = path.resolve(root, '.' + path.posix.normalize('/' + p));
	if (f !== root && !f.startsWith(root + path.sep)) return null;
	try {
		if (fs.statSync(f).isDirectory()) f = path.join(f, 'index.html');
		return fs.statSync(f).isFile() ? f : null;
	} catch { return null; }
}

/* Serve siteDir at http://127.0.0.1:PORT/rapor/ (loopback only, a free
   port).  Anything else answers 404.html with status 404, as a static host
   configured for the site would.  Every request is recorded in `log`. */
export async function serveSite(siteDir) {
	const log = [];
	const notFound = path.join(siteDir, '404.html');
	const server = http.createServer((req, res) => {
		const url = new URL(req.url, 'http://127.0.0.1');
		let file = null;
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			res.writeHead(405, { Allow: 'GET, HEAD' });
			res.end();
			log.push({ url: req.url, status: 405 });
			return;
		}
		if (url.pathname.startsWith(PREFIX))
			file = siteFile(siteDir, url.pathname.slice(PREFIX.length));
		const status = file ? 200 : 404;
		if (!file) file = fs.existsSync(notFound) ? notFound : null;
		log.push({ url: req.url, status });
		const body = file ? fs.readFileSync(file) : Buffer.from('not found\n');
		res.writeHead(status, {
			'Content-Type': file ? contentType(file) : 'text/plain; charset=utf-8',
			'Content-Length': body.length,
			'Cache-Control': 'no-store',
			'X-Content-Type-Options': 'nosniff',
		});
		res.end(req.method === 'HEAD' ? undefined : body);
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	const { port } = server.address();
	return {
		origin: `http://127.0.0.1:${port}`,
		root: `http://127.0.0.1:${port}${PREFIX}`,
		log,
		close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
	};
}

/* The site's own absolute address (site.ini base_url), from the home
   page's canonical link; null when the site has none. */
export function baseUrl(siteDir) {
	try {
		const html = fs.readFileSync(path.join(siteDir, 'index.html'), 'utf8');
		const m = html.match(/<link rel="canonical" href="([^"]+)"/);
		if (!m) return null;
		const u = new URL(m[1]);
		if (!u.pathname.endsWith('/')) u.pathname = u.pathname.replace(/[^/]*$/, '');
		return u.href;
	} catch { return null; }
}

/* Launch Chromium with a fresh profile.  Returns { browser, close }. */
/* The built site a suite checks, its first argument: a usage bail-out
   (exit 2) when it holds no index.html. */
export function siteArg(script) {
	const siteDir = path.resolve(process.argv[2] || '');
	if (!process.argv[2] || !fs.existsSync(path.join(siteDir, 'index.html'))) {
		console.log(`Bail out! usage: node ${script} SITE_DIR (no index.html in ${siteDir})`);
		process.exit(2);
	}
	return siteDir;
}

/* A suite that hangs bails out after `seconds`, saying what took long. */
export function watchdog(what, seconds) {
	const t = setTimeout(() => {
		console.log(`Bail out! ${what} took longer than ${seconds} s`);
		process.exit(1);
	}, seconds * 1000);
	t.unref();
}

/* Chromium, or a bail-out that says why it did not start (after
   closeAll(), which closes the suite's servers). */
export async function launchOrBail(closeAll) {
	try {
		return await launch();
	} catch (e) {
		console.log(`Bail out! cannot start Chromium: ${String(e.message).split('\n')[0]}`);
		await closeAll();
		process.exit(1);
	}
}

export async function launch() {
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: CHROMIUM_ARGS,
		timeout: 30000,
	});
	return { browser, close: () => browser.close() };
}

/* A browser context in which the site's absolute address (base_url, used
   by 404.html, which is served at any depth) is answered from siteDir, and
   every request that leaves the loopback server is refused and recorded
   in `external`: a page must not depend on another host. */
export async function siteContext(browser, siteDir, options = {}) {
	const ctx = await browser.newContext({ locale: 'id-ID', ...options });
	const base = baseUrl(siteDir);
	const external = [];
	await ctx.route('**/*', (route) => {
		const u = route.request().url();
		if (base && u.startsWith(base)) {
			const f = siteFile(siteDir, new URL(u).pathname.slice(new URL(base).pathname.length));
			if (f)
				return route.fulfill({ status: 200, contentType: contentType(f), body: fs.readFileSync(f) });
			return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
		}
		const { protocol, hostname } = new URL(u);
		if (protocol === 'data:' || protocol === 'blob:' || protocol === 'file:' ||
		    hostname === '127.0.0.1')
			return route.continue();
		external.push(u);
		return route.abort('blockedbyclient');
	});
	return { ctx, external, base };
}

/* Every .html file of the site, as paths relative to siteDir with "/". */
export function htmlPages(siteDir) {
	const out = [];
	(function walk(dir) {
		for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
			const f = path.join(dir, e.name);
			if (e.isDirectory()) walk(f);
			else if (e.name.endsWith('.html')) out.push(path.relative(siteDir, f).split(path.sep).join('/'));
		}
	})(siteDir);
	return out.sort();
}


/* TAP for a test script: report(name, problems) prints "ok N" or "not ok N"
   with the problems as comments; check(name, fn) reports what fn returns
   (an exception is a problem); done() prints the plan and returns the exit
   status.  (e2e.mjs has its own copy of these, older than this one.) */
export function tap(what = 'checks') {
	let n = 0, failures = 0;
	function report(name, problems) {
		n++;
		if (!problems || problems.length === 0) {
			console.log(`ok ${n} - ${name}`);
			return;
		}
		failures++;
		console.log(`not ok ${n} - ${name}`);
		for (const p of problems.slice(0, 25))
			for (const line of String(p).split('\n')) console.log(`# ${line}`);
		if (problems.length > 25) console.log(`# ... and ${problems.length - 25} more`);
	}
	async function check(name, fn) {
		let problems;
		try {
			problems = await fn();
		} catch (e) {
			problems = [`exception: ${e && e.stack ? e.stack.split('\n').slice(0, 4).join('\n') : e}`];
		}
		report(name, problems || []);
	}
	function done() {
		console.log(`1..${n}`);
		if (failures) console.log(`# ${failures} of ${n} ${what} failed`);
		return failures ? 1 : 0;
	}
	return { report, check, done };
}

/* Console errors, page errors, failed requests and error responses of
   page, collected from now on.  okStatus: URLs allowed to be >= 400. */
export function watchPage(page, okStatus = () => false) {
	const errs = [];
	page.on('console', (m) => {
		if (m.type() !== 'error') return;
		if (/^Failed to load resource/.test(m.text()) && okStatus(m.location().url)) return;
		errs.push(`console error: ${m.text()} (${m.location().url})`);
	});
	page.on('pageerror', (e) => errs.push(`page error: ${e.message}`));
	page.on('requestfailed', (r) => errs.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
	page.on('response', (r) => {
		if (r.status() >= 400 && !okStatus(r.url())) errs.push(`HTTP ${r.status()}: ${r.url()}`);
	});
	return errs;
}

/* The pages a suite looks at, as [kind, path] pairs: the file named by
   $BROWSER_PAGES if set (one page a line, its path in the site, then
   blanks and its kind in words; "#" starts a comment), else the suite's
   own list for the sample site.  `own` says which: a suite skips its
   checks that know the sample's names when it is false.  A path of the
   list that the site lacks is kept, for the suite to report. */
export function pageList(defaults) {
	const f = process.env.BROWSER_PAGES;
	if (!f) return { kinds: defaults, own: true };
	const kinds = [];
	for (const line of fs.readFileSync(f, 'utf8').split(/\r?\n/)) {
		const l = line.replace(/#.*/, '').trim();
		if (!l) continue;
		const m = l.match(/^(\S+)\s*(.*)$/);
		kinds.push([m[2] || m[1], m[1]]);
	}
	if (kinds.length === 0) throw new Error(`no pages in ${f}`);
	return { kinds, own: false };
}
