// session.fetch against raw fetch on loopback, side by side in one run, with the built package.
// The server runs in its own process. Each figure alternates raw and tracked rounds so that drift
// on the machine hits both alike, and reports the median. Memory is measured in fresh processes.
// `--json`: the tables go to stderr and the figures, each against raw fetch, to stdout as JSON (for
// bench/run.mjs).
import { execFileSync, spawn } from 'node:child_process';
import { Console } from 'node:console';
import diagnostics from 'node:diagnostics_channel';
import { createTracker } from 'tokentab';

const json = process.argv.includes('--json');
const out = json ? new Console(process.stderr) : console;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function startServer() {
	const child = spawn(process.execPath, [new URL('./llm-server.mjs', import.meta.url).pathname], { stdio: ['ignore', 'pipe', 'inherit'] });
	const port = await new Promise((resolve) => child.stdout.once('data', (data) => resolve(Number(String(data).trim()))));
	return { base: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'hello' }] }) };

/** Mean ms per call over `n` sequential calls, reading the whole body. */
async function perCall(fetchImpl, url, n) {
	const start = performance.now();
	for (let i = 0; i < n; i++) await (await fetchImpl(url, init)).arrayBuffer();
	return (performance.now() - start) / n;
}

/** Time to the first body chunk, mean over `n` calls. */
async function firstByte(fetchImpl, url, n) {
	let total = 0;
	for (let i = 0; i < n; i++) {
		const start = performance.now();
		const reader = (await fetchImpl(url, init)).body.getReader();
		await reader.read();
		total += performance.now() - start;
		while (!(await reader.read()).done);
	}
	return total / n;
}

/** CPU time of this process (user + system, ms) per stream read to its end, the last call's recording included; and chunks per stream. */
async function cpuPerStream(fetchImpl, url, n) {
	const start = process.cpuUsage();
	let chunks = 0;
	for (let i = 0; i < n; i++) {
		const reader = (await fetchImpl(url, init)).body.getReader();
		while (!(await reader.read()).done) chunks++;
	}
	await new Promise((resolve) => setTimeout(resolve, 20)); // the last recording runs (the CPU idles meanwhile)
	const used = process.cpuUsage(start);
	cpuPerStream.chunks = chunks / n;
	return (used.user + used.system) / 1000 / n;
}

async function compare(name, measure, rounds, unit, higherIsBetter = false) {
	const raw = [];
	const tracked = [];
	const session = await createTracker().startSession();
	await measure(fetch);
	await measure(session.fetch);
	for (let round = 0; round < rounds; round++) {
		raw.push(await measure(fetch));
		tracked.push(await measure(session.fetch));
	}
	const r = median(raw);
	const t = median(tracked);
	const summary = await session.end('Success');
	return { figure: name, raw: `${r.toFixed(3)} ${unit}`, tracked: `${t.toFixed(3)} ${unit}`, ratio: (higherIsBetter ? t / r : t / r).toFixed(3), calls: summary.calls, r, t, unit };
}

/**
 * What a tracked call leaves in front of the app's next request: the time undici takes from creating
 * a raw fetch's request to writing its headers (diagnostics channels), when the call before it was a
 * tracked 200 KB stream (its recording is due) against when it was a raw one. Calls in random order.
 */
async function nextDispatch(session, url, n) {
	let created = 0;
	let dispatch = 0;
	const onCreate = () => (created = performance.now());
	const onSend = () => (dispatch = performance.now() - created);
	diagnostics.subscribe('undici:request:create', onCreate);
	diagnostics.subscribe('undici:client:sendHeaders', onSend);
	const after = { raw: [], tracked: [] };
	let previous;
	for (let i = 0; i < n; i++) {
		const mode = i % 2 === 0 || Math.random() < 0.5 ? 'raw' : 'tracked';
		const reader = (await (mode === 'raw' ? fetch : session.fetch)(url, init)).body.getReader();
		if (mode === 'raw' && previous && i > 50) after[previous].push(dispatch * 1000);
		while (!(await reader.read()).done);
		previous = mode;
	}
	diagnostics.unsubscribe('undici:request:create', onCreate);
	diagnostics.unsubscribe('undici:client:sendHeaders', onSend);
	return { raw: median(after.raw), tracked: median(after.tracked) };
}

function peakMemory(mode, url) {
	const script = `
		import { createTracker } from 'tokentab';
		const session = await createTracker().startSession();
		const f = ${mode === 'tracked' ? 'session.fetch' : 'fetch'};
		const reader = (await f(${JSON.stringify(url)}, ${JSON.stringify(init)})).body.getReader();
		let peak = 0, bytes = 0;
		for (let i = 0; ; i++) {
			const { done, value } = await reader.read();
			if (done) break;
			bytes += value.length;
			if (i % 64 === 0) peak = Math.max(peak, process.memoryUsage().rss);
		}
		const summary = await session.end('Success');
		console.log(JSON.stringify({ peak: Math.max(peak, process.memoryUsage().rss), bytes, calls: summary.calls }));`;
	return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: new URL('..', import.meta.url).pathname }).toString());
}

