// Keyboard use of a built rapor site in Debian's Chromium.  Speaks TAP.
//
//   node tests/browser/keyboard.mjs SITE_DIR
//
// On one page of each kind (or the pages $BROWSER_PAGES lists, lib.mjs),
// at 375 and 1280 px, served as e2e.mjs serves the site:
//   - Tab from the top reaches every interactive element (links, buttons,
//     the summaries of <details>, inputs, textareas, selects, anything
//     with tabindex >= 0; a scroll box with nothing focusable in it, which
//     Chromium puts in the order) in DOM order, nothing else, and then
//     leaves the page: no element is skipped (tabindex="-1"), none is out
//     of order, focus never lands on an element out of sight, and there is
//     no trap.
//   - Each element Tab focuses shows it: its outline or box-shadow differs
//     from its unfocused one and is neither zero-width nor transparent, and
//     the element is on screen, not clipped away (a visually hidden one).
//   - Each <details> opens and closes with Enter and with Space on its
//     summary, and Tab then enters what it holds; an embed code's textarea
//     selects all with Ctrl+A.
//   - The search box takes typing, Tab reaches its first result, Enter
//     opens it; Escape puts the results away.
//   - A table's filter takes typing and hides rows; a sort button sorts
//     with Enter and with Space; the PNG button downloads with Enter and
//     with Space.
import fs from 'node:fs';
import path from 'node:path';
import { serveSite, siteContext, tap, watchPage, pageList, siteArg, watchdog, launchOrBail } from './lib.mjs';

const WIDTHS = [375, 1280];

/* One page of each kind of the sample site.  "404" is an unknown address,
   answered by 404.html.  The sample has no ranking continuation
   (<year>/<n>/): the national check has. */
const KINDS = [
	['home', 'index.html'],
	['year', '2023/index.html'],
	['body home', 'kota-cilegon/index.html'],
	['body in a year', '2023/kota-cilegon/index.html'],
	['unit', '2023/kota-cilegon/dpmptsp/index.html'],
	['history of a body with few years', 'kab-lebak/index.html'],
	['all bodies A-Z', 'search/index.html'],
	['Markdown page', 'metodologi/index.html'],
	['downloads', 'data/index.html'],
	['revision log', 'data/revisions/index.html'],
	['404', 'no/such/page/index.html'],
	['embed page', '2023/kota-cilegon/units-embed.html'],
];

const { report, check, done } = tap('keyboard checks');

const siteDir = siteArg('keyboard.mjs');
const { kinds } = pageList(KINDS);
watchdog('the keyboard checks', 600);

const server = await serveSite(siteDir);
const { browser } = await launchOrBail(() => server.close());

/* In the page: mark every element the Tab order should hold, in DOM
   order, with data-kbd="N", and keep its unfocused outline and shadow.
   Interactive elements count whatever their tabindex (a link taken out of
   the order is the fault looked for); an element is left out only when it
   is not rendered (display: none, hidden, visibility, inside a closed
   <details>, inert) or disabled.  Returns their descriptions. */
