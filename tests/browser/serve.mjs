// rapor serve's live preview in Chromium.  Speaks TAP.
//
//   node tests/browser/serve.mjs RAPOR CONTENT TEMPLATES
//
// Starts `RAPOR serve -p 0` on CONTENT and TEMPLATES (a copy: this edits
// its base.mustache and puts it back), opens a body's page and checks, in
// a real browser: the live script opens its event stream on the page's own
// path (/.rapor/events/PAGE, so that serve makes that page first); an edit
// of the layout reloads the page with the edit, and the terminal says the
// open page was made first; a broken template shows the errors over the
// page, and the fix takes them away; a build that fails after the page
// was shown ahead sends it back to the last good page under its errors;
// no console error or failed request meanwhile; SIGINT stops serve with
// status 130.  CONTENT is a copy too: a page is added to it and removed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { tap, watchPage, watchdog, launchOrBail } from './lib.mjs';

const [rapor, content, templates] = process.argv.slice(2);
if (!rapor || !content || !templates) {
	console.log('Bail out! usage: node serve.mjs RAPOR CONTENT TEMPLATES');
	process.exit(2);
}
const { report, check, done } = tap('serve checks');
watchdog('the serve tests', 120);

const base = path.join(templates, 'base.mustache');
const original = fs.readFileSync(base, 'utf8');
if (!original.includes('</body>')) {
	console.log(`Bail out! ${base} has no </body> to put a mark before`);
	process.exit(2);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rapor-serve-browser-'));
let log = '';
const child = spawn(rapor, ['serve', '-p', '0', '-C', content, '-t', templates],
	{ env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'ignore', 'pipe'] });
child.stderr.on('data', (b) => { log += b; });
const exited = new Promise((r) => child.on('exit', (code, sig) => r({ code, sig })));

/* Wait until pred() holds, every 50 ms, for at most ms; its last value. */
async function until(pred, ms) {
	const end = Date.now() + ms;
	for (;;) {
		const v = await pred();
		if (v || Date.now() > end) return v;
		await new Promise((r) => setTimeout(r, 50));
	}
}

async function closeAll() {
	fs.writeFileSync(base, original);
	if (child.exitCode === null) child.kill('SIGKILL');
	fs.rmSync(tmp, { recursive: true, force: true });
}

const m = await until(() => log.match(/^rapor: serving (http:\/\/127\.0\.0\.1:\d+)\//m), 30000);
if (!m) {
	console.log('Bail out! rapor serve did not say where it serves');
	for (const l of log.split('\n').slice(-10)) console.log(`# ${l}`);
	await closeAll();
	process.exit(1);
}
const origin = m[1];
const { browser, close } = await launchOrBail(closeAll);
const page = await (await browser.newContext()).newPage();
const errs = watchPage(page);
/* A reload aborts what the page it replaces still had in flight (its
   event stream, a favicon): those requests, started before the request
   of a navigation of the page and aborted after it, are the reload's
   doing, not errors. */
let navs = 0;
const started = new Map();
const byReload = new Set();
page.on('request', (r) => {
	started.set(r, navs);
	if (r.isNavigationRequest() && r.frame() === page.mainFrame()) navs++;
});
page.on('requestfailed', (r) => {
	if (r.failure()?.errorText === 'net::ERR_ABORTED' && started.get(r) < navs)
		byReload.add(`request failed: ${r.url()} (${r.failure()?.errorText})`);
});
const PAGE = '/2023/kota-cilegon/';

await check('the live script opens its event stream on its page\'s path', async () => {
	const stream = page.waitForResponse((r) => new URL(r.url()).pathname === `/.rapor/events${PAGE}`,
		{ timeout: 10000 });
	await page.goto(origin + PAGE, { waitUntil: 'load' });
	const r = await stream;
	return r.status() === 200 ? [] : [`the stream answered ${r.status()}`];
});

await check('a layout edit: the open page reloads with it, made first', async () => {
	const lines = log.split('\n').length;
	const loaded = page.waitForEvent('load', { timeout: 20000 });
	const t0 = Date.now();
	fs.writeFileSync(base, original.replace('</body>', '<p id="live-mark">mark-1</p>\n</body>'));
	await loaded;
	const ms = Date.now() - t0;
	const problems = [];
	const text = await page.locator('#live-mark').textContent({ timeout: 5000 }).catch(() => null);
	if (text !== 'mark-1') problems.push(`the page shows ${JSON.stringify(text)}, not the mark`);
	const said = await until(() => log.split('\n').slice(lines - 1)
		.find((l) => l.startsWith('rapor: rebuilt in ')), 10000);
	if (!said || !/open pages made first and told to reload [0-9.]+ s after the change$/.test(said))
		problems.push(`the terminal said: ${said}`);
	console.log(`# reloaded ${ms} ms after the edit`);
	return problems;
});

await check('a broken template: its errors over the page; the fix reloads without them', async () => {
	const problems = [];
	fs.writeFileSync(base, original.replace('</body>', '{{#unclosed}}\n</body>'));
	const shown = await until(() => page.locator('#rapor-serve-errors').count(), 20000);
	if (!shown) problems.push('no error box over the page');
	else {
		const t = await page.locator('#rapor-serve-errors').textContent();
		if (!/base\.mustache:\d+:\d+: error: /.test(t)) problems.push(`the box says: ${t.slice(0, 300)}`);
	}
	const loaded = page.waitForEvent('load', { timeout: 20000 });
	fs.writeFileSync(base, original);
	await loaded;
	if (await page.locator('#rapor-serve-errors').count()) problems.push('the errors are still shown');
	if (await page.locator('#live-mark').count()) problems.push('the mark is still there');
	return problems;
});

await check('a build failing after the page was shown: back to the last good page, errors over it', async () => {
	const problems = [];
	const dir = (log.match(/^rapor: building into (.*) \(removed on exit\)$/m) || [])[1];
	if (!dir) return ['serve did not say where it builds'];
	/* A file of someone else's where the new page goes: the publish fails,
	   after the open page (whose menu gains the page) was shown. */
	fs.writeFileSync(path.join(dir, 'foo'), 'not rapor\'s\n');
	fs.writeFileSync(path.join(content, 'foo.md'), '# Foo\n\nA page.\n');
	const shown = await until(() => page.locator('#rapor-serve-errors').count(), 20000);
	if (!shown) problems.push('no error box over the page');
	else {
		const t = await page.locator('#rapor-serve-errors').textContent();
		if (!/foo: error: .*in the way/.test(t)) problems.push(`the box says: ${t.slice(0, 300)}`);
	}
	if (await page.locator('a[href$="/foo/index.html"]').count())
		problems.push('behind the box is the page that was not published (it links to foo/)');
	const loaded = page.waitForEvent('load', { timeout: 20000 }).catch(() => null);
	fs.rmSync(path.join(content, 'foo.md'));
	fs.rmSync(path.join(dir, 'foo'));
	if (!await until(async () => !(await page.locator('#rapor-serve-errors').count()), 20000))
		problems.push('the errors are still shown after the fix');
	await Promise.race([loaded, new Promise((r) => setTimeout(r, 1000))]);
	return problems;
});

report('no console error, page error or failed request',
	errs.filter((e) => !byReload.has(e)));

await close();
child.kill('SIGINT');
const { code, sig } = await exited;
report('SIGINT stops serve with status 130', code === 130 || sig === 'SIGINT' ? [] : [`exit ${code}, signal ${sig}`]);
await closeAll();
process.exit(done());
