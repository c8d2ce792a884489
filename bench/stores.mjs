// Stores, measured with the built package: IndexedDB in real Chromium (playwright, Debian's
// chromium) and the Durable Object store in workerd (miniflare). Prints medians.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { chromium } from 'playwright';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const bundle = async (entry, options = {}) =>
	(await build({ entryPoints: [here(entry)], bundle: true, format: 'esm', write: false, logLevel: 'silent', ...options })).outputFiles[0].text;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

async function indexedDB() {
	const script = await bundle('./idb.browser.mjs', { platform: 'browser' });
	// A real http origin, so the page has IndexedDB as an app's page does.
	const server = createServer((req, res) => {
		if (req.url === '/bench.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
		else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/bench.js"></script>');
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
	try {
		const page = await browser.newPage();
		const url = `http://127.0.0.1:${server.address().port}/`;
		const ready = () => page.waitForFunction(() => globalThis.bench);
		await page.goto(url);
		await ready();
		const rows = await page.evaluate(() => globalThis.bench.throughput());
		const cost = await page.evaluate(() => globalThis.bench.seed(1000));
		const times = [];
		for (let i = 0; i < 7; i++) {
			await page.reload();
			await ready();
			const resumed = await page.evaluate(() => globalThis.bench.resume());
			if (resumed.calls !== 1000 || resumed.cost !== cost) throw new Error(`resumed ${resumed.calls} calls, ${resumed.cost} instead of ${cost}`);
			times.push(resumed.ms);
		}
		rows.push({ case: 'resume a 1,000-call session after a reload (getSession + summary)', calls: 1000, 'ms (median of 7)': median(times).toFixed(1) });
		console.log(`IndexedDB in ${browser.version()} (Chromium), via the tracker:`);
		console.table(rows);
	} finally {
		await browser.close();
		server.close();
	}
}

async function durableObject() {
	const script = await bundle('./do.worker.mjs', { platform: 'neutral', external: ['cloudflare:*'], mainFields: ['module', 'main'] });
	// Miniflare 5 takes a new options shape; the classic one converts.
	const mf = new Miniflare(
		convertV4MiniflareOptions({
			modules: true,
			script,
			compatibilityDate: '2026-11-01',
			durableObjects: { TOKENTAB: { className: 'TokentabDurableObject', useSQLite: true } },
		}),
	);
	try {
		const rows = [];
		let round = 0;
		const timed = async (mode, n) => {
			const start = performance.now();
			const response = await mf.dispatchFetch(`http://bench/${mode}?n=${n}&name=bench-${mode}-${round++}`);
			const result = await response.json();
			const ms = performance.now() - start;
			if (result.calls !== undefined && (result.calls !== n || result.unsaved)) throw new Error(`lost calls in ${mode}: ${JSON.stringify(result)}`);
			return ms;
		};
		for (const [mode, n, label] of [
			['rpc', 1000, 'bare RPC putEntry, awaited one by one'],
			['one', 500, 'tracker record, awaited one by one'],
			['batched', 1000, 'tracker, 1000 records at once (group commit)'],
		]) {
			await timed(mode, Math.min(n, 100)); // warm up
			const times = [];
			for (let i = 0; i < 5; i++) times.push(await timed(mode, n));
			const ms = median(times);
			rows.push({ case: label, records: n, 'ms per record (median of 5)': (ms / n).toFixed(3), 'records/s': Math.round((n / ms) * 1000) });
		}
		console.log('Durable Object store in workerd (miniflare, same machine: no network between Worker and object):');
		console.table(rows);
	} finally {
		await mf.dispose();
	}
}

if (!process.argv.includes('--skip-browser')) await indexedDB();
await durableObject();
