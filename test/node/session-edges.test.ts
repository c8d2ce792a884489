// Sessions at their edges: two starts of one id, a call recorded while its session ends or is
// pruned, a store that never answers, and input that must be refused with a typed error.
import { describe, expect, it } from 'vitest';
import { type CallRecord, createTracker, InvalidArgumentError, memoryStore, type Store, type TrackerEvent } from '../../src/index';
import { converseEvent } from '../support/eventstream-encoder';

const call = { provider: 'openai', model: 'gpt-4o-mini', usage: { input: 1000, output: 100 } }; // 1000×0.15 + 100×0.6 = 210 µ$

describe('session edges', () => {
	it('two starts of one id at once: the second is refused, the first keeps its session', async () => {
		const tracker = createTracker();
		const [first, second] = await Promise.allSettled([tracker.startSession({ id: 'dup', userId: 'alice' }), tracker.startSession({ id: 'dup', userId: 'bob' })]);
		expect(first.status).toBe('fulfilled');
		expect(second.status === 'rejected' && second.reason).toBeInstanceOf(InvalidArgumentError);
		expect(await tracker.listSessions()).toMatchObject([{ id: 'dup', userId: 'alice' }]);
	});

	it('calls recorded by hand into a memory store: stored and announced by the time record() resolves, one by one and in a burst, a throwing listener notwithstanding', async () => {
		const store = memoryStore();
		const recorded: string[] = [];
		const tracker = createTracker({
			store,
			onEvent: (event) => {
				if (event.type !== 'call.recorded') return;
				recorded.push(event.record.id);
				throw new Error('a listener with a bug');
			},
		});
		const session = await tracker.startSession();
		const stored = async () => (await store.list<CallRecord>(`call/${session.id}/`)).map(([, record]) => record.id).sort();
		const first = await session.record(call);
		expect(recorded).toEqual([first.id]);
		expect(await stored()).toEqual([first.id]);
		const burst = await Promise.all(Array.from({ length: 50 }, () => session.record(call)));
		const ids = [first, ...burst].map((record) => record.id).sort();
		expect([...recorded].sort()).toEqual(ids);
		expect(await stored()).toEqual(ids);
		// Another tracker on the store reads the same 51 calls: 51 × 210 µ$.
		const elsewhere = await createTracker({ store }).getSession(session.id);
		expect((await elsewhere!.summary()).cost.toFixed()).toBe('0.01071');
		expect((await session.end('Success')).calls).toBe(51);
	});

	it('two trackers on one store starting one id at once: one starts it, the other is refused', async () => {
		const store = memoryStore();
		const results = await Promise.allSettled([createTracker({ store }).startSession({ id: 'same', userId: 'alice' }), createTracker({ store }).startSession({ id: 'same', userId: 'bob' })]);
		expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
		const refused = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
		expect(refused.reason).toBeInstanceOf(InvalidArgumentError);
		const [kept] = await createTracker({ store }).listSessions();
		expect(kept!.userId).toBe(results[0]!.status === 'fulfilled' ? 'alice' : 'bob');
	});

	it('two trackers on one store ending a session at once: both are told the end that was stored first', async () => {
		const store = memoryStore();
		const [a, b] = [createTracker({ store }), createTracker({ store })];
		await a.startSession({ id: 's' });
		await b.getSession('s');
		const [endA, endB] = await Promise.all([a.endSession('s', 'Success'), b.endSession('s', 'Fail')]);
		const stored = await createTracker({ store }).endSession('s');
		expect([endA.endState, endB.endState]).toEqual([stored.endState, stored.endState]);
		expect(endA.endedAt).toEqual(endB.endedAt);
	});

	it('a call recorded while its session is ending is flagged as after the end', async () => {
		const events: TrackerEvent[] = [];
		const session = await createTracker({ onEvent: (event) => events.push(event) }).startSession();
		const ending = session.end('Success');
		const [summary, record] = await Promise.all([ending, session.record(call)]);
		expect(record.afterEnd).toBe(true);
		expect(events.some((event) => event.type === 'call.after-end')).toBe(true);
		// In the later summaries; in the end's only if it was recorded before the end's summary was read (it may miss it).
		expect((await session.summary()).calls).toBe(1);
		expect(summary.calls).toBeLessThanOrEqual(1);
	});

	it('prune leaves a session alone while a late call of its ended handle is being written, then removes all of it', async () => {
		const inner = memoryStore();
		const slow: Store = { ...inner, setMany: undefined, set: async (key, value) => (await new Promise((resolve) => setTimeout(resolve, 30)), inner.set(key, value)) };
		let clock = Date.UTC(2025, 5, 1);
		const tracker = createTracker({ store: slow, now: () => (clock += 1000) });
		const session = await tracker.startSession({ id: 'p1' });
		await session.end('Success');
		const late = session.record(call);
		expect(await tracker.pruneSessions({ maxAgeMs: 0 })).toEqual([]);
		expect((await late).afterEnd).toBe(true);
		expect(await tracker.pruneSessions({ maxAgeMs: 0 })).toEqual(['p1']);
		expect(await tracker.getSession('p1')).toBeUndefined();
		expect((await tracker.report()).total.calls).toBe(0);
		expect(await inner.list('')).toEqual([]); // no call, index entry or end left behind
	});

	it('a store whose writes never answer: the next call under an enforced budget is sent, and the session ends with its calls kept in memory', async () => {
		const inner = memoryStore();
		let hang = false;
		const store: Store = { get: inner.get, list: inner.list, delete: inner.delete, budget: inner.budget, set: (key, value) => (hang ? new Promise(() => {}) : inner.set(key, value)) };
		const body = JSON.stringify({ object: 'chat.completion', model: 'gpt-4o-mini', choices: [], usage: { prompt_tokens: 1000, completion_tokens: 100 } });
		const events: TrackerEvent[] = [];
		const tracker = createTracker({
			store,
			retry: { attempts: 1, timeoutMs: 100 },
			budgets: [{ scope: 'session', limit: '10', mode: 'enforce' }],
			fetch: async () => new Response(body, { headers: { 'content-type': 'application/json' } }),
			onEvent: (event) => events.push(event),
		});
		const session = await tracker.startSession();
		hang = true;
		const ask = () =>
			session.fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body: '{"model":"gpt-4o-mini","max_tokens":100,"messages":[]}' }).then((response) => response.json());
		await ask();
		const second = await Promise.race([ask().then(() => 'answered'), new Promise((resolve) => setTimeout(() => resolve('waiting after 2 s'), 2000))]);
		expect(second).toBe('answered');
		const summary = await session.end('Success');
		expect(summary).toMatchObject({ calls: 2, unsavedCalls: 2 });
		expect(summary.cost.toFixed()).toBe('0.00042');
		expect(events.filter((event) => event.type === 'store.error').length).toBeGreaterThan(0);
	});
});