function markTabbable() {
	const INTERACTIVE = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, ' +
		'details > summary:first-of-type, iframe, [contenteditable=""], [contenteditable="true"]';
	const focusableInside = (el) => el.querySelector(INTERACTIVE + ', [tabindex]');
	const rendered = (el) => {
		if (el.closest('[inert]')) return false;
		if (!el.getClientRects().length) return false;
		if (getComputedStyle(el).visibility !== 'visible') return false;
		// The content of a closed <details> is skipped; its summary is not.
		for (let d = el.closest('details'); d; d = d.parentElement.closest('details'))
			if (!d.open && !(el.localName === 'summary' && el.parentElement === d) &&
			    !d.querySelector(':scope > summary')?.contains(el)) return false;
		return true;
	};
	const out = [];
	for (const el of document.body.querySelectorAll('*')) {
		let want = false;
		if (el.matches(INTERACTIVE)) want = !el.disabled;
		else if (el.hasAttribute('tabindex')) want = el.tabIndex >= 0;
		else {
			// Chromium's keyboard-focusable scrollers.
			const cs = getComputedStyle(el);
			const scrolls = (/(auto|scroll)/.test(cs.overflowX) && el.scrollWidth > el.clientWidth) ||
				(/(auto|scroll)/.test(cs.overflowY) && el.scrollHeight > el.clientHeight);
			want = scrolls && !focusableInside(el);
		}
		if (!want || !rendered(el)) continue;
		const cs = getComputedStyle(el);
		el.dataset.kbd = String(out.length);
		out.push({
			what: describe(el),
			outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor} ${cs.outlineOffset}`,
			shadow: cs.boxShadow,
		});
	}
	function describe(el) {
		const text = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 40);
		const id = el.id ? '#' + el.id : '';
		const cls = el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '';
		return `<${el.localName}${id}${cls}> "${text}"`;
	}
	window.__kbdDescribe = describe;
	window.__kbdUnfocused = out;
	return out;
}

/* In the page: what the focused element is, and whether it shows:
   its box on screen and not clipped away, and a focus indicator that
   differs from its unfocused state (kept by markTabbable). */
function probeFocus() {
	const el = document.activeElement;
	if (!el || el === document.body || el === document.documentElement) return { none: true, index: -1, what: 'nothing (the page itself)', problems: [] };
	const unfocused = el.dataset.kbd === undefined ? null : window.__kbdUnfocused[+el.dataset.kbd];
	const describe = window.__kbdDescribe || ((e) => `<${e.localName}>`);
	const problems = [];
	const cs = getComputedStyle(el);
	const r = el.getBoundingClientRect();
	// What of the box is visible: inside the viewport and every ancestor
	// that clips (overflow, clip), and not transparent.
	let vis = { l: r.left, t: r.top, r: r.right, b: r.bottom };
	const cut = (b) => { vis = { l: Math.max(vis.l, b.left), t: Math.max(vis.t, b.top), r: Math.min(vis.r, b.right), b: Math.min(vis.b, b.bottom) }; };
	cut({ left: 0, top: 0, right: innerWidth, bottom: innerHeight });
	for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
		const s = getComputedStyle(a);
		if (s.opacity === '0') problems.push(`inside an element with opacity 0`);
		if (s.overflowX !== 'visible' || s.overflowY !== 'visible' || (s.clip && s.clip !== 'auto'))
			cut(a.getBoundingClientRect());
		if (s.clip && /^rect\(0(px)?,? 0(px)?,? 0(px)?,? 0(px)?\)$/.test(s.clip)) cut({ left: 0, top: 0, right: 0, bottom: 0 });
	}
	const w = vis.r - vis.l, h = vis.b - vis.t;
	const need = (n) => Math.min(n, 4);
	if (r.width < 1 || r.height < 1) problems.push(`its box is ${r.width.toFixed(1)}x${r.height.toFixed(1)} px`);
	else if (w < need(r.width) || h < need(r.height))
		problems.push(`it is out of sight: ${Math.max(0, w).toFixed(1)}x${Math.max(0, h).toFixed(1)} px of its ` +
			`${r.width.toFixed(1)}x${r.height.toFixed(1)} px box at (${r.left.toFixed(0)}, ${r.top.toFixed(0)}) show`);
	if (cs.opacity === '0' || cs.visibility !== 'visible') problems.push(`opacity ${cs.opacity}, visibility ${cs.visibility}`);
	// The indicator: an outline or a shadow, not as it is unfocused.
	const alpha = (c) => {
		const m = c.match(/rgba?\(([^)]+)\)/);
		if (!m) return 1;	// a named or system colour (auto's focus ring)
		const p = m[1].split(/[ ,/]+/).filter(Boolean);
		return p.length > 3 ? parseFloat(p[3]) : 1;
	};
	const outline = `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor} ${cs.outlineOffset}`;
	const outlineShows = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 1 &&
		alpha(cs.outlineColor) > 0 && (!unfocused || outline !== unfocused.outline);
	const shadowShows = cs.boxShadow !== 'none' && (!unfocused || cs.boxShadow !== unfocused.shadow) &&
		[...cs.boxShadow.matchAll(/rgba?\([^)]+\)/g)].some((m) => alpha(m[0]) > 0);
	if (!outlineShows && !shadowShows)
		problems.push(`no visible focus indicator: outline "${outline}" (unfocused "${unfocused?.outline}"), ` +
			`box-shadow "${cs.boxShadow}"`);
	return { index: el.dataset.kbd === undefined ? -1 : +el.dataset.kbd, what: describe(el), problems };
}

/* Tab from the top of the loaded page to past its last element. */
async function tabWalk(page) {
	const expected = await page.evaluate(markTabbable);
	const problems = [];
	// Start from the document itself, as a reader arriving at the page.
	await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
	const seen = [];
	let left = false;
	for (let step = 0; step < expected.length + 3; step++) {
		await page.keyboard.press('Tab');
		const g = await page.evaluate(probeFocus);
		if (g.none) { left = true; break; }
		if (g.index < 0) problems.push(`Tab ${step + 1} focused ${g.what}, which is not an interactive element in sight`);
		for (const p of g.problems) problems.push(`${g.what}: ${p}`);
		if (seen.length && seen.includes(g.index) && g.index >= 0) {
			problems.push(`Tab ${step + 1} came back to ${g.what}: a loop`);
			break;
		}
		seen.push(g.index);
	}
	if (!left) problems.push(`after ${expected.length + 3} presses of Tab focus is still in the page (on ${await page.evaluate(() => document.activeElement && window.__kbdDescribe(document.activeElement))}): a trap`);
	// DOM order: the elements reached, in order, are all the expected ones.
	const reached = seen.filter((i) => i >= 0);
	for (let i = 0; i < reached.length; i++)
		if (i > 0 && reached[i] < reached[i - 1]) {
			problems.push(`out of DOM order: ${expected[reached[i]].what} after ${expected[reached[i - 1]].what}`);
			break;
		}
	const got = new Set(reached);
	const missed = expected.map((e, i) => [e, i]).filter(([, i]) => !got.has(i));
	for (const [e] of missed.slice(0, 10)) problems.push(`never reached by Tab: ${e.what}`);
	if (missed.length > 10) problems.push(`... and ${missed.length - 10} more never reached`);
	return { problems, count: expected.length };
}

/* Each <details>: Enter and Space on its summary open and close it, and
   Tab then goes into it; its textareas select all with Ctrl+A. */
async function detailsKeys(page) {
	const n = await page.locator('details > summary').count();
	const problems = [];
	for (let i = 0; i < n; i++) {
		const s = page.locator('details > summary').nth(i);
		if (!(await s.isVisible())) continue;
		const name = await s.evaluate((e) => window.__kbdDescribe(e));
		const open = () => s.evaluate((e) => e.parentElement.open);
		await s.focus();
		for (const key of ['Enter', 'Space']) {
			await page.keyboard.press(key);
			if (!(await open())) { problems.push(`${name}: ${key} does not open it`); continue; }
			// Once open (by Enter), Tab walks through what it holds: each
			// control is reached and shows its focus, each textarea of an
			// embed code selects all with Ctrl+A.
			const want = key === 'Enter' ? await s.evaluate((e) => [...e.parentElement.querySelectorAll(
				'a[href], button, input, select, textarea, [tabindex]')].filter((c) => !e.contains(c) &&
				c.getClientRects().length).map((c) => window.__kbdDescribe(c))) : [];
			if (want.length) {
				const got = [];
				for (let step = 0; step <= want.length; step++) {
					await page.keyboard.press('Tab');
					const into = await s.evaluate((e) => e.parentElement.contains(document.activeElement) &&
						!e.contains(document.activeElement));
					if (!into) break;
					const f = await page.evaluate(probeFocus);
					got.push(f.what);
					for (const p of f.problems) problems.push(`${name}, inside: ${f.what}: ${p}`);
					if (await page.evaluate(() => document.activeElement.localName === 'textarea')) {
						await page.keyboard.press('Control+A');
						const sel = await page.evaluate(() => {
							const t = document.activeElement;
							return [t.selectionStart, t.selectionEnd, t.value.length];
						});
						if (sel[0] !== 0 || sel[1] !== sel[2] || sel[2] === 0)
							problems.push(`${name}: Ctrl+A in ${f.what} selects ${sel[0]}-${sel[1]} of ${sel[2]}`);
					}
				}
				for (const w of want)
					if (!got.includes(w)) problems.push(`${name}: once open, Tab does not reach ${w}`);
				await s.focus();
			}
			await page.keyboard.press(key);
			if (await open()) problems.push(`${name}: ${key} again does not close it`);
		}
	}
	return { problems, count: n };
}

/* The search box: typing shows results, Tab reaches the first, it is in
   sight, Escape puts them away, Enter opens the first. */
async function searchKeys(page) {
	const q = page.locator('#q');
	if (!(await q.count()) || !(await q.isVisible())) return null;
	const problems = [];
	await q.focus();
	await page.waitForFunction(() => Array.isArray(window.raporSearch), null, { timeout: 10000 });
	// A query from the index: the start of the name of an entry.
	const query = await page.evaluate(() => {
		const e = window.raporSearch[Math.floor(window.raporSearch.length / 2)];
		const w = e[0].split(/\s+/).find((x) => x.length >= 4) || e[0];
		return w.slice(0, 5).toLowerCase();
	});
	await page.keyboard.type(query, { delay: 10 });
	const first = page.locator('#q-results a').first();
	try { await first.waitFor({ state: 'visible', timeout: 5000 }); }
	catch { return [`typing "${query}" shows no result link`]; }
	if ((await q.inputValue()) !== query) problems.push(`the box holds "${await q.inputValue()}" after typing "${query}"`);
	const href = await first.evaluate((a) => a.href);
	await page.keyboard.press('Tab');
	const f = await page.evaluate(probeFocus);
	const onFirst = await page.evaluate(() => document.querySelector('#q-results a') === document.activeElement);
	if (!onFirst) problems.push(`Tab from the search box goes to ${f.what}, not to the first result`);
	for (const p of f.problems) problems.push(`first result ${f.what}: ${p}`);
	// Back in the box: Escape empties the list (and, in a search field,
	// the field), typing shows it again.
	await q.focus();
	await page.keyboard.press('Escape');
	if (await page.locator('#q-results li').count()) problems.push('Escape leaves the results shown');
	await page.keyboard.press('Control+A');
	await page.keyboard.type(query);
	try { await first.waitFor({ state: 'visible', timeout: 5000 }); }
	catch { problems.push('no results after typing again'); return problems; }
	await page.keyboard.press('Tab');
	await Promise.all([page.waitForURL(href, { timeout: 10000 }).catch(() => problems.push(`Enter on the first result did not open ${href}`)),
		page.keyboard.press('Enter')]);
	return problems;
}

/* A table's filter, the sort buttons and the PNG buttons. */
async function controlKeys(page) {
	const problems = [];
	const filter = page.locator('.filter input').first();
	if (await filter.count()) {
		const table = filter.locator('xpath=ancestor::*[1]/following-sibling::*[1]//table');
		const rows = table.locator('tbody tr');
		const shown = () => rows.evaluateAll((rs) => rs.filter((r) => !r.hidden).length);
		const total = await shown();
		// The first row's name: it matches that row, and few others.
		const word = (await rows.first().locator('td.name a, td.name, th').first().innerText()).trim();
		await filter.focus();
		await page.keyboard.type(word.toLowerCase());
		const after = await shown();
		if (after === 0 || after >= total) problems.push(`typing "${word}" in the filter leaves ${after} of ${total} rows`);
		for (let i = 0; i < word.length; i++) await page.keyboard.press('Backspace');
		if (await shown() !== total) problems.push('emptying the filter does not show every row again');
	}
	const sort = page.locator('button.sort').first();
	if (await sort.count() && await sort.isVisible()) {
		const th = sort.locator('xpath=..');
		await sort.focus();
		for (const [key, want] of [['Enter', 'ascending'], ['Space', 'descending']]) {
			await page.keyboard.press(key);
			const got = await th.getAttribute('aria-sort');
			if (got !== want) problems.push(`${key} on the sort button "${await sort.innerText()}": aria-sort "${got}", expected ${want}`);
		}
	}
	const png = page.locator('.png-dl button').first();
	if (await png.count()) {
		if (!(await png.isVisible())) problems.push('the PNG button is not shown');
		else {
			await png.focus();
			for (const key of ['Enter', 'Space']) {
				const [dl] = await Promise.all([
					page.waitForEvent('download', { timeout: 10000 }).catch(() => null),
					page.keyboard.press(key),
				]);
				if (!dl) problems.push(`${key} on the PNG button downloads nothing`);
				else if (dl.suggestedFilename() !== await png.getAttribute('data-name'))
					problems.push(`${key} on the PNG button downloads ${dl.suggestedFilename()}`);
			}
		}
	}
	return problems;
}

for (const w of WIDTHS) {
	const { ctx } = await siteContext(browser, siteDir, {
		viewport: { width: w, height: 800 },
		acceptDownloads: true,
		...(w < 600 ? { isMobile: true, hasTouch: true } : {}),
	});
	ctx.setDefaultTimeout(10000);
	for (const [kind, p] of kinds) {
		const is404 = kind === '404';
		if (!is404 && !fs.existsSync(path.join(siteDir, p))) {
			report(`keyboard: ${kind} at ${w}px (${p})`, [`${p} does not exist in the site`]);
			continue;
		}
		const page = await ctx.newPage();
		const all = watchPage(page, (u) => is404 && u === server.root + p);
		// Each check loads the page again: a request of the last load cut
		// off (ERR_ABORTED, the favicon) is no fault; e2e.mjs checks files.
		const errors = () => all.filter((e) => !/net::ERR_ABORTED/.test(e));
		const load = async () => {
			all.length = 0;	// each check reports the errors of its own load
			const r = await page.goto(server.root + p, { waitUntil: 'load' });
			const want = is404 ? 404 : 200;
			if (!r || r.status() !== want) throw new Error(`HTTP ${r && r.status()}, expected ${want}`);
		};
		let count = 0;
		await check(`keyboard: Tab reaches every interactive element in DOM order, each in sight with a focus indicator, then leaves: ${kind} at ${w}px (${p})`, async () => {
			await load();
			const r = await tabWalk(page);
			count = r.count;
			if (r.count === 0) r.problems.push('nothing to focus');
			return [...r.problems, ...errors()];
		});
		await check(`keyboard: each <details> opens and closes with Enter and Space: ${kind} at ${w}px`, async () => {
			await load();
			await page.evaluate(markTabbable);
			return [...(await detailsKeys(page)).problems, ...errors()];
		});
		await check(`keyboard: the filter, sort and PNG controls work with the keys: ${kind} at ${w}px`, async () => {
			await load();
			await page.evaluate(markTabbable);
			return [...await controlKeys(page), ...errors()];
		});
		await check(`keyboard: the search box takes typing and its results are reached and opened by keyboard: ${kind} at ${w}px`, async () => {
			await load();
			await page.evaluate(markTabbable);
			const r = await searchKeys(page);
			if (r === null) return p.endsWith('-embed.html') ? [] : ['no search box'];
			return [...r, ...errors()];
		});
		console.log(`# ${kind} at ${w}px: ${count} elements in the Tab order`);
		await page.close();
	}
	await ctx.close();
}

await browser.close();
await server.close();
process.exit(done());
