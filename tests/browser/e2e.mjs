// End-to-end tests of a built rapor site in Debian's Chromium.  Speaks TAP.
//
//   node tests/browser/e2e.mjs SITE_DIR
//
// The site is served from 127.0.0.1 under a sub-path (/rapor/), so a
// root-relative link ("/assets/...") fails.  Requests to the site's own
// base_url (404.html links there, because it is served at any depth) are
// answered from SITE_DIR; every other non-loopback request is refused and
// reported.  Needs /usr/bin/chromium (or $CHROMIUM) and `npm ci` in
// tests/browser.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { HtmlValidate } from 'html-validate';
import { PREFIX, serveSite, siteContext, siteFile, htmlPages, baseUrl, pageList, siteArg, watchdog, launchOrBail } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const AXE = path.join(here, 'node_modules', 'axe-core', 'axe.min.js');
const WIDTHS = [375, 1280];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/* One page of each kind: axe and the horizontal-scroll check run on these.
   "404" is an unknown address, answered by 404.html.  $BROWSER_PAGES
   (lib.mjs) replaces them, and then every per-page check (loads cleanly,
   links, charts, valid HTML, the sitemap) runs on those pages only, and
   the checks that know the sample's names are skipped. */
const SAMPLE_KINDS = [
	['home', 'index.html'],
	['year', '2023/index.html'],
	['body in a year', '2023/kota-cilegon/index.html'],
	['unit', '2023/kota-cilegon/dpmptsp/index.html'],
	['body home', 'kota-cilegon/index.html'],
	['all bodies A-Z', 'search/index.html'],
	['Markdown page', 'metodologi/index.html'],
	['downloads', 'data/index.html'],
	['revision log', 'data/revisions/index.html'],
	['404', 'no/such/page/index.html'],
];

/* Of the report with three releases (RELEASES_SITE, tests/cases/release-site
   built by browser.test.sh): the revision log with its changes, and pages
   whose figures a later release changed, with their notices. */
const RELEASE_KINDS = [
	['revision log with changes', 'data/revisions/index.html'],
	['body with notices', '2023/kota-b/index.html'],
	['unit with a notice', '2023/kota-b/dinsos/index.html'],
	['body history with a notice', 'kota-c/index.html'],
];

// html-validate: the recommended preset, with these changes.
const HV_CONFIG = {
	extends: ['html-validate:recommended'],
	rules: {
		// Zone colours are content (site.ini), so they reach the page as one
		// CSS custom property on the element, style="--zone: #2e7d32".  Only
		// that property is allowed; any other inline style is still an error.
		'no-inline-style': ['error', { allowedProperties: ['--zone'] }],
		// Titles are "<page> — <site title>"; a long site title (the sample's
		// is 48 characters) pushes them past 70.  That limit is search-engine
		// advice about truncation in result lists, not validity: WCAG 2.4.2
		// asks for a descriptive title, and these are.
		'long-title': 'off',
	},
};

// ---------------------------------------------------------------- TAP --
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
/* A check that knows the sample site's names (Kota Cilegon, 2023). */
async function checkSample(name, fn) {
	if (own) return check(name, fn);
	report(`${name} # SKIP not the sample site`, []);
}

// -------------------------------------------------------------- setup --
const siteDir = siteArg('e2e.mjs');
watchdog('the browser tests', 400);

const server = await serveSite(siteDir);
const base = baseUrl(siteDir);
const { kinds: KINDS, own } = pageList(SAMPLE_KINDS);
const pages = own ? htmlPages(siteDir) :
	[...new Set(KINDS.map(([, p]) => p).filter((p) => fs.existsSync(path.join(siteDir, p))))];
const years = fs.readdirSync(siteDir).filter((d) => /^\d{4}$/.test(d) &&
	fs.existsSync(path.join(siteDir, d, 'index.html'))).sort();
const { browser } = await launchOrBail(() => server.close());
const { ctx, external } = await siteContext(browser, siteDir);
ctx.setDefaultTimeout(10000);

/* Console errors, page errors, failed requests and error responses of one
   page, collected while `fn` runs.  okStatus: URLs allowed to be >= 400. */
function watch(page, okStatus = () => false) {
	const errs = [];
	page.on('console', (m) => {
		if (m.type() !== 'error') return;
		// Chromium logs every status >= 400, also the deliberate 404 page.
		if (/^Failed to load resource/.test(m.text()) && okStatus(m.location().url)) return;
		errs.push(`console error: ${m.text()} (${m.location().url})`);
	});
	page.on('pageerror', (e) => errs.push(`page error: ${e.message}`));
	// ERR_ABORTED: a lazy image cut off by the next navigation, not a
	// missing file (every file is checked on its own by the link test).
	page.on('requestfailed', (r) => {
		if (r.failure()?.errorText === 'net::ERR_ABORTED') return;
		errs.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
	});
	page.on('response', (r) => {
		if (r.status() >= 400 && !okStatus(r.url()))
			errs.push(`HTTP ${r.status()}: ${r.url()}`);
	});
	return errs;
}

/* Every stylesheet link loaded: a sheet with rules (one from base_url is
   cross-origin, so its rules cannot be read; its response is watched). */
function stylesheetProblems(page) {
	return page.evaluate(() => {
		const links = [...document.querySelectorAll('link[rel~="stylesheet"]')];
		if (links.length === 0) return ['no stylesheet'];
		return links.filter((l) => {
			if (!l.sheet) return true;
			try { return l.sheet.cssRules.length === 0; } catch { return false; }
		}).map((l) => `stylesheet ${l.getAttribute('href')} did not load`);
	});
}

