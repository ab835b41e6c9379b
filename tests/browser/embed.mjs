// Browser tests of the embeds: each chart's embed code, and its embed page
// framed by a page of another origin.  Speaks TAP.
//
//   node tests/browser/embed.mjs SITE_DIR
//
// The site is served on one loopback port (under /rapor/), a host page on
// another: a different origin, as a newspaper's page framing the chart is.
// The snippets are taken from the site's pages as a reader copies them,
// with the site's base_url replaced by the loopback address it is served
// at (the snippets' URLs are base_url and a path).  Checks, for one chart
// of each kind at 375 and 1280 px: the frame loads its chart, with no
// console error, failed request or request to another host, no script,
// noindex, axe finds no violation inside it, its content fits the frame's
// fixed ratio, its links resolve; the <img> snippet loads on the other
// origin; the embed code reads without JavaScript; every snippet of the
// site names an embed page that exists, and no embed page is in the sitemap.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveSite, siteContext, siteFile, htmlPages, baseUrl, tap, watchPage, pageList, siteArg, watchdog, launchOrBail } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const AXE = path.join(here, 'node_modules', 'axe-core', 'axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const WIDTHS = [375, 1280];

/* The page whose embed code is read, and the chart, per kind of chart.
   With $BROWSER_PAGES (lib.mjs): the first chart of each page it lists,
   and the site-wide checks on those pages only. */
const SAMPLE_CHARTS = [
	['year: zones', '2023/index.html', 'embed-zones'],
	['year: scores', '2023/index.html', 'embed-scores'],
	['body in a year: units', '2023/kota-cilegon/index.html', 'embed-units'],
	['body: history', 'kota-cilegon/index.html', 'embed-history'],
	['home: the latest year\'s scores', 'index.html', 'embed-scores'],
];

const { report, check, done } = tap('embed checks');
const { kinds, own } = pageList([]);

const siteDir = siteArg('embed.mjs');
watchdog('the embed tests', 120);

const listed = own ? htmlPages(siteDir) :
	kinds.map(([, p]) => p).filter((p) => p.endsWith('.html') && fs.existsSync(path.join(siteDir, p)));
const CHARTS = own ? SAMPLE_CHARTS : listed.flatMap((p) => {
	const m = fs.readFileSync(path.join(siteDir, p), 'utf8').match(/<textarea id="([^"]+)-iframe"/);
	return m ? [[kinds.find(([, q]) => q === p)[0], p, m[1]]] : [];
});
/* A page of the list with embed code, for the check without JavaScript. */
const NOJS_PAGE = own ? '2023/index.html' : (CHARTS[0] || [])[1] || 'index.html';
const site = await serveSite(siteDir);
const base = baseUrl(siteDir);

/* The other origin: a host page per request, /host?i=N, holding host[N]. */
const host = [];
const hostServer = http.createServer((req, res) => {
	const u = new URL(req.url, 'http://127.0.0.1');
	const body = host[Number(u.searchParams.get('i'))];
	if (u.pathname !== '/host' || body === undefined) {
		res.writeHead(404, { 'Content-Type': 'text/plain' });
		res.end('not found\n');
		return;
	}
	res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
	res.end(body);
});
await new Promise((r) => hostServer.listen(0, '127.0.0.1', r));
const hostOrigin = `http://127.0.0.1:${hostServer.address().port}`;

function hostPage(snippet) {
	host.push('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
		'<meta name="viewport" content="width=device-width, initial-scale=1">' +
		'<title>A newspaper</title></head><body><main><h1>A story</h1>' +
		`<p>Text before the chart.</p>\n${snippet}\n<p>Text after it.</p></main></body></html>\n`);
	return `${hostOrigin}/host?i=${host.length - 1}`;
}

