// Full-page screenshots of a built rapor site, on a phone and a desktop.
//
//   node tests/browser/shots.mjs SITE_DIR OUTDIR [PAGE...]
//
// PAGE defaults to the home page, a year page, a body's home, a unit
// page, the list of every body, the revision log and a chart's embed
// page (`make screenshots` writes them to
// docs/screenshots/ from the sample).  Writes
// OUTDIR/<page>-phone.png (375x812 CSS px at 2x) and <page>-desktop.png
// (1280x900), full page, plus <page>-<device>-first-screen.png (the
// viewport only: what a reader sees before scrolling), and prints their
// paths.  The site is served from 127.0.0.1
// under /rapor/, exactly as the browser tests serve it.
import fs from 'node:fs';
import path from 'node:path';
import { serveSite, siteContext, launch } from './lib.mjs';

const [siteArg, outArg, ...pageArgs] = process.argv.slice(2);
if (!siteArg || !outArg || !fs.existsSync(path.join(siteArg, 'index.html'))) {
	console.error('usage: node tests/browser/shots.mjs SITE_DIR OUTDIR [PAGE...]');
	process.exit(2);
}
const siteDir = path.resolve(siteArg);
const outDir = path.resolve(outArg);
const pages = pageArgs.length ? pageArgs : ['index.html', '2023/index.html',
	'kota-cilegon/index.html', '2023/kota-cilegon/dpmptsp/index.html', 'search/index.html',
	'data/revisions/index.html', 'kota-cilegon/history-embed.html'];
const DEVICES = [
	['phone', { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }],
	['desktop', { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 }],
];

fs.mkdirSync(outDir, { recursive: true });
const server = await serveSite(siteDir);
const { browser } = await launch();
let status = 0;
try {
	for (const [name, opts] of DEVICES) {
		const { ctx } = await siteContext(browser, siteDir, opts);
		const page = await ctx.newPage();
		page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
		for (const p of pages) {
			const r = await page.goto(server.root + p, { waitUntil: 'load' });
			if (!r || r.status() !== 200) {
				console.error(`${p}: HTTP ${r && r.status()}`);
				status = 1;
				continue;
			}
			// Lazy images below the first screen: loaded for the full page.
			await page.evaluate(async () => {
				for (const i of document.images) i.loading = 'eager';
				await Promise.all([...document.images].map((i) => i.complete ? 0 :
					new Promise((res) => { i.onload = i.onerror = res; })));
			});
			const slug = p.replace(/\/?index\.html$/, '').replace(/[^A-Za-z0-9]+/g, '-') || 'home';
			const file = path.join(outDir, `${slug}-${name}.png`);
			await page.screenshot({ path: file, fullPage: true });
			console.log(file);
			// What a reader sees before scrolling.
			const first = path.join(outDir, `${slug}-${name}-first-screen.png`);
			await page.screenshot({ path: first });
			console.log(first);
		}
		await ctx.close();
	}
} finally {
	await browser.close();
	await server.close();
}
process.exit(status);