/* The link checks of one served site. */
function makeLinks(siteDir, server, base) {
/* The file a URL names inside the site, or a problem.  Relative links must
   name a file (a folder works on a web server but not from disk); links to
   the site's base_url (canonical, 404.html) may name a folder. */
function target(abs) {
	const u = new URL(abs);
	let rel = null, absolute = false;
	if (u.origin === server.origin) {
		if (!u.pathname.startsWith(PREFIX))
			return { problem: 'leaves the sub-path the site is served under (a root-relative link?)' };
		rel = u.pathname.slice(PREFIX.length);
	} else if (u.protocol === 'file:') {
		const f = fileURLToPath(u);
		if (!f.startsWith(siteDir + path.sep)) return { problem: 'leaves the site folder' };
		rel = path.relative(siteDir, f).split(path.sep).join('/');
	} else if (base && abs.startsWith(base)) {
		rel = u.pathname.slice(new URL(base).pathname.length);
		absolute = true;
	} else {
		return { external: true };
	}
	const f = siteFile(siteDir, rel);
	if (!f) return { problem: 'no such file in the site' };
	if (!absolute && (rel === '' || rel.endsWith('/') ||
	    fs.statSync(path.join(siteDir, decodeURIComponent(rel))).isDirectory()))
		return { problem: 'names a folder: works on a web server, not from disk (link to …/index.html)' };
	return { file: f };
}

const idCache = new Map();
function idsOf(file) {
	if (!idCache.has(file)) {
		const html = fs.readFileSync(file, 'utf8');
		idCache.set(file, new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1])));
	}
	return idCache.get(file);
}

/* Every link-like attribute on the live page. */
function collectLinks(page) {
	return page.evaluate(() => {
		const sel = [['a', 'href'], ['link', 'href'], ['script', 'src'], ['img', 'src'],
			['object', 'data'], ['source', 'src'], ['iframe', 'src'], ['area', 'href']];
		const out = [];
		for (const [tag, attr] of sel)
			for (const el of document.querySelectorAll(`${tag}[${attr}]`)) {
				const raw = el.getAttribute(attr);
				out.push({ tag, attr, raw, abs: new URL(raw, document.baseURI).href });
			}
		for (const el of document.querySelectorAll('img[srcset], source[srcset]'))
			for (const c of el.getAttribute('srcset').split(','))
				if (c.trim()) {
					const raw = c.trim().split(/\s+/)[0];
					out.push({ tag: el.localName, attr: 'srcset', raw, abs: new URL(raw, document.baseURI).href });
				}
		return { links: out, ids: [...document.querySelectorAll('[id]')].map((e) => e.id) };
	});
}

function linkProblems(pagePath, { links, ids }) {
	const problems = [];
	const self = path.join(siteDir, pagePath);
	for (const l of links) {
		const where = `<${l.tag} ${l.attr}="${l.raw}">`;
		if (l.raw.trim() === '') { problems.push(`${where}: empty`); continue; }
		if (/^(mailto|tel):/i.test(l.raw)) continue;
		if (/^javascript:/i.test(l.raw)) { problems.push(`${where}: javascript: URL`); continue; }
		if (l.raw.startsWith('/') && pagePath !== '404.html') {
			problems.push(`${where}: root-relative; breaks under a sub-path and from disk`);
			continue;
		}
		const t = target(l.abs);
		if (t.external) continue;
		if (t.problem) { problems.push(`${where}: ${t.problem}`); continue; }
		const hash = new URL(l.abs).hash;
		if (hash.length > 1 && t.file.endsWith('.html')) {
			const id = decodeURIComponent(hash.slice(1));
			const known = t.file === self ? new Set([...ids, ...idsOf(t.file)]) : idsOf(t.file);
			if (!known.has(id)) problems.push(`${where}: no element with id "${id}"`);
		}
	}
	return problems;
}
return { target, linkProblems, collectLinks };
}
const { target, linkProblems, collectLinks } = makeLinks(siteDir, server, base);

// ------------------------------------------------- 1. serving the site --
await check(`site is served on 127.0.0.1 under ${PREFIX} (${pages.length} pages)`, async () => {
	const problems = [];
	if (!server.origin.startsWith('http://127.0.0.1:')) problems.push(`listening on ${server.origin}`);
	const r = await fetch(server.root);
	if (r.status !== 200) problems.push(`${PREFIX}: HTTP ${r.status}`);
	const home = await (await fetch(server.root + 'index.html')).text();
	if (home !== fs.readFileSync(path.join(siteDir, 'index.html'), 'utf8'))
		problems.push('index.html is not served byte for byte');
	return problems;
});

await check('unknown addresses answer 404.html with status 404', async () => {
	const problems = [];
	const notFound = fs.readFileSync(path.join(siteDir, '404.html'), 'utf8');
	for (const p of [PREFIX + 'no/such/page/', PREFIX + '2023/nowhere/index.html', '/elsewhere/index.html', PREFIX + '..%2f..%2fetc%2fpasswd']) {
		const r = await fetch(server.origin + p);
		const body = await r.text();
		if (r.status !== 404) problems.push(`${p}: HTTP ${r.status}, expected 404`);
		else if (body !== notFound) problems.push(`${p}: body is not 404.html`);
	}
	return problems;
});

