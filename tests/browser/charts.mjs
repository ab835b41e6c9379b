// Charts in Chromium, on a 375-px phone and a 1280-px desktop.  Speaks TAP.
//
//   node tests/browser/charts.mjs SITE_DIR
//
// For every page with charts, at both widths: each chart's smallest text
// (the SVG's data-font-px: its glyphs are outlines, with no font-size)
// times the scale the page draws it at (the image's CSS width over its
// viewBox width) is at least 11 CSS px, and no chart sticks out of the
// screen.  For every chart once (overlap does not depend on the scale):
// no text run's ink overlaps another's.  Every chart's <img>, on the
// pages that show it, on its embed page and in its embed code, has the
// SVG's width and height, and takes its room before it loads.  And every
// page's og:image is a PNG the site has, of the og:image:width and
// og:image:height the page gives.  Served as e2e.mjs serves the
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
		const png = fs.readFileSync(f);
		if (!png.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]))) {
			problems.push(`${p}: og:image ${u} is not a PNG`);
			continue;
		}
		// Its size as the page says it, from the PNG's IHDR.
		const w = html.match(/<meta property="og:image:width" content="(\d+)">/);
		const h = html.match(/<meta property="og:image:height" content="(\d+)">/);
		if (!w || !h || +w[1] !== png.readUInt32BE(16) || +h[1] !== png.readUInt32BE(20))
			problems.push(`${p}: og:image:width and height ${w ? w[1] : '(none)'} x ${h ? h[1] : '(none)'}, ` +
			    `the PNG ${u} is ${png.readUInt32BE(16)} x ${png.readUInt32BE(20)}`);
	}
	report(`og:image: every page (${all.length}) shares a PNG of the site, of the size it says`, problems);
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
			// style sheet: the lazy images need not load (every chart's
			// <img> has them: checked below).
			await page.goto(server.root + p, { waitUntil: 'domcontentloaded' });
			const figs = await page.evaluate(async () => {
				const out = [];
				for (const img of document.querySelectorAll('figure.chart img')) {
					const src = img.currentSrc || img.src;
					const text = await (await fetch(src)).text();
					const root = text.match(/<svg [^>]*>/);
					const vb = root && root[0].match(/viewBox="0 0 ([\d.]+) /);
					const fp = root && root[0].match(/data-font-px="([\d.]+)"/);
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

	// Sizes: every chart's <img> (on its pages, on the embed pages, in
	// the embed code) has width and height, the SVG's own (its root's
	// width, height and viewBox, and the size Chromium finds when it
	// loads it); so before it loads, the page keeps it the room it
	// takes once loaded, and nothing below it moves (no layout shift).
	{
		const { ctx } = await siteContext(browser, siteDir, {
			viewport: { width: 375, height: 700 }, isMobile: true, hasTouch: true,
		});
		const page = await ctx.newPage();
		const problems = [], seen = new Set();
		let imgs = 0, snippets = 0;
		const embeds = site.filter((p) => p.endsWith('-embed.html'));
		for (const p of [...pages, ...embeds]) {
			await page.goto(server.root + p, { waitUntil: 'domcontentloaded' });
			const found = await page.evaluate(async () => {
				const svgSize = async (src) => {
					const text = await (await fetch(src)).text();
					const root = (text.match(/<svg [^>]*>/) || [''])[0];
					const num = (re) => { const m = root.match(re); return m ? +m[1] : NaN; };
					const vb = root.match(/viewBox="0 0 ([\d.]+) ([\d.]+)"/);
					return {
						w: num(/ width="([\d.]+)(?:px)?"/), h: num(/ height="([\d.]+)(?:px)?"/),
						vbw: vb ? +vb[1] : NaN, vbh: vb ? +vb[2] : NaN,
					};
				};
				const attr = (el, a) => el.hasAttribute(a) ? el.getAttribute(a) : null;
				const imgs = [], snippets = [];
				// The style sheets first: a page without scripts (the embed
				// pages) can be ready before them.
				await Promise.all([...document.querySelectorAll('link[rel="stylesheet"]')]
					.map((l) => l.sheet ? 0 : new Promise((r) => {
						l.addEventListener('load', r);
						l.addEventListener('error', r);
					})));
				for (const img of document.querySelectorAll('figure.chart img, .chart img')) {
					const src = img.currentSrc || img.src;
					const box0 = img.getBoundingClientRect();
					img.loading = 'eager';
					await img.decode().catch(() => {});
					const box1 = img.getBoundingClientRect();
					imgs.push({
						src, w: attr(img, 'width'), h: attr(img, 'height'), svg: await svgSize(src),
						nat: [img.naturalWidth, img.naturalHeight],
						before: [box0.width, box0.height], after: [box1.width, box1.height],
					});
				}
				for (const ta of document.querySelectorAll('details.embed textarea')) {
					const el = new DOMParser().parseFromString(ta.value, 'text/html').body.querySelector('img, iframe');
					if (!el) { snippets.push({ id: ta.id, none: true }); continue; }
					const src = el.tagName === 'IMG' ? el.src : el.src.replace(/-embed\.html$/, '.svg');
					snippets.push({
						id: ta.id, tag: el.tagName, w: attr(el, 'width'), h: attr(el, 'height'),
						style: attr(el, 'style') || '', svg: await svgSize(src),
					});
				}
				return { imgs, snippets };
			});
			for (const f of found.imgs) {
				imgs++;
				const name = `${p} ${f.src.replace(/^.*\/rapor\//, '')}`;
				const s = f.svg;
				if (!(s.w > 0 && s.h > 0) || s.w !== s.vbw || s.h !== s.vbh) {
					problems.push(`${name}: the SVG's width and height (${s.w} x ${s.h}) are not its viewBox's (${s.vbw} x ${s.vbh})`);
					continue;
				}
				if (f.w === null || f.h === null) {
					problems.push(`${name}: <img> without ${f.w === null ? 'width' : 'height'} (the SVG is ${s.w} x ${s.h})`);
					continue;
				}
				if (+f.w !== s.w || +f.h !== s.h || f.nat[0] !== s.w || f.nat[1] !== s.h)
					problems.push(`${name}: <img> width ${f.w} height ${f.h}, the SVG is ${s.w} x ${s.h} ` +
					    `(loaded: ${f.nat[0]} x ${f.nat[1]})`);
				if (Math.abs(f.before[1] - f.after[1]) > 0.5 || f.after[1] <= 0)
					problems.push(`${name}: ${f.before[1].toFixed(1)} px tall before it loads, ` +
					    `${f.after[1].toFixed(1)} px after`);
				seen.add(f.src.replace(/^.*\/rapor\//, ''));
			}
			for (const t of found.snippets) {
				snippets++;
				const name = `${p} #${t.id}`;
				const s = t.svg;
				if (t.none) { problems.push(`${name}: no <img> or <iframe> in the embed code`); continue; }
				if (t.tag === 'IMG' && (+t.w !== s.w || +t.h !== s.h))
					problems.push(`${name}: <img> snippet ${t.w} x ${t.h}, the SVG is ${s.w} x ${s.h}`);
				if (t.tag === 'IFRAME') {
					const ar = t.style.match(/aspect-ratio:(\d+)\/(\d+)/);
					const mw = t.style.match(/max-width:(\d+)px/);
					if (+t.w !== s.w || !(+t.h > s.h) || !ar || +ar[1] !== +t.w || +ar[2] !== +t.h ||
					    !mw || +mw[1] !== s.w)
						problems.push(`${name}: <iframe> ${t.w} x ${t.h}, ${t.style}: ` +
						    `the SVG is ${s.w} x ${s.h}`);
				}
			}
		}
		// Each kind of page that shows charts was looked at.
		const kindOf = (p) => p.endsWith('-embed.html') ? 'embed page' :
		    p === 'index.html' ? 'home' : /^\d{4}\/index\.html$/.test(p) ? 'year' :
		    /^\d{4}\/[^/]+\/index\.html$/.test(p) ? 'body in a year' :
		    /^\d{4}\/[^/]+\/[^/]+\/index\.html$/.test(p) ? 'unit in a year' :
		    /^[^/]+\/index\.html$/.test(p) ? 'body' : 'other';
		const kindsSeen = new Set([...pages, ...embeds].map(kindOf));
		if (own)
			for (const k of ['home', 'year', 'body in a year', 'unit in a year', 'body', 'embed page'])
				if (!kindsSeen.has(k)) problems.push(`no page of kind '${k}' has a chart`);
		if (imgs === 0) problems.push('no chart was shown');
		report(`charts: every chart's <img> and embed code has its SVG's width and height, ` +
		    `and keeps its room before it loads (${imgs} images of ${seen.size} SVGs, ${snippets} snippets, ` +
		    `pages: ${[...kindsSeen].sort().join(', ')})`, problems);
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
