import type { createTracker as CreateTracker, Store, Tracker } from '../../src/index';

/**
 * The sessions every report test reads, in Node, Chromium and workerd alike: four sessions of two
 * users (and none), three models and a house model priced by hand, an unpriced model, an estimated
 * stream, a failed call and a call after its session ended, across day, week and month boundaries
 * (and Berlin's spring-forward night).
 *
 * Prices per million tokens: acme/small input 1, output 2; acme/big input 10, output 30;
 * openai/est-model input 1, output 2; acme/mystery has none. Costs below in millionths of a dollar.
 *
 * | #  | started (UTC)     | session | user  | model     | input | output | cost            |
 * | 1  | 2026-03-28 23:30  | s1      | alice | small     | 1000  | 100    | 1000 + 200 = 1200 |
 * | 2  | 2026-03-29 00:30  | s1      | alice | big       | 200   | 10     | 2000 + 300 = 2300 |
 * | 3  | 2026-03-29 01:30  | s2      | bob   | small     | 3000  | 500    | 3000 + 1000 = 4000 |
 * | 10 | 2026-03-29 01:45  | s2      | bob   | est-model | –     | –      | 0 (HTTP 500, failed) |
 * | 4  | 2026-03-30 09:00  | s3      | alice | big       | 100   | 100    | 1000 + 3000 = 4000 |
 * | 5  | 2026-03-31 18:29  | s2      | bob   | small     | 500   | 0      | 500             |
 * | 6  | 2026-03-31 18:30  | s3      | alice | mystery   | 700   | 70     | unpriced        |
 * | 7  | 2026-04-01 00:00  | s1      | alice | small     | 10    | 5      | 10 + 10 = 20    |
 * | 8  | 2026-04-01 08:00  | s4      | –     | est-model | 104   | 10     | 104 + 20 = 124 (estimated) |
 * | 9  | 2026-04-02 10:00  | s4      | –     | small     | 50    | 50     | 50 + 100 = 150 (after s4 ended) |
 *
 * Sessions: s1 alice {team: red, feature: chat} ends Success; s2 bob {team: blue} ends Fail; s3
 * alice {team: blue, feature: search} stays open; s4 (no user, no tags) ends Indeterminate at
 * 2026-04-02 09:00, before call 9.
 *
 * Totals: 10 calls; cost 1200 + 2300 + 4000 + 0 + 4000 + 500 + 20 + 124 + 150 = 12294 → 0.012294;
 * input 1000 + 200 + 3000 + 100 + 500 + 700 + 10 + 104 + 50 = 5664; output 100 + 10 + 500 + 100 +
 * 70 + 5 + 10 + 50 = 845; 1 unpriced, 1 estimated, 1 failed.
 */
export const REPORT_PRICES = {
	'acme/small': { input: '1', output: '2' },
	'acme/big': { input: '10', output: '30' },
	'openai/est-model': { input: '1', output: '2' },
};

const at = (iso: string) => Date.parse(iso);

/**
 * Upstream for the two fetch calls: an OpenAI-style stream sent without usage (estimated: 100
 * three-letter words of prompt in one message → 100 + 4 = 104 input tokens; 40 characters streamed
 * at the prompt's 100 / 400 tokens a character → 10 output tokens), and an HTTP 500 from `fail.example`.
 */
const upstream: typeof fetch = async (input) => {
	const url = new URL(input instanceof Request ? input.url : String(input));
	if (url.hostname === 'fail.example') return new Response('{"error":{"message":"overloaded"}}', { status: 500, headers: { 'content-type': 'application/json' } });
	const chunk = (content: string, finish?: string) => `data: ${JSON.stringify({ model: 'est-model', choices: [{ delta: { content }, ...(finish ? { finish_reason: finish } : {}) }] })}\n\n`;
	return new Response(`${chunk('a'.repeat(30))}${chunk(`${'b'.repeat(9)}\n`, 'stop')}data: [DONE]\n\n`, { headers: { 'content-type': 'text/event-stream' } });
};

/** Records the sessions above into `store` through a tracker made by `create`; resolves to that tracker. */
export async function seedReportData(create: typeof CreateTracker, store: Store): Promise<Tracker> {
	let clock = at('2026-03-28T23:00:00Z');
	const tracker = create({ store, prices: REPORT_PRICES, now: () => clock, fetch: upstream });
	const s1 = await tracker.startSession({ id: 's1', userId: 'alice', tags: { team: 'red', feature: 'chat' } });
	const s2 = await tracker.startSession({ id: 's2', userId: 'bob', tags: { team: 'blue' } });
	const s3 = await tracker.startSession({ id: 's3', userId: 'alice', tags: { team: 'blue', feature: 'search' } });
	const s4 = await tracker.startSession({ id: 's4' });
	const acme = (model: string, input: number, output: number, when: string) => ({ provider: 'acme', model, usage: { input, output }, at: at(when) });
	await s1.record(acme('small', 1000, 100, '2026-03-28T23:30:00Z'));
	await s1.record(acme('big', 200, 10, '2026-03-29T00:30:00Z'));
	await s2.record(acme('small', 3000, 500, '2026-03-29T01:30:00Z'));
	await s3.record(acme('big', 100, 100, '2026-03-30T09:00:00Z'));
	await s2.record(acme('small', 500, 0, '2026-03-31T18:29:00Z'));
	await s3.record(acme('mystery', 700, 70, '2026-03-31T18:30:00Z'));
	await s1.record(acme('small', 10, 5, '2026-04-01T00:00:00Z'));

	clock = at('2026-03-29T01:45:00Z');
	const failed = await s2.fetch('https://fail.example/v1/chat/completions', { method: 'POST', body: '{"model":"est-model","messages":[]}' });
	await failed.text();
	clock = at('2026-04-01T08:00:00Z');
	const body = JSON.stringify({ model: 'est-model', stream: true, messages: [{ role: 'user', content: 'abc '.repeat(100) }] });
	await (await s4.fetch('https://llm.example/v1/chat/completions', { method: 'POST', body })).text();
	await s2.summary(); // both fetch calls recorded
	await s4.summary();

	clock = at('2026-04-02T09:00:00Z');
	await s4.end('Indeterminate');
	await s4.record(acme('small', 50, 50, '2026-04-02T10:00:00Z'));
	await s1.end('Success');
	await s2.end('Fail');
	return tracker;
}

/** A store that counts what it hands back: every key read (by get, getMany, list or listRange) and each operation. */
export function countingStore(inner: Store) {
	const read: string[] = [];
	const operations: string[] = [];
	const store: Store = {
		...inner,
		async get<T>(key: string) {
			operations.push(`get ${key}`);
			const value = await inner.get<T>(key);
			if (value !== undefined) read.push(key);
			return value;
		},
		...(inner.getMany
			? {
					async getMany<T>(keys: string[]) {
						operations.push(`getMany ${keys.join(' ')}`);
						const values = await inner.getMany!<T>(keys);
						keys.forEach((key, index) => values[index] !== undefined && read.push(key));
						return values;
					},
				}
			: {}),
		async list<T>(prefix: string) {
			operations.push(`list ${prefix}`);
			const entries = await inner.list<T>(prefix);
			read.push(...entries.map(([key]) => key));
			return entries;
		},
		...(inner.listRange
			? {
					async listRange<T>(start: string, end: string) {
						operations.push(`listRange ${start} ${end}`);
						const entries = await inner.listRange!<T>(start, end);
						read.push(...entries.map(([key]) => key));
						return entries;
					},
				}
			: {}),
	};
	return {
		store,
		read,
		operations,
		reset() {
			read.length = 0;
			operations.length = 0;
		},
	};
}