describe('no secrets kept', () => {
	it('an unreadable body is described by its length in the stored problem, never by its text', async () => {
		const records: CallRecord[] = [];
		const secret = 'SECRET completion text the user must not find in storage';
		const tracker = createTracker({
			fetch: async () => new Response(secret, { headers: { 'content-type': 'application/json' } }),
			onEvent: (event) => event.type === 'call.recorded' && records.push(event.record),
		});
		const session = await tracker.startSession();
		await (await session.fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body: '{"model":"gpt-4o"}' })).text();
		await session.end('Success');
		expect(records[0]!.problem).toBe(`unreadable response: not valid JSON (${secret.length} characters)`);
		expect(JSON.stringify(await tracker.exportSession(session.id))).not.toContain('SECRET');
	});
});

describe('no secrets kept: content a key of the same name holds deeper in a body is content', () => {
	const SECRET = 'PROMPT-SECRET-7f3a';
	/** One call through session.fetch against a canned response: every stored value, the export and a report, as JSON. */
	async function stored(url: string, requestBody: string, body: BodyInit, type = 'application/json'): Promise<string> {
		const inner = memoryStore();
		const values: unknown[] = [];
		const store: Store = {
			...inner,
			set: (key, value) => (values.push([key, value]), inner.set(key, value)),
			setIfAbsent: (key, value) => (values.push([key, value]), inner.setIfAbsent!(key, value)),
		};
		const tracker = createTracker({ store, fetch: async () => new Response(body, { headers: { 'content-type': type } }) });
		const session = await tracker.startSession();
		await (await session.fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: requestBody })).text();
		await session.end('Success');
		return JSON.stringify([values, await tracker.exportSession(session.id), await tracker.report({ groupBy: 'model' })]);
	}

	it("a tool call's argument named model in the request (Anthropic), a user document's (Cohere)", async () => {
		const anthropic = JSON.stringify({
			max_tokens: 100,
			messages: [
				{ role: 'user', content: 'find my car' },
				{ role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'find_car', input: { make: 'Toyota', model: SECRET } }] },
			],
			model: 'claude-sonnet-4-5',
		});
		const reply = JSON.stringify({
			id: 'm',
			type: 'message',
			role: 'assistant',
			model: 'claude-sonnet-4-5-20250929',
			content: [{ type: 'text', text: 'ok' }],
			usage: { input_tokens: 3, output_tokens: 1 },
		});
		expect(await stored('https://api.anthropic.com/v1/messages', anthropic, reply)).not.toContain(SECRET);
		const cohere = JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], documents: [{ id: 'd', data: { model: SECRET } }], model: 'command-r' });
		const cohereReply = JSON.stringify({ id: 'x', message: { role: 'assistant', content: [{ type: 'text', text: 'ok' }] }, usage: { billed_units: { input_tokens: 3, output_tokens: 1 } } });
		const cohereStored = await stored('https://api.cohere.com/v2/chat', cohere, cohereReply);
		expect(cohereStored).not.toContain(SECRET);
		expect(cohereStored).toContain('"requestedModel":"command-r"');
	});

	it('a function response holding service_tier (Gemini)', async () => {
		const request = JSON.stringify({ contents: [{ role: 'user', parts: [{ functionResponse: { name: 'account', response: { service_tier: SECRET } } }] }] });
		const reply = JSON.stringify({
			candidates: [{ content: { parts: [{ text: 'ok' }] }, finishReason: 'STOP' }],
			usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 1 },
			modelVersion: 'gemini-2.5-flash',
		});
		expect(await stored('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent', request, reply)).not.toContain(SECRET);
	});

	it('tool-call arguments in a response: a Workers AI stream and body over 256 KB, a Gemini stream cut before its usage', async () => {
		const workersAi = 'https://api.cloudflare.com/client/v4/accounts/a/ai/run/@cf/meta/llama-3.1-8b-instruct';
		const sse = `data: {"response":"","tool_calls":[{"name":"find_car","arguments":{"make":"Toyota","model":"${SECRET}"}}]}\n\ndata: {"response":"","usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}\n\ndata: [DONE]\n\n`;
		expect(await stored(workersAi, '{"stream":true}', sse, 'text/event-stream')).not.toContain(SECRET);
		const big = JSON.stringify({
			result: { tool_calls: [{ name: 'find_car', arguments: { model: SECRET } }], response: 'x'.repeat(300 * 1024), usage: { prompt_tokens: 3, completion_tokens: 1 } },
			success: true,
		});
		expect(await stored(workersAi, '{}', big)).not.toContain(SECRET);
		const gemini = `data: {"candidates":[{"content":{"parts":[{"functionCall":{"name":"f","args":{"modelVersion":"${SECRET}"}}}]}}],"modelVersion":"gemini-2.5-flash"}\n\n`;
		expect(await stored('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', '{"contents":[]}', gemini, 'text/event-stream')).not.toContain(
			SECRET,
		);
	});

	it('problems describe a bad usage value or a broken event stream frame by its kind, never its text', async () => {
		const reply = JSON.stringify({ object: 'chat.completion', model: 'gpt-4o', choices: [], usage: { prompt_tokens: [SECRET], completion_tokens: 1 } });
		expect(await stored('https://api.openai.com/v1/chat/completions', '{"model":"gpt-4o"}', reply)).not.toContain(SECRET);
		const frame = converseEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: SECRET } });
		const view = new DataView(frame.buffer);
		view.setUint32(4, view.getUint32(4) + 40); // the headers' length runs into the payload
		expect(
			await stored('https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream', '{}', frame as BodyInit, 'application/vnd.amazon.eventstream'),
		).not.toContain(SECRET);
	});
});