// ------------------------------ 2 and 3. every page: loads, links work --
const linkResults = [];
const chartResults = [];
{
	const page = await ctx.newPage();
	let errs = watch(page);
	for (const p of pages) {
		errs.length = 0;
		await check(`loads cleanly: ${p}`, async () => {
			const r = await page.goto(server.root + p, { waitUntil: 'load' });
			const problems = [];
			if (!r || r.status() !== 200) problems.push(`HTTP ${r && r.status()}`);
			const title = await page.title();
			if (!title.trim()) problems.push('empty <title>');
			const h1 = await page.locator('h1').count();
			if (h1 !== 1) problems.push(`${h1} <h1> elements, expected 1`);
			problems.push(...await stylesheetProblems(page));
			linkResults.push([p, await collectLinks(page)]);
			chartResults.push([p, await page.evaluate(() =>
				[...document.querySelectorAll('figure.chart')].map((f) => ({
					alt: (f.querySelector('img') || {}).alt || '',
					src: (f.querySelector('img') || {}).getAttribute?.('src') || '',
					rows: f.querySelectorAll('details table tbody tr').length,
					caption: (f.querySelector('figcaption') || {}).textContent || '',
					svgLink: !!f.querySelector('figcaption a[download][href$=".svg"]'),
					png: (() => {
						const b = f.querySelector('figcaption .png-dl button[data-svg][data-name$=".png"]');
						return !!b && !b.closest('[hidden]');
					})(),
				})))]);
			return [...problems, ...errs];
		});
	}
	await page.close();
}
// Issue 4: every body-year, unit-year, across-years and year page carries
// its charts, each with alt text from the data, a caption, a data table,
// an SVG download and a PNG button (the files themselves are checked by
// the link test, the PNG button below).
await check('charts: every year, body-year, unit-year and history page has charts with alt text, caption, data table, SVG and PNG downloads', () => {
	const problems = [];
	const chartPage = /^(\d{4}\/(index\.html|[^/]+\/index\.html|[^/]+\/[^/]+\/index\.html)|index\.html|(?!data\/|metodologi\/|search\/)[a-z0-9-]+\/index\.html)$/;
	// A ranking's continuation (<year>/<n>/) lists rows; the year's charts are on its first page.
	const continuation = /^\d{4}\/\d+\/index\.html$/;
	for (const [p, figs] of chartResults) {
		if (!chartPage.test(p) || continuation.test(p)) continue;
		if (figs.length === 0) { problems.push(`${p}: no chart`); continue; }
		figs.forEach((f, i) => {
			if (f.alt.trim().length < 10) problems.push(`${p} chart ${i + 1}: alt text "${f.alt}"`);
			if (!/\.svg$/.test(f.src)) problems.push(`${p} chart ${i + 1}: not an SVG (${f.src})`);
			if (f.rows < 1) problems.push(`${p} chart ${i + 1}: no data table rows`);
			if (!f.caption.trim()) problems.push(`${p} chart ${i + 1}: no caption`);
			if (!f.svgLink) problems.push(`${p} chart ${i + 1}: no SVG download link`);
			if (!f.png) problems.push(`${p} chart ${i + 1}: no visible PNG button`);
		});
	}
	return problems;
});

/* PNG size from its IHDR. */
function pngSize(buf) {
	if (buf.length < 24 || buf.toString('latin1', 1, 4) !== 'PNG' || buf.toString('latin1', 12, 16) !== 'IHDR')
		return null;
	return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}

// The PNG button: the browser draws the chart's SVG at twice its size.
await checkSample('charts: the PNG button downloads the chart as a PNG at 2x', async () => {
	const page = await ctx.newPage();
	const errs = watch(page);
	const problems = [];
	try {
		await page.goto(server.root + '2023/kota-cilegon/index.html', { waitUntil: 'load' });
		const fig = page.locator('figure.chart').first();
		const [w, h] = await fig.locator('img').evaluate((i) => [i.naturalWidth, i.naturalHeight]);
		const want = await fig.locator('.png-dl button').getAttribute('data-name');
		const [dl] = await Promise.all([
			page.waitForEvent('download'),
			fig.locator('.png-dl button').click(),
		]);
		if (dl.suggestedFilename() !== want)
			problems.push(`downloaded as ${dl.suggestedFilename()}, expected ${want}`);
		const size = pngSize(fs.readFileSync(await dl.path()));
		if (!size) problems.push('the download is not a PNG');
		else if (size[0] !== 2 * w || size[1] !== 2 * h)
			problems.push(`PNG is ${size[0]}x${size[1]}, expected ${2 * w}x${2 * h}`);
	} finally {
		await page.close();
	}
	return [...problems, ...errs];
});

// rapor writes the SVG itself and Cairo draws the PNG (share cards): the
// same drawing code, two back ends.  Chromium's rendering of each sample
// SVG must match Cairo's PNG of it but for antialiasing: a glyph or a
// shape out of place differs in thousands of pixels.  The samples come
// from test_chart (RAPOR_CHART_DUMP), passed in CHART_DUMP.
const dump = process.env.CHART_DUMP;
if (!dump || !fs.existsSync(dump)) {
	report('charts: the SVG writer and Cairo draw the same picture # SKIP no chart samples (build/san/test_chart)', []);
	console.error('## SKIPPED: SVG/PNG comparison: no chart samples in CHART_DUMP');
} else {
	const names = fs.readdirSync(dump).filter((f) => f.endsWith('.svg')).map((f) => f.slice(0, -4)).sort();
	const page = await ctx.newPage();
	await page.goto(server.root + 'index.html');
	for (const name of names) {
		await check(`charts: the SVG writer and Cairo draw the same picture: ${name}`, async () => {
			const svg = fs.readFileSync(path.join(dump, name + '.svg')).toString('base64');
			const png = fs.readFileSync(path.join(dump, name + '.png')).toString('base64');
			const r = await page.evaluate(async ([svg, png]) => {
				const load = (src) => new Promise((ok, bad) => {
					const i = new Image(); i.onload = () => ok(i); i.onerror = () => bad(new Error('cannot load'));
					i.src = src;
				});
				const a = await load('data:image/png;base64,' + png);
				const b = await load('data:image/svg+xml;base64,' + svg);
				const W = a.naturalWidth, H = a.naturalHeight;
				const pix = (img) => {
					const c = new OffscreenCanvas(W, H), g = c.getContext('2d');
					g.drawImage(img, 0, 0, W, H);
					return g.getImageData(0, 0, W, H).data;
				};
				const p = pix(a), q = pix(b);
				let big = 0, sum = 0;
				for (let i = 0; i < p.length; i += 4) {
					const d = Math.max(Math.abs(p[i] - q[i]), Math.abs(p[i + 1] - q[i + 1]), Math.abs(p[i + 2] - q[i + 2]));
					sum += d;
					if (d > 64) big++;
				}
				return { W, H, ratio: b.naturalWidth ? W / b.naturalWidth : 0, big: big / (W * H), mean: sum / (W * H) };
			}, [svg, png]);
			const problems = [];
			if (process.env.SHOW_DIFF) console.error(name, JSON.stringify(r));
			if (r.ratio !== 1 && r.ratio !== 2) problems.push(`PNG ${r.W}x${r.H} is not 1x or 2x the SVG`);
			// Measured on the samples: at most 0.68 % of pixels, mean 1.25 (of 255).
			if (r.big > 0.012 || r.mean > 2.5)
				problems.push(`${(100 * r.big).toFixed(2)} % of pixels differ by more than 64, mean difference ${r.mean.toFixed(2)}`);
			return problems;
		});
	}
	await page.close();
}
for (const [p, found] of linkResults)
	await check(`links resolve: ${p} (${found.links.length} links)`, () => linkProblems(p, found));

