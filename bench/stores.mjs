// Stores, measured with the built package: IndexedDB in real Chromium (playwright, Debian's
// chromium) and the Durable Object store in workerd (miniflare). Prints medians. `--json`: the
// tables go to stderr and the figures, each against its raw baseline, to stdout as JSON (for
// bench/run.mjs). `--skip-browser`: the Durable Object part only.
import { Console } from 'node:console';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { chromiumPage } from './chromium-page.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const bundle = async (entry, options = {}) => (await build({ entryPoints: [here(entry)], bundle: true, format: 'esm', write: false, logLevel: 'silent', ...options })).outputFiles[0].text;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const json = process.argv.includes('--json');
const out = json ? new Console(process.stderr) : console;
/** Figures for the benchmark table: { figure, value, baseline, ratio, reading }. */
const figures = [];
const environment = {};

async function indexedDB() {
	const { page, version, open: ready, close } = await chromiumPage('./idb.browser.mjs');
	try {
		await ready();
		const rows = await page.evaluate(() => globalThis.bench.throughput());
		const cost = await page.evaluate(() => globalThis.bench.seed(1000));
		const times = [];
		const rawTimes = [];
		for (let i = 0; i < 7; i++) {
			await ready();
			const resumed = await page.evaluate(() => globalThis.bench.resume());
			if (resumed.calls !== 1000 || resumed.cost !== cost) throw new Error(`resumed ${resumed.calls} calls, ${resumed.cost} instead of ${cost}`);
			times.push(resumed.ms);
			await ready();
			rawTimes.push((await page.evaluate(() => globalThis.bench.rawRead())).ms);
		}
		rows.push({ case: 'resume a 1,000-call session after a reload (getSession + summary)', calls: 1000, 'ms (median of 7)': median(times).toFixed(1) });
		rows.push({ case: 'raw idb-keyval: every entry of the same database after a reload', calls: 1000, 'ms (median of 7)': median(rawTimes).toFixed(1) });
		out.log(`IndexedDB in ${version} (Chromium), via the tracker:`);
		out.table(rows);
		environment.chromium = version;
		const rate = (name) => rows.find((row) => row.case.startsWith(name))['calls/s (median of 5)'];
		const perSecond = (value) => `${value.toLocaleString('en-US')} calls/s`;
		const throughput = (figure, name, baselineName, baselineLabel, reading = 'throughput, tokentab ÷ baseline') =>
			figures.push({ figure, value: perSecond(rate(name)), baseline: `${baselineLabel}: ${perSecond(rate(baselineName))}`, ratio: rate(name) / rate(baselineName), reading });
		throughput('IndexedDB, calls recorded one by one (each awaited)', 'IndexedDB, one by one', 'raw idb-keyval, the same records, one', 'raw idb-keyval set, one by one');
		throughput('IndexedDB, 1,000 calls recorded at once (group commit, setMany)', 'IndexedDB, batched', 'raw idb-keyval, the same 1000', 'raw idb-keyval setMany');
		throughput('IndexedDB, 1,000 at once without setMany (a transaction per call)', 'IndexedDB, 1000 at once without', 'IndexedDB, batched', 'with setMany', 'throughput, without ÷ with setMany');
		throughput('tracker alone, memory store, one by one', 'memory store', 'IndexedDB, one by one', 'IndexedDB store, one by one', 'throughput, memory ÷ IndexedDB');
		figures.push({
			figure: 'resume a 1,000-call session after a reload (getSession + summary)',
			value: `${median(times).toFixed(1)} ms`,
			baseline: `raw idb-keyval read of every entry: ${median(rawTimes).toFixed(1)} ms`,
			ratio: median(times) / median(rawTimes),
			reading: 'time, tokentab ÷ baseline',
		});
	} finally {
		await close();
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
		const modes = [
			['rpc', 1000, 'bare RPC putEntry, awaited one by one'],
			['one', 500, 'tracker record, awaited one by one'],
			['batched', 1000, 'tracker, 1000 records at once (group commit)'],
		];
		for (const [mode, n] of modes) await timed(mode, Math.min(n, 100)); // warm up
		// Rounds alternate the modes, so that drift on the machine hits them all alike.
		const times = modes.map(() => []);
		for (let i = 0; i < 5; i++) for (const [m, [mode, n]] of modes.entries()) times[m].push(await timed(mode, n));
		for (const [m, [mode, n, label]] of modes.entries()) {
			const ms = median(times[m]);
			rows.push({ case: label, records: n, 'ms per record (median of 5)': (ms / n).toFixed(3), 'records/s': Math.round((n / ms) * 1000), mode });
		}
		environment.workerd = JSON.parse(readFileSync(here('../node_modules/workerd/package.json'), 'utf8')).version;
		out.log('Durable Object store in workerd (miniflare, same machine: no network between Worker and object):');
		out.table(rows.map(({ mode: _, ...row }) => row));
		const perRecord = (mode) => Number(rows.find((row) => row.mode === mode)['ms per record (median of 5)']);
		for (const [mode, figure] of [
			['one', 'Durable Object, session.record one by one'],
			['batched', 'Durable Object, 1,000 records at once (group commit)'],
		])
			figures.push({
				figure,
				value: `${perRecord(mode).toFixed(3)} ms a record`,
				baseline: `bare RPC putEntry, one by one: ${perRecord('rpc').toFixed(3)} ms`,
				ratio: perRecord(mode) / perRecord('rpc'),
				reading: 'time, tokentab ÷ baseline',
			});
	} finally {
		await mf.dispose();
	}
}

if (!process.argv.includes('--skip-browser')) await indexedDB();
await durableObject();
if (json) console.log(JSON.stringify({ title: 'Stores', figures, environment }));