describe('input refused with a typed error', () => {
	it('an id that is not well-formed Unicode (a lone surrogate)', async () => {
		const tracker = createTracker();
		await expect(tracker.startSession({ id: 'a\uD800b' })).rejects.toBeInstanceOf(InvalidArgumentError);
		await expect(tracker.getSession('\uDC00')).rejects.toBeInstanceOf(InvalidArgumentError);
	});

	it('a call time outside the years 0000 to 9999', async () => {
		const session = await createTracker().startSession();
		for (const at of [1e16, Date.UTC(10000, 0, 1), Date.UTC(-1000, 0, 1), Number.NaN]) await expect(session.record({ ...call, at })).rejects.toBeInstanceOf(InvalidArgumentError);
		expect((await session.record({ ...call, at: Date.UTC(9999, 11, 31) })).startedAt).toBe('9999-12-31T00:00:00.000Z');
	});

	it('an import with tags that are not strings, or usage outside the buckets', async () => {
		const exported = (tags: unknown, usage: unknown) => ({
			format: 'tokentab.session',
			version: 1,
			session: { id: 'imp', tags, startedAt: '2025-01-01T00:00:00.000Z' },
			calls: [{ id: 'c1', sessionId: 'imp', startedAt: '2025-01-01T00:00:00.000Z', endedAt: '2025-01-01T00:00:01.000Z', provider: 'openai', usage, usageSource: 'reported', cost: '0' }],
		});
		const tracker = createTracker();
		await expect(tracker.importSession(exported({ team: { nested: true } }, { input: 1 }) as never)).rejects.toBeInstanceOf(InvalidArgumentError);
		await expect(tracker.importSession(JSON.stringify(exported({}, { input: 1, constructor: 1 })))).rejects.toBeInstanceOf(InvalidArgumentError);
		expect(await tracker.listSessions()).toEqual([]);
	});
});