/* A snippet's URLs at the address the site is served at. */
function localise(snippet) {
	if (base) return snippet.split(base).join(site.root);
	// Without base_url the snippets are relative to the site's root.
	return snippet.replace(/(src|href)="(?!https?:)/g, `$1="${site.root}`);
}

const { browser } = await launchOrBail(async () => {
	await site.close();
	hostServer.close();
});
const { ctx, external } = await siteContext(browser, siteDir);
ctx.setDefaultTimeout(10000);

/* Why the link href of the site does not resolve, or null.  The site's
   own base_url is answered from SITE_DIR (as siteContext does for the
   browser); another host's page (source_url) is not fetched. */
async function resolves(page, href) {
	if (base && href.startsWith(base))
		return siteFile(siteDir, new URL(href).pathname.slice(new URL(base).pathname.length)) ?
			null : `link ${href}: no such file in the site`;
	if (!href.startsWith(site.root)) return null;
	const resp = await page.request.get(href);
	return resp.status() === 200 ? null : `link ${href}: HTTP ${resp.status()}`;
}

/* The two snippets of chart id on page p, as the textareas hold them. */
async function snippets(p, id) {
	const page = await ctx.newPage();
	await page.goto(site.root + p, { waitUntil: 'load' });
	const s = await page.evaluate((id) => {
		const f = document.getElementById(`${id}-iframe`);
		const i = document.getElementById(`${id}-img`);
		return f && i ? { iframe: f.value, img: i.value, readonly: f.readOnly && i.readOnly } : null;
	}, id);
	await page.close();
	return s;
}

// 1. The embed code reads without JavaScript: a <details> of textareas.
await check(`the embed code is there without JavaScript (${NOJS_PAGE})`, async () => {
	const noJs = await browser.newContext({ javaScriptEnabled: false });
	const page = await noJs.newPage();
	await page.goto(site.root + NOJS_PAGE, { waitUntil: 'load' });
	const r = await page.evaluate(() => [...document.querySelectorAll('figure.chart')].map((f) => {
		const d = f.querySelector('details.embed');
		const t = d ? [...d.querySelectorAll('textarea')] : [];
		return {
			details: !!d,
			summary: d ? d.querySelector('summary')?.textContent.trim() : '',
			iframe: t.some((x) => x.readOnly && /^<iframe src="[^"]+-embed\.html"/.test(x.value)),
			img: t.some((x) => x.readOnly && /<img src="[^"]+\.svg" alt="[^"]+"/.test(x.value)),
			labelled: t.every((x) => x.labels && x.labels.length === 1),
		};
	}));
	await noJs.close();
	const problems = [];
	if (r.length === 0) problems.push('no chart on the page');
	r.forEach((f, i) => {
		if (!f.details || !f.summary) problems.push(`chart ${i + 1}: no <details class="embed"> with a summary`);
		if (!f.iframe) problems.push(`chart ${i + 1}: no read-only <iframe> snippet`);
		if (!f.img) problems.push(`chart ${i + 1}: no read-only <img> snippet with alt text`);
		if (!f.labelled) problems.push(`chart ${i + 1}: a snippet without its label`);
	});
	return problems;
});

// 2. Each kind of chart, framed by the other origin.
for (const [kind, p, id] of CHARTS) {
	const s = await snippets(p, id);
	if (!s) {
		report(`embed code of ${kind} (${p}#${id})`, [`no ${id}-iframe / ${id}-img textareas on ${p}`]);
		continue;
	}
	const iframe = localise(s.iframe), img = localise(s.img);
	const src = iframe.match(/<iframe src="([^"]+)"/)?.[1];
	for (const w of WIDTHS) {
		const page = await ctx.newPage();
		await page.setViewportSize({ width: w, height: 900 });
		const errs = watchPage(page);
		let frame = null;
		await check(`${kind} at ${w}px: framed by another origin, it loads its chart, no errors`, async () => {
			const r = await page.goto(hostPage(iframe), { waitUntil: 'load' });
			if (!r || r.status() !== 200) return [`host page: HTTP ${r && r.status()}`];
			const el = await page.$('iframe');
			frame = el && await el.contentFrame();
			if (!frame) return ['no frame'];
			await frame.waitForLoadState('load');
			const problems = [...errs];
			if (frame.url() !== src) problems.push(`frame at ${frame.url()}, expected ${src}`);
			if (new URL(frame.url()).origin === hostOrigin) problems.push('the frame is not on another origin');
			const info = await frame.evaluate(async () => {
				const im = document.querySelector('main img');
				if (im && !im.complete) await new Promise((r) => { im.onload = im.onerror = r; });
				const de = document.documentElement;
				return {
					img: im ? im.naturalWidth : -1,
					alt: im ? im.alt : '',
					h1: document.querySelector('h1')?.textContent.trim() || '',
					robots: document.querySelector('meta[name="robots"]')?.content || '',
					scripts: document.scripts.length,
					chrome: document.querySelectorAll('header, nav, footer').length,
					back: [...document.querySelectorAll('a[href]')].map((a) => a.href),
					fits: de.scrollHeight <= de.clientHeight + 1 && de.scrollWidth <= de.clientWidth + 1,
					size: `${de.scrollWidth}x${de.scrollHeight} in ${de.clientWidth}x${de.clientHeight}`,
				};
			});
			const label = await el.evaluate((f) => [f.title, f.getAttribute('aria-label'),
				getComputedStyle(f).aspectRatio, f.getBoundingClientRect().width]);
			if (info.img <= 0) problems.push('the chart image did not load');
			if (!info.alt) problems.push('the chart has no alt text');
			if (!info.h1) problems.push('the embed page has no title (h1)');
			if (info.robots !== 'noindex') problems.push(`robots "${info.robots}", expected noindex`);
			if (info.scripts) problems.push(`${info.scripts} script(s) in the embed page`);
			if (info.chrome) problems.push('the embed page has site chrome (header, nav or footer)');
			if (!info.fits) problems.push(`its content does not fit the frame: ${info.size}`);
			if (!label[0] || label[0] !== label[1]) problems.push(`iframe title "${label[0]}", aria-label "${label[1]}"`);
			if (label[0] !== info.h1) problems.push(`iframe title "${label[0]}" is not the chart's "${info.h1}"`);
			if (!/\d+ \/ \d+/.test(label[2])) problems.push(`no fixed aspect ratio (${label[2]})`);
			if (label[3] > w) problems.push(`the frame is wider (${label[3]}px) than the page`);
			for (const href of info.back) {
				const why = await resolves(page, href);
				if (why) problems.push(why);
			}
			if (info.back.length === 0) problems.push('no link back to the page');
			return problems;
		});
		await check(`axe finds no WCAG 2.1 A/AA violations in the framed ${kind} at ${w}px`, async () => {
			if (!frame) return ['the frame did not load'];
			await frame.addScriptTag({ path: AXE });
			const res = await frame.evaluate((tags) => window.axe.run(document, {
				runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'],
			}), AXE_TAGS);
			return res.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ` +
				v.nodes.slice(0, 5).map((nd) => nd.target.join(' ')).join('\n  '));
		});
		await page.close();
	}
	await check(`${kind}: the <img> snippet loads on another origin, linked to its page`, async () => {
		const page = await ctx.newPage();
		const errs = watchPage(page);
		await page.goto(hostPage(img), { waitUntil: 'load' });
		const r = await page.evaluate(async () => {
			const im = document.querySelector('main img');
			if (im && !im.complete) await new Promise((res) => { im.onload = im.onerror = res; });
			return { w: im ? im.naturalWidth : -1, alt: im?.alt || '', href: im?.closest('a')?.href || '' };
		});
		const problems = [...errs];
		if (r.w <= 0) problems.push('the image did not load');
		if (!r.alt) problems.push('no alt text');
		if (!r.href) problems.push('not linked to its page');
		else {
			const why = await resolves(page, r.href);
			if (why) problems.push(why);
		}
		await page.close();
		return problems;
	});
}

// 3. Every snippet of the site names an embed page that exists; none is indexed.
await check('every embed snippet of the site names an embed page that exists', async () => {
	const problems = [];
	let count = 0;
	for (const p of listed) {
		if (p.endsWith('-embed.html')) continue;
		const html = fs.readFileSync(path.join(siteDir, p), 'utf8');
		for (const m of html.matchAll(/&lt;iframe src=&quot;([^&]+)&quot;/g)) {
			count++;
			const rel = base && m[1].startsWith(base) ? m[1].slice(base.length) : m[1];
			if (!fs.existsSync(path.join(siteDir, rel))) problems.push(`${p}: ${m[1]} does not exist`);
		}
	}
	if (count === 0) problems.push('no embed snippet in the site');
	return problems;
});
await check('no embed page is in the sitemap', () => {
	const f = path.join(siteDir, 'sitemap.xml');
	if (!fs.existsSync(f)) return [];
	return fs.readFileSync(f, 'utf8').includes('-embed.html') ? ['sitemap.xml lists embed pages'] : [];
});
await check('no request left the loopback servers', () => external.map((u) => `external request: ${u}`));

await browser.close();
await site.close();
hostServer.closeAllConnections?.();
hostServer.close();
process.exit(done());