const { base, stop } = await startServer();
try {
	const rows = [];
	rows.push(await compare('JSON ~2 KB: time per call', (f) => perCall(f, `${base}/json/v1/chat/completions`, 100), 21, 'ms'));
	rows.push(await compare('SSE 200 KB: time to first byte', (f) => firstByte(f, `${base}/sse/v1/chat/completions?mb=0.2`, 50), 15, 'ms'));
	const seconds10mb = (f) => perCall(f, `${base}/sse/v1/chat/completions?mb=10`, 3).then((ms) => ms / 1000);
	const throughput = await compare('SSE 10 MB: seconds per stream', seconds10mb, 9, 's');
	rows.push({ ...throughput, figure: 'SSE 10 MB: throughput (raw time / tracked time)', ratio: (Number.parseFloat(throughput.raw) / Number.parseFloat(throughput.tracked)).toFixed(3) });
	const events = await compare('SSE 2,000 small events, one write each: CPU per stream', (f) => cpuPerStream(f, `${base}/events/v1/chat/completions?n=2000`, 5), 9, 'ms');
	const chunks = Math.round(cpuPerStream.chunks);
	rows.push({ ...events, figure: `${events.figure} (about ${chunks} chunks)` });
	const dispatch = await nextDispatch(await createTracker().startSession(), `${base}/sse/v1/chat/completions?mb=0.2`, 1500);
	out.table(rows.map(({ r: _r, t: _t, unit: _u, ...row }) => row));
	out.log(`a raw request's dispatch (create → headers written) after a tracked 200 KB stream: ${dispatch.tracked.toFixed(0)} µs, after a raw one: ${dispatch.raw.toFixed(0)} µs`);
	const memory = ['raw', 'tracked', 'raw', 'tracked'].map((mode) => ({ mode, ...peakMemory(mode, `${base}/sse/v1/chat/completions?mb=100`) }));
	const peak = (mode) => Math.min(...memory.filter((m) => m.mode === mode).map((m) => m.peak));
	const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;
	out.table(memory.map((m) => ({ ...m, peak: mb(m.peak) })));
	out.log(`100 MB stream, peak RSS tracked − raw (best of 2 each): ${((peak('tracked') - peak('raw')) / 1048576).toFixed(1)} MB`);
	out.log(`Node ${process.versions.node}, ${new Date().toISOString()}`);
	if (json) {
		const time = ({ figure, r, t, unit }) => ({ figure, value: `${t.toFixed(3)} ${unit}`, baseline: `raw fetch: ${r.toFixed(3)} ${unit}`, ratio: t / r, reading: 'time, tokentab ÷ raw fetch' });
		const figures = [
			time({ ...rows[0], figure: 'JSON response (~2 KB): time per call' }),
			time({ ...rows[1], figure: 'SSE stream (200 KB): time to first byte' }),
			{
				figure: 'SSE stream (10 MB): throughput',
				value: `${(10 / throughput.t).toFixed(1)} MB/s`,
				baseline: `raw fetch: ${(10 / throughput.r).toFixed(1)} MB/s`,
				ratio: throughput.r / throughput.t,
				reading: 'throughput, tokentab ÷ raw fetch',
			},
			{
				figure: "SSE stream (200 KB), then a raw request: the request's dispatch (created → headers written)",
				value: `${dispatch.tracked.toFixed(0)} µs after a tracked stream`,
				baseline: `after a raw stream: ${dispatch.raw.toFixed(0)} µs`,
				ratio: dispatch.tracked / dispatch.raw,
				reading: 'time, after tracked ÷ after raw (the recording runs after the next request is written)',
			},
			{ ...time({ ...events, figure: `SSE stream of 2,000 small events (one write each, about ${chunks} chunks): CPU time per stream` }), reading: 'CPU time, tokentab ÷ raw fetch' },
			{
				figure: 'SSE stream (100 MB): peak RSS of the process',
				value: `${mb(peak('tracked'))} (${(peak('tracked') - peak('raw')) / 1048576 >= 0 ? '+' : ''}${((peak('tracked') - peak('raw')) / 1048576).toFixed(1)} MB)`,
				baseline: `raw fetch: ${mb(peak('raw'))}`,
				ratio: peak('tracked') / peak('raw'),
				reading: 'memory, tokentab ÷ raw fetch',
			},
		];
		console.log(JSON.stringify({ title: 'Fetch overhead (Node, loopback server)', figures }));
	}
} finally {
	stop();
}
