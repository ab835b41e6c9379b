// Charts in Chromium, on a 375-px phone and a 1280-px desktop.  Speaks TAP.
//
//   node tests/browser/charts.mjs SITE_DIR
//
// For every page with charts, at both widths: each chart's smallest text
// (the SVG's data-font-px: its glyphs are outlines, with no font-size)
// times the scale the page draws it at (the image's CSS width over its
// viewBox width) is at least 11 CSS px, and no chart sticks out of the
// screen.  For every chart once (overlap does not depend on the scale):
// no text run's ink overlaps another's.  And every page's og:image is a
// PNG the site has.  Served as e2e.mjs serves the
// site (lib.mjs).  With $BROWSER_PAGES (lib.mjs), only the pages it lists.
import fs from 'node:fs';
import path from 'node:path';
import { serveSite, siteContext, siteFile, htmlPages, launch, baseUrl, pageList, siteArg, watchdog } from './lib.mjs';

const MIN_TEXT_PX = 11;
const WIDTHS = [375, 1280];

let n = 0, failures = 0;
function report(name, problems) {
	n++;
	if (problems.length === 0) {
		console.log(`ok ${n} - ${name}`);
		return;
	}
	failures++;
	console.log(`not ok ${n} - ${name}`);
	for (const p of problems.slice(0, 25)) console.log(`# ${p}`);
	if (problems.length > 25) console.log(`# ... and ${problems.length - 25} more`);
}

const siteDir = siteArg('charts.mjs');
watchdog('the chart checks', 240);

// The pages looked at: every page, or those $BROWSER_PAGES lists.
const { kinds, own } = pageList([]);
const site = own ? htmlPages(siteDir) :
	kinds.map(([, p]) => p).filter((p) => fs.existsSync(path.join(siteDir, p)) && p.endsWith('.html'));
// Pages with charts, found in the HTML (a figure.chart holds an <img>).
const pages = site.filter((p) =>
	fs.readFileSync(path.join(siteDir, p), 'utf8').includes('<figure class="chart">'));

// Every page but 404.html and the charts' embed pages (noindex, made to
// be framed by another site, not shared) shares a picture: og:image
// names a PNG of the site (absolute with base_url, else relative to the
// page).
{
	const problems = [];
	const base = baseUrl(siteDir);
	const all = site.filter((p) => p !== '404.html' &&
		!p.endsWith('-embed.html'));
	for (const p of all) {
		const html = fs.readFileSync(path.join(siteDir, p), 'utf8');
		const m = html.match(/<meta property="og:image" content="([^"]+)">/);
		if (!m) { problems.push(`${p}: no og:image`); continue; }
		const u = m[1].replaceAll('&amp;', '&');
		const rel = base && u.startsWith(base) ? u.slice(base.length) :
		    path.posix.join(path.posix.dirname(p), u);
		const f = siteFile(siteDir, rel);
		if (!f) { problems.push(`${p}: og:image ${u} is not a file of the site`); continue; }
		if (!fs.readFileSync(f).subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10])))
			problems.push(`${p}: og:image ${u} is not a PNG`);
	}
	report(`og:image: every page (${all.length}) shares a PNG of the site`, problems);
}

