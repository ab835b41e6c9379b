// The pages of a big built site worth a browser's time, one of each kind
// at its largest, as a $BROWSER_PAGES list (lib.mjs) on stdout:
//
//   node tests/browser/pick-pages.mjs SITE_DIR > pages.txt
//
// The home, the largest year page and the first and the last continuation
// of its ranking (<year>/<n>/), every page of the A-Z list (search/...),
// the body home with the most units and one with the fewest years of
// results (its history), the largest body-year and unit pages, the
// largest embed page of that year, the Markdown, downloads and revision-log pages,
// and an unknown address (404).  Reads file names and sizes only.
import fs from 'node:fs';
import path from 'node:path';
import { htmlPages } from './lib.mjs';

const siteDir = path.resolve(process.argv[2] || '');
if (!process.argv[2] || !fs.existsSync(path.join(siteDir, 'index.html'))) {
	console.error(`usage: node pick-pages.mjs SITE_DIR (no index.html in ${siteDir})`);
	process.exit(2);
}
const all = htmlPages(siteDir);
const size = (p) => fs.statSync(path.join(siteDir, p)).size;
const largest = (ps) => ps.reduce((a, b) => (a === null || size(b) > size(a) ? b : a), null);
const out = [];
const add = (p, kind) => {
	if (p && !out.some(([q]) => q === p)) out.push([p, kind]);
	else if (!p) console.error(`pick-pages: no ${kind} in ${siteDir}`);
};

const years = all.filter((p) => /^\d{4}\/index\.html$/.test(p));
const yearDirs = new Set(years.map((p) => p.slice(0, 4)));
// A body home: a top-level folder that is no year, not search/, data/ or a
// Markdown page; told apart from those by its history embed.
const homes = all.filter((p) => /^[^/]+\/index\.html$/.test(p) && !yearDirs.has(p.slice(0, 4)) &&
	fs.existsSync(path.join(siteDir, path.dirname(p), 'history-embed.html')));
const units = (p) => all.filter((q) => q.startsWith(path.dirname(p) + '/unit-') && q.endsWith('-embed.html')).length;
const yearsOf = (p) => years.filter((y) => fs.existsSync(path.join(siteDir, y.slice(0, 4), path.dirname(p), 'index.html'))).length;

add('index.html', 'home');
const year = largest(years);
add(year, 'largest year page');
const y = year ? year.slice(0, 5) : '';
const cont = all.filter((p) => p.startsWith(y) && /^\d{4}\/\d+\/index\.html$/.test(p))
	.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
if (cont.length) {
	add(cont[0], 'ranking continuation');
	add(cont[cont.length - 1], 'last ranking continuation');
}
for (const p of all.filter((q) => q.startsWith('search/'))) add(p, `A-Z list ${p}`);
add(homes.reduce((a, b) => (a === null || units(b) > units(a) ? b : a), null), 'body home with the most units');
add(homes.reduce((a, b) => (a === null || yearsOf(b) < yearsOf(a) ? b : a), null), 'history of a body with the fewest years');
add(largest(all.filter((p) => /^\d{4}\/(?!\d+\/)[^/]+\/index\.html$/.test(p))), 'largest body-year page');
add(largest(all.filter((p) => /^\d{4}\/[^/]+\/[^/]+\/index\.html$/.test(p))), 'largest unit page');
add(largest(all.filter((p) => p.startsWith(y) && p.endsWith('-embed.html'))) ||
	largest(all.filter((p) => p.endsWith('-embed.html'))), 'largest embed page');
for (const [p, kind] of [['metodologi/index.html', 'Markdown page'], ['data/index.html', 'downloads'],
	['data/revisions/index.html', 'revision log']])
	if (all.includes(p)) add(p, kind);
out.push(['no/such/page/index.html', '404']);
for (const [p, kind] of out) console.log(`${p} ${kind}`);
