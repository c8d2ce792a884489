// npm run bench: every benchmark of the project, one after another (never two at once: they time
// things), each in its own process with `--json`, then bench/RESULTS.md: one table per benchmark,
// each figure of tokentab's beside its peer or raw baseline measured in the same run and the ratio
// of the two, with the machine it ran on and the date. The benchmarks' own tables still print as
// they run (on stderr), and the README's quote of RESULTS.md is rewritten (bench/readme-quote.mjs).
// Uses the built package: `npm run bench` builds first.
// `node bench/run.mjs --only stores.mjs [...]`: those benchmarks alone, the tables printed to stdout,
// RESULTS.md left as it is (to check a benchmark's figures before a full run).
//
// A benchmark joins by being listed in BENCHMARKS. With `--json` it prints, as the last line of its
// stdout, `{ "title": string, "figures": Figure[], "environment"?: { [name]: version } }`, where a
// Figure is `{ figure, value, baseline, ratio, reading }`: what was measured, tokentab's figure and
// the baseline's (text with their units; the baseline names what it is), `value ÷ baseline` as a
// number, and how to read that ratio (e.g. "time, tokentab ÷ raw fetch"). Every other .mjs file in
// bench/ must be a helper named in HELPERS, so that no benchmark is silently left out.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { quote, withQuote } from './readme-quote.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));

const BENCHMARKS = [
	{ script: 'fetch-overhead.mjs', about: 'session.fetch against raw fetch: JSON and SSE, time, throughput, memory' },
	{ script: 'stores.mjs', about: 'IndexedDB in Chromium and the Durable Object store in workerd, against raw writes and reads' },
	{ script: 'pricing.mjs', about: 'price computation and bundle size against @pydantic/genai-prices and tokenlens' },
	{ script: 'budgets.mjs', about: 'what enforced budgets add to a tracked call, against the same call without budgets' },
	{ script: 'summary.mjs', about: 'endSession (a session summary) at 1k / 10k / 100k calls, against the raw read of its calls' },
	{ script: 'report.mjs', about: 'tracker.report over 1k / 10k / 100k calls, in memory and in IndexedDB' },
];
/** Not benchmarks: what the benchmarks above load or run. */
const HELPERS = ['run.mjs', 'readme-quote.mjs', 'llm-server.mjs', 'idb.browser.mjs', 'do.worker.mjs', 'report-workload.mjs', 'report.browser.mjs', 'chromium-page.mjs'];

const listed = new Set([...BENCHMARKS.map((b) => b.script), ...HELPERS]);
const unlisted = readdirSync(here).filter((file) => file.endsWith('.mjs') && !listed.has(file));
if (unlisted.length) {
	console.error(`bench/run.mjs: ${unlisted.join(', ')} is neither in BENCHMARKS nor in HELPERS: add it to one of them`);
	process.exit(1);
}

function runOne(script) {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [`${here}${script}`, '--json'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
		let stdout = '';
		child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code !== 0) return reject(new Error(`bench/${script} exited with ${code}`));
			try {
				resolve(JSON.parse(stdout.trim().split('\n').at(-1)));
			} catch (error) {
				reject(new Error(`bench/${script} printed no JSON on its last line: ${error.message}`));
			}
		});
	});
}

const only = process.argv.includes('--only') ? process.argv.slice(process.argv.indexOf('--only') + 1) : undefined;
const started = new Date();
const load = os.loadavg();
const results = [];
for (const benchmark of BENCHMARKS) {
	if (only && !only.includes(benchmark.script)) continue;
	if (benchmark.pending && !existsSync(`${here}${benchmark.script}`)) {
		results.push({ ...benchmark, missing: true });
		continue;
	}
	console.error(`\n== bench/${benchmark.script}: ${benchmark.about}`);
	const started = performance.now();
	results.push({ ...benchmark, ...(await runOne(benchmark.script)), seconds: (performance.now() - started) / 1000 });
}

/** A ratio to read at a glance: 1.03, 0.97, or 0.027 (1/37) well below 1. */
function ratio(value) {
	if (!Number.isFinite(value)) return 'n/a';
	if (value >= 0.9) return value >= 10 ? value.toFixed(1) : value.toFixed(2);
	const inverse = 1 / value;
	return `${value < 0.1 ? value.toFixed(3) : value.toFixed(2)} (1/${inverse >= 10 ? inverse.toFixed(0) : inverse.toFixed(1)})`;
}
const cell = (text) => String(text).replaceAll('|', '\\|');