const server = await serveSite(siteDir);
const { browser } = await launch();
const svgs = new Map();	// URL of an SVG -> the page that showed it first
try {
	report(`charts: the site has pages with charts (${pages.length})`,
	    pages.length ? [] : ['no page has a figure.chart']);
	for (const width of WIDTHS) {
		const { ctx } = await siteContext(browser, siteDir, {
			viewport: { width, height: 900 },
			...(width < 600 ? { isMobile: true, hasTouch: true } : {}),
		});
		const page = await ctx.newPage();
		const problems = [];
		let charts = 0;
		for (const p of pages) {
			// Sizes come from the width and height attributes and the
			// style sheet: the lazy images need not load (but for those
			// without the attributes).
			await page.goto(server.root + p, { waitUntil: 'domcontentloaded' });
			const figs = await page.evaluate(async () => {
				const out = [];
				for (const img of document.querySelectorAll('figure.chart img')) {
					const src = img.currentSrc || img.src;
					const text = await (await fetch(src)).text();
					const root = text.match(/<svg [^>]*>/);
					const vb = root && root[0].match(/viewBox="0 0 ([\d.]+) /);
					const fp = root && root[0].match(/data-font-px="([\d.]+)"/);
					// An image without width and height (some pages' charts)
					// has no size until it loads: load it.
					if (!img.hasAttribute('width')) {
						img.loading = 'eager';
						await img.decode().catch(() => {});
					}
					const r = img.getBoundingClientRect();
					out.push({
						src, cssWidth: r.width, right: r.right,
						viewBox: vb ? +vb[1] : 0, fontPx: fp ? +fp[1] : 0,
						screen: document.documentElement.clientWidth,
					});
				}
				return out;
			});
			for (const f of figs) {
				charts++;
				if (!svgs.has(f.src)) svgs.set(f.src, p);
				const name = `${p} ${f.src.replace(/^.*\/rapor\//, '')}`;
				if (!f.viewBox || !f.fontPx) {
					problems.push(`${name}: no viewBox width or data-font-px in the SVG`);
					continue;
				}
				const px = f.fontPx * f.cssWidth / f.viewBox;
				if (px < MIN_TEXT_PX)
					problems.push(`${name}: text ${f.fontPx} px drawn ${f.cssWidth.toFixed(1)} ` +
					    `of ${f.viewBox} px wide renders at ${px.toFixed(2)} px (< ${MIN_TEXT_PX})`);
				if (f.right > f.screen + 0.5)
					problems.push(`${name}: ends at ${f.right.toFixed(1)} px, the screen at ${f.screen}`);
			}
		}
		if (charts === 0) problems.push('no chart was shown');
		report(`charts: at ${width} px every chart's smallest text renders at ${MIN_TEXT_PX} CSS px ` +
		    `or more and fits the screen (${charts} charts)`, problems);
		await ctx.close();
	}

	// Overlap, in each SVG as drawn (inline, at its own size).
	{
		const { ctx } = await siteContext(browser, siteDir, { viewport: { width: 1280, height: 900 } });
		const page = await ctx.newPage();
		await page.goto(server.root + 'index.html', { waitUntil: 'load' });
		const problems = [];
		for (const [src, p] of svgs) {
			const text = await (await fetch(src)).text();
			const found = await page.evaluate((svg) => {
				const box = document.createElement('div');
				box.innerHTML = svg.replace(/^<\?xml[^>]*>\s*/, '');
				document.body.append(box);
				// A text run: a <g> whose children are glyphs (<use>).
				const runs = [...box.querySelectorAll('g')]
					.filter((g) => g.querySelector(':scope > use'))
					.map((g) => g.getBoundingClientRect())
					.filter((r) => r.width > 0 && r.height > 0);
				const bad = [];
				const t = 0.5;	// ink that only touches is not an overlap
				for (let i = 0; i < runs.length; i++)
					for (let j = i + 1; j < runs.length; j++) {
						const a = runs[i], b = runs[j];
						if (a.left + t < b.right && b.left + t < a.right &&
						    a.top + t < b.bottom && b.top + t < a.bottom)
							bad.push(`runs ${i + 1} and ${j + 1} at (${a.left.toFixed(0)}, ${a.top.toFixed(0)}) ` +
							    `and (${b.left.toFixed(0)}, ${b.top.toFixed(0)})`);
					}
				box.remove();
				return { bad, runs: runs.length };
			}, text);
			for (const b of found.bad)
				problems.push(`${src.replace(/^.*\/rapor\//, '')} (on ${p}): text ${b} overlap`);
		}
		report(`charts: no label overlaps another (${svgs.size} SVGs)`, problems);
		await ctx.close();
	}
} finally {
	await browser.close();
	await server.close();
}
console.log(`1..${n}`);
if (failures) console.log(`# ${failures} of ${n} chart checks failed`);
process.exit(failures ? 1 : 0);
