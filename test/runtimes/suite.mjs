// One behavioural check of the built package, in plain JavaScript on web standards only, so the
// same file runs in Node, Deno, Bun, workerd and Chromium: a session through session.fetch, JSON
// and SSE from three providers, ended with an exact Big cost; then reports and their time zones.
export async function runSuite({ createTracker, reportToCSV }, base) {
	const events = [];
	const tracker = createTracker({ onEvent: (event) => events.push(event.type) });
	const session = await tracker.startSession({ userId: 'runtime-suite' });
	const calls = [
		['openai/openai-chat.json', '/v1/chat/completions'],
		['anthropic/anthropic-messages-stream.sse', '/v1/messages'],
		['gemini/gemini-streamGenerateContent.sse', '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse&chunk=61'],
	];
	for (const [file, path] of calls) {
		const url = `${base}/fixture/${file}${path}`;
		const response = await session.fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"m"}' });
		const text = await response.text();
		const direct = await (await fetch(url, { method: 'POST' })).text();
		if (response.status !== 200 || text !== direct) throw new Error(`${file}: the app did not get the server's bytes`);
	}
	const summary = await tracker.endSession(session.id, 'Success');
	// 0.000405 (gpt-4o) + 0.001026 (claude-haiku-4-5) + 0.001473 (gemini-2.5-flash)
	const expected = '0.002904';
	if (summary.cost.toFixed() !== expected) throw new Error(`cost ${summary.cost.toFixed()}, expected ${expected}`);
	if (typeof summary.cost.plus !== 'function' || summary.cost.plus('0.000096').toFixed() !== '0.003') throw new Error('summary.cost is not a Big');
	if (summary.calls !== 3 || !summary.costKnown) throw new Error(`calls ${summary.calls}, costKnown ${summary.costKnown}`);
	await checkReports(createTracker, reportToCSV, tracker, expected);
	const response = await checkResponse(createTracker, `${base}/fixture/openai/openai-chat.json/v1/chat/completions`);
	return { cost: summary.cost.toFixed(), calls: summary.calls, events: events.filter((type) => type === 'call.recorded').length, response };
}

/** Reports (loaded on first use) in this runtime, and its Intl time zones: Berlin's fall-back night has two 02:00 hours. */
async function checkReports(createTracker, reportToCSV, tracker, expected) {
	const report = await tracker.report({ groupBy: ['provider'] });
	if (report.total.cost.toFixed() !== expected || report.rows.length !== 3) throw new Error(`report: ${JSON.stringify(report)}`);
	const night = createTracker({ prices: { 'acme/small': { input: '1' } } });
	const session = await night.startSession({ userId: 'u' });
	await session.record({ provider: 'acme', model: 'small', usage: { input: 4 }, at: Date.parse('2026-10-25T00:30:00Z') });
	await session.record({ provider: 'acme', model: 'small', usage: { input: 8 }, at: Date.parse('2026-10-25T01:30:00Z') });
	const csv = reportToCSV(await night.report({ groupBy: ['hour', 'user'], timeZone: 'Europe/Berlin' }));
	const want =
		'hour,user,calls,usage.input,cost,costKnown,unpricedCalls,estimatedCalls,failedCalls\r\n2026-10-25T02:00+02:00,u,1,4,0.000004,true,0,0,0\r\n2026-10-25T02:00+01:00,u,1,8,0.000008,true,0,0,0\r\n';
	if (csv !== want) throw new Error(`report CSV: ${JSON.stringify(csv)}`);
}

/** What a tracked JSON body read in `way` throws or gives, beside raw fetch's, as comparable text. */
const outcome = async (work) => {
	try {
		const value = await work();
		return { value: value instanceof Uint8Array || value instanceof ArrayBuffer ? [...new Uint8Array(value)].join() : JSON.stringify(value) };
	} catch (error) {
		return { error: `${error?.constructor?.name} ${error?.name}` };
	}
};

/**
 * The app gets the Response fetch returned ('upstream'), or, in a runtime whose Response refuses own
 * properties, a wrapper ('wrapper'); either way it behaves as raw fetch's: json(), a second read's
 * error, clone(), bodyUsed, and a BYOB reader where the runtime's own body gives one.
 */
async function checkResponse(createTracker, url) {
	let upstream;
	const tracker = createTracker({ fetch: async (input, init) => (upstream = await fetch(input, init)) });
	const session = await tracker.startSession();
	const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"m"}' };
	const raw = await fetch(url, init);
	const tracked = await session.fetch(url, init);
	const kind = tracked === upstream ? 'upstream' : 'wrapper';
	if (!(tracked instanceof Response) || tracked.status !== raw.status || tracked.headers.get('content-type') !== raw.headers.get('content-type'))
		throw new Error('the response is not what fetch gave');
	const [rawCopy, copy] = [raw.clone(), tracked.clone()];
	const pairs = [
		[await outcome(() => raw.json()), await outcome(() => tracked.json())],
		[raw.bodyUsed, tracked.bodyUsed],
		[await outcome(() => raw.text()), await outcome(() => tracked.text())],
		[await outcome(() => rawCopy.arrayBuffer()), await outcome(() => copy.arrayBuffer())],
	];
	const byob = async (response) => {
		const reader = response.body.getReader({ mode: 'byob' });
		const bytes = [];
		for (let result; !(result = await reader.read(new Uint8Array(64))).done; ) bytes.push(...result.value);
		return new Uint8Array(bytes);
	};
	const byobRead = [await outcome(async () => byob(await fetch(url, init))), await outcome(async () => byob(await session.fetch(url, init)))];
	pairs.push(byobRead);
	for (const [a, b] of pairs) if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${kind} response: ${JSON.stringify(b)}, raw fetch: ${JSON.stringify(a)}`);
	const summary = await session.end('Success');
	// A runtime without BYOB bodies (Bun) refuses the reader: that call is never read, so never ends.
	const calls = 'value' in byobRead[0] ? 2 : 1;
	if (summary.calls !== calls) throw new Error(`${kind} response: ${summary.calls} calls recorded, not ${calls}`);
	return kind;
}