await check('search index entries name existing pages', () => {
	const f = path.join(siteDir, 'assets', 'search-index.js');
	if (!fs.existsSync(f)) return ['no assets/search-index.js'];
	const window = {};
	new Function('window', fs.readFileSync(f, 'utf8'))(window);
	const idx = window.raporSearch;
	if (!Array.isArray(idx) || idx.length === 0) return ['window.raporSearch is not a non-empty array'];
	const problems = [];
	for (const e of idx) {
		if (!Array.isArray(e) || e.length < 3 || typeof e[2] !== 'string') { problems.push(`bad entry ${JSON.stringify(e)}`); continue; }
		const t = target(new URL(e[2], server.root).href);
		if (t.problem) problems.push(`${e[0]} → ${e[2]}: ${t.problem}`);
	}
	return problems;
});

await check('Markdown is fully rendered (no pipe table left as text)', () => {
	const problems = [];
	for (const p of pages) {
		const html = fs.readFileSync(path.join(siteDir, p), 'utf8');
		for (const m of html.matchAll(/<p>([^<]*\|\s*:?-{3,}:?\s*\|[^<]*)<\/p>/g))
			problems.push(`${p}: a Markdown table printed as text: "${m[1].slice(0, 60).replace(/\n/g, ' ')}…"`);
	}
	return problems;
});

await check('no request left the loopback server', () =>
	[...new Set(external)].map((u) => `external request: ${u}`));

// ------------------------ 4 and 5. axe and horizontal scroll, per kind --
/* axe at each width, and no sideways scrolling, on page p of a served site. */
async function axeAndScroll(kind, p, dir, srv, context) {
	const is404 = kind === '404';
	if (!is404 && !fs.existsSync(path.join(dir, p))) {
		report(`axe: ${kind} (${p})`, [`${p} does not exist in the site`]);
		return;
	}
	for (const w of WIDTHS) {
		const page = await context.newPage();
		await page.setViewportSize({ width: w, height: 800 });
		const errs = watch(page, (u) => is404 && u === srv.root + p);
		let loaded = false;
		await check(`axe finds no WCAG 2.1 A/AA violations: ${kind} at ${w}px (${p})`, async () => {
			const r = await page.goto(srv.root + p, { waitUntil: 'load' });
			const want = is404 ? 404 : 200;
			if (!r || r.status() !== want) return [`HTTP ${r && r.status()}, expected ${want}`];
			loaded = true;
			await page.addScriptTag({ path: AXE });
			const res = await page.evaluate((tags) => window.axe.run(document, {
				runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'],
			}), AXE_TAGS);
			const problems = [];
			for (const v of res.violations)
				problems.push(`${v.id} (${v.impact}): ${v.help}\n  ` +
					v.nodes.slice(0, 5).map((nd) => `${nd.target.join(' ')}: ${nd.failureSummary.replace(/\n/g, ' ')}`).join('\n  '));
			return [...problems, ...errs];
		});
		await check(`no horizontal scrolling: ${kind} at ${w}px`, async () => {
			if (!loaded) return ['the page did not load'];
			return page.evaluate(() => {
				const de = document.documentElement;
				if (de.scrollWidth <= de.clientWidth) return [];
				const wide = [...document.body.querySelectorAll('*')].filter((el) => {
					const b = el.getBoundingClientRect();
					return b.right > de.clientWidth + 0.5 && !el.closest('.table-wrap > *');
				}).slice(0, 8).map((el) => `${el.localName}${el.className ? '.' + String(el.className).replace(/ /g, '.') : ''}: right edge ${Math.round(el.getBoundingClientRect().right)}px`);
				return [`scrollWidth ${de.scrollWidth} > clientWidth ${de.clientWidth}`, ...wide];
			});
		});
		// Issue 14: every table fits (its box does not scroll), no column
		// is hidden, with the charts' data tables unfolded.
		await check(`no table scrolls sideways or hides a column: ${kind} at ${w}px`, async () => {
			if (!loaded) return ['the page did not load'];
			return page.evaluate(() => {
				document.querySelectorAll('details').forEach((d) => { d.open = true; });
				const problems = [];
				document.querySelectorAll('table').forEach((t, i) => {
					const box = t.closest('.table-wrap') || t.parentElement;
					const name = `table ${i + 1} (${(t.caption || t.closest('section, figure')?.querySelector('h2, figcaption') || {}).textContent?.trim().slice(0, 40) || ''})`;
					if (box.scrollWidth > box.clientWidth + 1)
						problems.push(`${name}: its box scrolls (${box.scrollWidth} > ${box.clientWidth})`);
					const right = box.getBoundingClientRect().right + 1;
					for (const row of t.rows)
						for (const cell of row.cells) {
							const b = cell.getBoundingClientRect();
							const head = row.parentElement.localName === 'thead';
							// The header row of a reflowed table is out of sight on purpose.
							if (head && getComputedStyle(row.parentElement).position === 'absolute') continue;
							if (getComputedStyle(cell).display === 'none' || b.width < 1)
								problems.push(`${name}: a cell "${cell.textContent.trim().slice(0, 20)}" is hidden`);
							else if (b.right > right)
								problems.push(`${name}: "${cell.textContent.trim().slice(0, 20)}" ends at ${Math.round(b.right)}px, past ${Math.round(right)}px`);
						}
				});
				return problems.slice(0, 10);
			});
		});
		await page.close();
	}
}
for (const [kind, p] of KINDS)
	await axeAndScroll(kind, p, siteDir, server, ctx);