const cpus = os.cpus();
const environment = Object.assign({}, ...results.map((result) => result.environment ?? {}));
const lines = [
	'# Benchmark results',
	'',
	`Written by \`npm run bench\` (bench/run.mjs) on ${started.toISOString().slice(0, 10)} (${started.toISOString().slice(11, 16)} UTC): every benchmark of the`,
	"project, one after another, against the built package. Each figure is tokentab's, beside its peer or raw",
	'baseline measured in the same run, and the ratio of the two (`value ÷ baseline`; the last column says what',
	'is divided). Timings are medians over rounds that alternate tokentab and its baseline. Sizes are',
	'deterministic; timings move with the machine and its load.',
	'',
	'**Machine**: ' +
		[
			`${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${os.availableParallelism()} cores`,
			`${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB memory`,
			`${os.type()} ${os.release()} ${os.arch()}`,
			`Node ${process.versions.node}`,
			...Object.entries(environment).map(([name, version]) => `${name === 'chromium' ? 'Chromium' : name} ${version}`),
			`load average ${load.map((value) => value.toFixed(2)).join(' / ')} (1/5/15 min) at the start`,
		].join('; ') +
		'.',
	'',
];
// Issue 15's table: what tokentab weighs on the call path, each figure beside its goal, from this run.
const GOALS = [
	['JSON response (~2 KB): time per call', '≤ 1.02 × raw fetch', (f) => `${f.value} (${f.baseline}): ${ratio(f.ratio)} ×`],
	['SSE stream (200 KB): time to first byte', '≤ 1.02 × raw fetch', (f) => `${f.value} (${f.baseline}): ${ratio(f.ratio)} ×`],
	['SSE stream (10 MB): throughput', '≥ 0.97 × raw fetch', (f) => `${f.value} (${f.baseline}): ${ratio(f.ratio)} ×`],
	['tracker alone, memory store, one by one', '≤ 8 µs a call', (f) => `${(1e6 / Number.parseFloat(f.value.replaceAll(',', ''))).toFixed(1)} µs a call (${f.value})`],
	['session.fetch, JSON ~2 KB, 2 enforced budgets', '≤ 15 µs added', (f) => `${/(-?\d+) µs added/.exec(f.reading)?.[1] ?? '?'} µs added (${f.value} against ${f.baseline})`],
	['endSession / summary of one session of 100,000 calls (memory)', '≤ 30 ms', (f) => `${f.value} (${f.baseline})`],
	['whole range, by day and model (UTC), 100,000 calls [memory', '≤ 40 ms', (f) => `${f.value} (${f.baseline})`],
	['whole range, by day and model (UTC), 100,000 calls [IndexedDB', '≤ 1.1 × the raw read', (f) => `${f.value} (${f.baseline}): ${ratio(f.ratio)} ×`],
];
const allFigures = results.flatMap((result) => result.figures ?? []);
lines.push('## Weight on the call path (issue 15)', '', '| figure | this run | goal |', '| --- | --- | --- |');
for (const [name, goal, show] of GOALS) {
	const found = allFigures.find((figure) => figure.figure.startsWith(name));
	lines.push(`| ${cell(name.replace(/ \[\w+$/, (store) => ` ${store.slice(2)}`))} | ${cell(found ? show(found) : 'not measured in this run')} | ${cell(goal)} |`);
}
lines.push('');
for (const result of results) {
	lines.push(`## ${result.missing ? result.about : result.title}`, '');
	if (result.missing) {
		lines.push(`Not measured: bench/${result.script} (${result.about}) is not in this tree yet.`, '');
		continue;
	}
	lines.push(`\`bench/${result.script}\`, ${result.seconds.toFixed(0)} s.`, '');
	lines.push('| figure | tokentab | baseline, same run | ratio | ratio of |', '| --- | --- | --- | --- | --- |');
	for (const figure of result.figures) lines.push(`| ${cell(figure.figure)} | ${cell(figure.value)} | ${cell(figure.baseline)} | ${ratio(figure.ratio)} | ${cell(figure.reading)} |`);
	lines.push('');
}
if (only) {
	console.log(lines.join('\n'));
	process.exit(0);
}
writeFileSync(`${here}RESULTS.md`, lines.join('\n'));
writeFileSync(`${root}README.md`, withQuote(readFileSync(`${root}README.md`, 'utf8'), quote(lines.join('\n'))));
console.error(`\nbench/RESULTS.md and the README's quote of it written (${results.filter((r) => !r.missing).length} benchmarks, ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s)`);