// --------------------------------------------------- 6. valid HTML --
{
	const hv = new HtmlValidate(HV_CONFIG);
	for (const p of pages)
		await check(`valid HTML (html-validate): ${p}`, async () => {
			const rep = await hv.validateString(fs.readFileSync(path.join(siteDir, p), 'utf8'), p);
			return rep.results.flatMap((r) => r.messages.map((m) =>
				`${p}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
		});
}

// --------------------------- 7. the content does not need JavaScript --
function expectedScore(year, entity) {
	const csv = fs.readFileSync(path.join(siteDir, 'data', 'results.csv'), 'utf8').split(/\r?\n/);
	const head = csv[0].split(',');
	const row = csv.map((l) => l.split(',')).find((c) =>
		c[head.indexOf('year')] === year && c[head.indexOf('entity')] === entity && c[head.indexOf('unit')] === '');
	return row ? row[head.indexOf('score')] : null;
}
const scoreRe = (s) => new RegExp(s.replace('.', '[.,]'));
{
	const { ctx: noJs } = await siteContext(browser, siteDir, { javaScriptEnabled: false });
	noJs.setDefaultTimeout(10000);
	const page = await noJs.newPage();
	const errs = watch(page);
	await checkSample('without JavaScript the home page shows the ranking with scores', async () => {
		errs.length = 0;
		await page.goto(server.root + 'index.html');
		const problems = [];
		if (await page.evaluate(() => document.querySelector('.search[data-index]')?.hidden === false))
			problems.push('JavaScript ran: the search box was unhidden');
		const table = page.locator('section.ranking table').first();
		if (!(await table.isVisible())) return [...problems, 'no visible ranking table'];
		const year = years[years.length - 1];
		const link = table.locator('tbody tr', { hasText: 'Kota Cilegon' });
		if (await link.count() !== 1) problems.push('Kota Cilegon is not in the ranking');
		const want = expectedScore(year, 'kota-cilegon');
		const text = await link.first().innerText().catch(() => '');
		if (want && !scoreRe(want).test(text)) problems.push(`the row "${text}" lacks the score ${want}`);
		if (await page.locator('form.search, .search').first().isVisible())
			problems.push('the search box shows although it cannot work without JavaScript');
		return [...problems, ...errs];
	});
	await checkSample('without JavaScript 2023/kota-cilegon shows its score and units', async () => {
		errs.length = 0;
		await page.goto(server.root + '2023/kota-cilegon/index.html');
		const problems = [];
		const big = page.locator('.score .big');
		const want = expectedScore('2023', 'kota-cilegon');
		if (!(await big.isVisible())) problems.push('no visible score');
		else if (!scoreRe(want).test(await big.innerText())) problems.push(`score "${await big.innerText()}", expected ${want}`);
		const rows = page.locator('table.sortable tbody tr');
		if (await rows.count() < 2 || !(await rows.first().isVisible())) problems.push('no visible table of units');
		return [...problems, ...errs];
	});
	// The finder without JavaScript: every body with a result, its latest.
	const latest = (() => {
		const csv = fs.readFileSync(path.join(siteDir, 'data', 'results.csv'), 'utf8').split(/\r?\n/).filter(Boolean);
		const head = csv[0].split(',');
		const col = (c, k) => c[head.indexOf(k)];
		const m = new Map();
		for (const line of csv.slice(1)) {
			const c = line.split(',');
			if (col(c, 'unit') !== '' || col(c, 'score') === '') continue;
			const e = col(c, 'entity');
			if (!m.has(e) || +col(c, 'year') > +m.get(e).year)
				m.set(e, { year: col(c, 'year'), score: col(c, 'score'), kind: col(c, 'kind') });
		}
		return m;
	})();
	await check(`without JavaScript the A-Z page lists every body (${latest.size}) by kind with its latest score, each linked to its home`, async () => {
		errs.length = 0;
		await page.goto(server.root + 'search/index.html');
		const problems = [];
		const rows = await page.locator('tr[data-r]').evaluateAll((rs) => rs.map((r) => ({
			key: r.dataset.r, score: r.querySelector('[data-f="score"]')?.innerText || '',
			href: r.querySelector('a')?.href || '', visible: r.getBoundingClientRect().height > 0,
			kind: r.closest('section.az-kind')?.querySelector('h2')?.textContent || '',
			name: r.querySelector('.name')?.textContent || '' })));
		for (const [e, w] of latest) {
			const row = rows.find((r) => r.key === `${w.year}/${e}`);
			if (!row) { problems.push(`${e}: not listed with its ${w.year} result`); continue; }
			if (!row.visible) problems.push(`${e}: its row is not visible`);
			if (!scoreRe(w.score).test(row.score)) problems.push(`${e}: score "${row.score}", expected ${w.score}`);
			if (row.kind !== w.kind) problems.push(`${e}: under "${row.kind}", its kind is ${w.kind}`);
			const t = target(row.href);
			if (t.problem || !row.href.endsWith(`/${e}/index.html`)) problems.push(`${e}: links ${row.href} ${t.problem || ''}`);
		}
		// A-Z within each kind.
		const byKind = new Map();
		for (const r of rows) byKind.set(r.kind, [...(byKind.get(r.kind) || []), r.name]);
		for (const [k, names] of byKind)
			if (names.join('\n') !== [...names].sort((a, b) => (a < b ? -1 : a > b)).join('\n')) problems.push(`${k}: not in A-Z order`);
		if (await page.locator('header nav a[aria-current="page"]', { hasText: /Semua instansi|All bodies/ }).count() !== 1)
			problems.push('the menu does not mark the A-Z page as current');
		return [...problems, ...errs];
	});
	await checkSample('without JavaScript kota-cilegon/ (the body home) shows its latest score card, its year, its units and a breadcrumb of links', async () => {
		errs.length = 0;
		await page.goto(server.root + 'kota-cilegon/index.html');
		const problems = [];
		const w = latest.get('kota-cilegon');
		const card = page.locator(`.score-card[data-r="${w.year}/kota-cilegon"]`);
		if (!(await card.isVisible())) return [`no visible score card of ${w.year}`];
		const big = await card.locator('.big').innerText();
		if (!scoreRe(w.score).test(big)) problems.push(`score "${big}", expected ${w.score}`);
		if (!(await card.innerText()).includes(w.year)) problems.push(`the card does not say ${w.year}`);
		if (!(await page.locator('h2#latest-h').innerText()).includes(w.year)) problems.push('the card\'s heading does not name the year');
		const units = page.locator('#units-h + .table-wrap tbody tr');
		if (await units.count() < 2 || !(await units.first().isVisible())) problems.push('no visible table of its units');
		const crumbs = await page.locator('nav.crumbs li').evaluateAll((lis) => lis.map((li) => li.querySelector('a')?.href || ''));
		if (crumbs.length < 2) problems.push(`${crumbs.length} breadcrumb steps`);
		for (const href of crumbs) {
			const t = target(href);
			if (!href || t.problem) problems.push(`a breadcrumb step is no working link: ${href} ${t.problem || ''}`);
		}
		const years = await page.locator('nav.year-links a').count();
		if (years < 4) problems.push(`${years} links to year pages, expected 4`);
		return [...problems, ...errs];
	});
	await noJs.close();
}

// Print: the charts' data tables printed, the download controls not.
{
	const page = await ctx.newPage();
	await checkSample('print: the charts\' data tables are shown, download and embed controls hidden (2023/kota-cilegon)', async () => {
		await page.goto(server.root + '2023/kota-cilegon/index.html', { waitUntil: 'load' });
		await page.emulateMedia({ media: 'print' });
		const r = await page.evaluate(() => ({
			tables: [...document.querySelectorAll('figure.chart details table')].map((t) => t.getBoundingClientRect().height),
			controls: [...document.querySelectorAll('figcaption a[download], p.downloads, .png-dl, .embed')]
				.filter((e) => e.getBoundingClientRect().height > 0).map((e) => e.textContent.trim().slice(0, 30)),
		}));
		const problems = [];
		if (!r.tables.length) problems.push('no chart data table');
		r.tables.forEach((h, i) => { if (h < 1) problems.push(`chart data table ${i + 1} is not printed`); });
		for (const c of r.controls) problems.push(`"${c}" is printed`);
		return problems;
	});
	await page.close();
}

// ---------------------------------- 8. progressive enhancement works --
async function searchFinds(page, query, name) {
	const q = page.locator('#q');
	if (!(await q.isVisible())) return [`the search box is not visible`];
	await q.click();
	await q.pressSequentially(query, { delay: 20 });
	const hit = page.locator('#q-results a', { hasText: name });
	try {
		await hit.first().waitFor({ state: 'visible', timeout: 5000 });
	} catch {
		return [`typing "${query}" shows no link to ${name}; results: "${await page.locator('#q-results').innerText()}"`];
	}
	const href = await hit.first().evaluate((a) => a.href);
	const t = target(href);
	return t.problem ? [`result link ${href}: ${t.problem}`] : [];
}
{
	const page = await ctx.newPage();
	const errs = watch(page);
	await checkSample('home: typing "cile" in the search box offers Kota Cilegon, and the link opens it', async () => {
		errs.length = 0;
		await page.goto(server.root + 'index.html');
		const problems = await searchFinds(page, 'cile', 'Kota Cilegon');
		if (problems.length) return [...problems, ...errs];
		await Promise.all([page.waitForLoadState('load'),
			page.locator('#q-results a', { hasText: 'Kota Cilegon' }).first().click()]);
		const h1 = await page.locator('h1').innerText();
		if (!/Kota Cilegon/.test(h1)) problems.push(`the link opened "${h1}"`);
		return [...problems, ...errs];
	});
	await checkSample('search: Escape puts the results away, Enter opens the first one', async () => {
		errs.length = 0;
		await page.goto(server.root + '2023/kota-cilegon/index.html');
		const problems = await searchFinds(page, 'dinas', 'Dinas');
		if (problems.length) return [...problems, ...errs];
		await page.keyboard.press('Escape');
		const left = await page.locator('#q-results li').count();
		if (left) problems.push(`${left} results still shown after Escape`);
		await page.locator('#q').fill('dinas');
		const first = page.locator('#q-results a').first();
		await first.waitFor({ state: 'visible' });
		const href = await first.evaluate((a) => a.href);
		await Promise.all([page.waitForURL(href), page.keyboard.press('Enter')]);
		return [...problems, ...errs];
	});
	await check('home: a short ranking gets no sort or filter controls (clutter)', async () => {
		errs.length = 0;
		await page.goto(server.root + 'index.html');
		const problems = [];
		for (const t of await page.locator('section.ranking table').all()) {
			const rows = await t.locator('tbody tr').count();
			const sorts = await t.locator('button.sort').count();
			const filters = await t.evaluate((el) => !!el.closest('section.ranking').querySelector('.filter'));
			if (rows < 3 && sorts) problems.push(`a ${rows}-row table has sort buttons`);
			if (rows < 10 && filters) problems.push(`a ${rows}-row table has a filter box`);
		}
		return [...problems, ...errs];
	});
	await page.close();
}
{
	// A long ranking: the home page's first with 12 more rows, added before site.js runs.
	const page = await ctx.newPage();
	const errs = watch(page);
	await page.addInitScript(() => document.addEventListener('DOMContentLoaded', () => {
		const t = document.querySelector('table.filterable');
		if (!t) return;
		for (let i = 1; i <= 12; i++) {
			const r = t.tBodies[0].rows[0].cloneNode(true);
			const a = r.querySelector('a');
			if (a) a.textContent = `Kota Contoh ${i}`;
			r.cells[0].textContent = String(i + 1);
			t.tBodies[0].appendChild(r);
		}
	}));
	await checkSample('home: the filter above a long ranking hides the rows that do not match', async () => {
		await page.goto(server.root + 'index.html');
		const section = page.locator('section.ranking').first();
		const filter = section.locator('.filter input');
		if (!(await filter.isVisible())) return ['no filter box above a ranking of 13 rows or more'];
		const problems = [];
		const label = await filter.evaluate((i) => i.labels[0]?.textContent || '');
		const name = await section.locator('h2').innerText();
		if (!label.includes(name)) problems.push(`the filter's label "${label}" does not name the table "${name}"`);
		const rows = section.locator('tbody tr');
		const shown = () => rows.evaluateAll((rs) => rs.filter((r) => !r.hidden).length);
		// The sample's rows and the 12 added: all of them with no filter.
		const total = await rows.count();
		for (const [q, want] of [['zzzz', 0], ['cile', 1], ['contoh 1', 4], ['', total]]) {
			await filter.fill(q);
			const got = await shown();
			if (got !== want) problems.push(`"${q}" leaves ${got} rows, expected ${want}`);
		}
		return [...problems, ...errs];
	});
	await page.close();
}
{
	const page = await ctx.newPage();
	const errs = watch(page);
	await checkSample('clicking a sortable header sorts the rows (2023/kota-cilegon units by score)', async () => {
		errs.length = 0;
		await page.goto(server.root + '2023/kota-cilegon/index.html');
		const table = page.locator('table.sortable').first();
		const col = await table.locator('thead th').evaluateAll((ths) =>
			ths.findIndex((th) => /^(Nilai|Score)\b/.test(th.textContent.trim())));
		if (col < 0) return ['no score column'];
		const btn = table.locator('thead th').nth(col).locator('button.sort');
		if (await btn.count() !== 1) return ['the score header has no sort button'];
		const scores = () => table.locator('tbody tr:not(.missing)').evaluateAll((rs, c) =>
			rs.map((r) => parseFloat(r.cells[c].textContent.trim().replace(',', '.'))), col);
		const problems = [];
		for (const dir of ['ascending', 'descending']) {
			await btn.click();
			const s = await scores();
			const sorted = [...s].sort((a, b) => dir === 'ascending' ? a - b : b - a);
			if (s.length < 2) problems.push('fewer than 2 scored rows');
			if (JSON.stringify(s) !== JSON.stringify(sorted)) problems.push(`${dir}: ${s.join(' ')}`);
			const aria = await table.locator('thead th').nth(col).getAttribute('aria-sort');
			if (aria !== dir) problems.push(`aria-sort="${aria}", expected ${dir}`);
		}
		const last = await table.locator('tbody tr').last().getAttribute('class');
		if (last !== 'missing') problems.push('the unreleased unit does not stay at the end');
		return [...problems, ...errs];
	});
	await page.close();
}
{
	const page = await ctx.newPage();
	const errs = watch(page);
	await checkSample('from disk (file://): home loads cleanly and the search works', async () => {
		await page.goto(pathToFileURL(path.join(siteDir, 'index.html')).href);
		const problems = await searchFinds(page, 'cile', 'Kota Cilegon');
		return [...problems, ...errs];
	});
	await checkSample('from disk (file://): 2023/kota-cilegon loads cleanly with its stylesheet and search', async () => {
		errs.length = 0;
		await page.goto(pathToFileURL(path.join(siteDir, '2023/kota-cilegon/index.html')).href);
		const problems = [];
		const bg = await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')).backgroundColor);
		if (bg === 'rgba(0, 0, 0, 0)') problems.push('the stylesheet did not apply');
		problems.push(...await searchFinds(page, 'puskesmas', 'Puskesmas Cibeber'));
		// A unit's hit names its year and opens that year's page, its latest.
		const hit = await page.locator('#q-results li', { hasText: 'Puskesmas Cibeber' }).first().evaluate((li) =>
			({ text: li.textContent, href: li.querySelector('a').href })).catch(() => null);
		if (!hit) problems.push('no hit for Puskesmas Cibeber');
		else {
			if (!/\(2023\)/.test(hit.text)) problems.push(`the hit "${hit.text}" does not show its year`);
			if (!hit.href.endsWith('/2023/kota-cilegon/puskesmas-cibeber/index.html')) problems.push(`the hit opens ${hit.href}`);
		}
		return [...problems, ...errs];
	});
	await page.close();
}

// ----------------------------------- 9. sitemap.xml, feed.xml, robots --
{
	const page = await ctx.newPage();
	await page.goto(server.root + 'index.html');
	const parse = (file) => page.evaluate((xml) => {
		const d = new DOMParser().parseFromString(xml, 'application/xml');
		const err = d.getElementsByTagName('parsererror')[0];
		return {
			error: err ? err.textContent.slice(0, 300) : null,
			root: d.documentElement.localName,
			ns: d.documentElement.namespaceURI,
			entries: d.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'entry').length,
			locs: [...d.getElementsByTagNameNS('http://www.sitemaps.org/schemas/sitemap/0.9', 'loc')].map((e) => e.textContent.trim()),
		};
	}, fs.readFileSync(path.join(siteDir, file), 'utf8'));
	await check('sitemap.xml is well-formed and lists every page', async () => {
		if (!fs.existsSync(path.join(siteDir, 'sitemap.xml'))) return ['no sitemap.xml'];
		const x = await parse('sitemap.xml');
		if (x.error) return [`not well-formed: ${x.error}`];
		const problems = [];
		if (x.root !== 'urlset' || x.ns !== 'http://www.sitemaps.org/schemas/sitemap/0.9')
			problems.push(`root element ${x.ns} ${x.root}`);
		const listed = new Set();
		for (const loc of x.locs) {
			const t = base && loc.startsWith(base) ? target(loc) : { problem: `not under base_url ${base}` };
			if (t.problem) problems.push(`${loc}: ${t.problem}`);
			else listed.add(path.relative(siteDir, t.file).split(path.sep).join('/'));
		}
		for (const p of pages)
			// Embed pages are noindex, so never in the sitemap (embed.mjs checks).
			if (p !== '404.html' && !p.endsWith('-embed.html') && !listed.has(p)) problems.push(`${p} is not listed`);
		return problems;
	});
	const rels = fs.existsSync(path.join(siteDir, 'data', 'releases')) ?
		fs.readdirSync(path.join(siteDir, 'data', 'releases')).filter((f) => f.endsWith('.csv')).length : 0;
	await check(`feed.xml is a well-formed Atom feed with one entry per year (${years.length}) and per release (${rels})`, async () => {
		if (!fs.existsSync(path.join(siteDir, 'feed.xml'))) return ['no feed.xml'];
		const x = await parse('feed.xml');
		if (x.error) return [`not well-formed: ${x.error}`];
		const problems = [];
		if (x.root !== 'feed' || x.ns !== 'http://www.w3.org/2005/Atom') problems.push(`root element ${x.ns} ${x.root}`);
		if (x.entries !== years.length + rels) problems.push(`${x.entries} entries, expected ${years.length + rels}`);
		return problems;
	});
	await check('robots.txt exists and names the sitemap', async () => {
		const r = await fetch(server.root + 'robots.txt');
		if (r.status !== 200) return [`HTTP ${r.status}`];
		const txt = await r.text();
		if (base && !txt.split(/\r?\n/).includes(`Sitemap: ${base}sitemap.xml`))
			return [`no "Sitemap: ${base}sitemap.xml" line`];
		return [];
	});
	await page.close();
}

// ------------------------------- 10. a report with three releases --
const relDir = process.env.RELEASES_SITE ? path.resolve(process.env.RELEASES_SITE) : null;
if (!relDir || !fs.existsSync(path.join(relDir, 'index.html'))) {
	report('releases: the report with three releases # SKIP no RELEASES_SITE', []);
	console.error('## SKIPPED: the report with three releases: no RELEASES_SITE');
} else {
	const srv2 = await serveSite(relDir);
	const { ctx: ctx2, external: ext2 } = await siteContext(browser, relDir);
	ctx2.setDefaultTimeout(10000);
	const links2 = makeLinks(relDir, srv2, baseUrl(relDir));
	const page = await ctx2.newPage();
	const errs = watch(page);
	for (const p of htmlPages(relDir)) {
		errs.length = 0;
		await check(`releases: loads cleanly and its links resolve: ${p}`, async () => {
			const r = await page.goto(srv2.root + p, { waitUntil: 'load' });
			const problems = [];
			if (!r || r.status() !== 200) problems.push(`HTTP ${r && r.status()}`);
			if (await page.locator('h1').count() !== 1) problems.push('not one <h1>');
			problems.push(...links2.linkProblems(p, await links2.collectLinks(page)));
			return [...problems, ...errs];
		});
	}
	// A notice's link opens the log at its release, which shows the same
	// figures side by side; the footer of every page links the log.
	await check('releases: each notice opens the revision log at its release, which shows the change', async () => {
		const problems = [];
		await page.goto(srv2.root + '2023/kota-b/index.html', { waitUntil: 'load' });
		const items = await page.locator('section.revised li').evaluateAll((lis) => lis.map((li) => ({
			text: li.textContent, href: li.querySelector('a').href, when: li.querySelector('a').textContent })));
		if (items.length < 3) problems.push(`${items.length} notices on 2023/kota-b, expected 3`);
		for (const it of items) {
			const u = new URL(it.href);
			await page.goto(it.href, { waitUntil: 'load' });
			const sec = page.locator(`[id="${decodeURIComponent(u.hash.slice(1))}"]`);
			if (await sec.count() !== 1) { problems.push(`${it.href}: no such section`); continue; }
			const text = await sec.innerText();
			if (!u.hash.includes('pending') && !text.includes(it.when)) problems.push(`${it.href}: the section does not name ${it.when}`);
			const figs = it.text.match(/\d+,\d\d/g) || [];
			for (const f of figs)
				if (!text.includes(f)) problems.push(`${it.href}: the section lacks ${f} of the notice "${it.text.trim()}"`);
		}
		for (const p of ['index.html', '2023/kota-b/dinsos/index.html', 'data/index.html']) {
			await page.goto(srv2.root + p, { waitUntil: 'load' });
			if (await page.locator('footer a[href$="data/revisions/index.html"]').count() !== 1)
				problems.push(`${p}: no link to the revision log in the footer`);
		}
		return [...problems, ...errs];
	});
	await page.close();
	for (const [kind, p] of RELEASE_KINDS)
		await axeAndScroll(kind, p, relDir, srv2, ctx2);
	const hv = new HtmlValidate(HV_CONFIG);
	for (const [, p] of RELEASE_KINDS)
		await check(`releases: valid HTML (html-validate): ${p}`, async () => {
			const rep = await hv.validateString(fs.readFileSync(path.join(relDir, p), 'utf8'), p);
			return rep.results.flatMap((r) => r.messages.map((m) =>
				`${p}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
		});
	await check('releases: no request left the loopback server', () =>
		[...new Set(ext2)].map((u) => `external request: ${u}`));
	await ctx2.close();
	await srv2.close();
}

await ctx.close();
await browser.close();
await server.close();
console.log(`1..${n}`);
if (failures) console.log(`# ${failures} of ${n} browser checks failed`);
process.exit(failures ? 1 : 0);
