// The gateway inside workerd (@cloudflare/vitest-plugin, with examples/worker-gateway/wrangler.jsonc:
// its Durable Object, its vars), against a local upstream: the demo server (OpenAI and Anthropic
// look-alike) that test/support/global-setup.ts starts. Each request runs as workerd serves one:
// its own ExecutionContext, waited on to its last waitUntil (where the calls are recorded).
import Big from 'big.js';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { BudgetExceededError } from 'tokentab';
import { describe, expect, inject, it } from 'vitest';
import { budgetOptions, budgetResponse, nextDayStart } from '../src/budget';
import worker from '../src/index';

const demo = inject('demoServerUrl');
/** The gateway's env, pointed at the local upstream. */
const gatewayEnv = (overrides: Partial<Cloudflare.Env> = {}): Cloudflare.Env => ({ ...env, OPENAI_BASE_URL: demo, ANTHROPIC_BASE_URL: demo, ...overrides });

/** Reports (issue 6's analytics): present once the tracker has `report`. */

const ALICE = { authorization: 'Bearer demo-alice' };
const BOB = { 'x-api-key': 'demo-bob' };
let conversations = 0;
/** A conversation id of its own for each test. */
const newConversation = () => `conv-${Date.now().toString(36)}-${++conversations}`;

/** One request to the gateway; `done()` waits for what it handed to waitUntil (the recording). */
function call(path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}, overrides?: Partial<Cloudflare.Env>) {
	const ctx = createExecutionContext();
	const body = init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
	const request = new Request<unknown, IncomingRequestCfProperties>(`https://gateway.example${path}`, {
		method: init.method ?? (body === undefined ? 'GET' : 'POST'),
		headers: { 'content-type': 'application/json', ...init.headers },
		body,
	});
	const response = worker.fetch(request, gatewayEnv(overrides), ctx);
	return { response, done: () => waitOnExecutionContext(ctx) };
}

/** A request whose response is read whole and whose recording is finished. */
async function served(path: string, init: Parameters<typeof call>[1] = {}, overrides?: Partial<Cloudflare.Env>) {
	const { response, done } = call(path, init, overrides);
	const res = await response;
	const text = await res.text();
	await done();
	return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as any };
}

const chat = (content: string, extra: Record<string, unknown> = {}) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }], ...extra });
const claude = (content: string, extra: Record<string, unknown> = {}) => ({ model: 'claude-haiku-4-5', max_tokens: 200, messages: [{ role: 'user', content }], ...extra });

/** USD for tokens at per-million rates, by hand. */
const usd = (input: number, inputRate: string, output: number, outputRate: string) => new Big(input).times(inputRate).plus(new Big(output).times(outputRate)).div(1_000_000).toFixed();

/** Server-sent events' data, parsed. */
const events = (text: string) =>
	text
		.split('\n\n')
		.map((block) =>
			block
				.split('\n')
				.find((line) => line.startsWith('data: '))
				?.slice(6),
		)
		.filter((data): data is string => data !== undefined && data !== '[DONE]')
		.map((data) => JSON.parse(data) as any);

async function summary(id: string, headers: Record<string, string> = ALICE, overrides?: Partial<Cloudflare.Env>) {
	const result = await served(`/sessions/${id}`, { headers }, overrides);
	expect(result.status).toBe(200);
	return result.json();
}

describe('examples/worker-gateway in workerd', () => {
	it('proxies an OpenAI chat completion and records it in the user’s conversation', async () => {
		const id = newConversation();
		const result = await served('/v1/chat/completions', { headers: { ...ALICE, 'x-conversation-id': id }, body: chat('Where is my invoice?') });
		expect(result.status).toBe(200);
		expect(result.headers.get('x-conversation-id')).toBe(id);
		const { usage, model } = result.json();
		expect(model).toBe('gpt-4o-mini-2024-07-18');
		// gpt-4o-mini: $0.15 in, $0.60 out per million tokens.
		const cost = usd(usage.prompt_tokens, '0.15', usage.completion_tokens, '0.6');
		expect(await summary(id)).toMatchObject({
			id,
			userId: 'alice',
			calls: 1,
			cost,
			costKnown: true,
			tags: { api: 'openai' },
			byModel: [{ provider: 'openai', model: 'gpt-4o-mini-2024-07-18', calls: 1, cost }],
		});

		// The next request of the conversation lands in the same session.
		const again = await served('/v1/chat/completions', { headers: { ...ALICE, 'x-conversation-id': id }, body: chat('And the one before?') });
		const second = usd(again.json().usage.prompt_tokens, '0.15', again.json().usage.completion_tokens, '0.6');
		expect(await summary(id)).toMatchObject({ calls: 2, cost: new Big(cost).plus(second).toFixed() });
	});

	it('streams an OpenAI reply through as it arrives, and records it when it ends', async () => {
		const id = newConversation();
		const { response, done } = call('/v1/chat/completions', {
			headers: { ...ALICE, 'x-conversation-id': id },
			body: chat('Stream me a reply', { stream: true, stream_options: { include_usage: true } }),
		});
		const res = await response;
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
		// Read piece by piece, as a client does: the chunks arrive over several reads.
		const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
		let text = '';
		let reads = 0;
		for (let part = await reader.read(); !part.done; part = await reader.read()) {
			text += part.value;
			reads++;
		}
		expect(reads).toBeGreaterThan(3);
		expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
		const chunks = events(text);
		const reply = chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('');
		expect(reply.length).toBeGreaterThan(20);
		const usage = chunks.at(-1).usage;
		await done();
		expect(await summary(id)).toMatchObject({ calls: 1, estimatedCalls: 0, cost: usd(usage.prompt_tokens, '0.15', usage.completion_tokens, '0.6') });
	});

	it('streams an Anthropic reply through, for a user who sends the token as x-api-key', async () => {
		const id = newConversation();
		const result = await served('/v1/messages', { headers: { ...BOB, 'x-conversation-id': id, 'anthropic-version': '2023-06-01' }, body: claude('Can I pay by bank transfer?', { stream: true }) });
		expect(result.status).toBe(200);
		const stream = events(result.text);
		expect(stream[0]).toMatchObject({ type: 'message_start', message: { model: 'claude-haiku-4-5-20251001' } });
		const input = stream[0].message.usage.input_tokens;
		const output = stream.find((event) => event.type === 'message_delta').usage.output_tokens;
		// claude-haiku-4-5: $1 in, $5 out per million tokens.
		expect(await summary(id, BOB)).toMatchObject({ userId: 'bob', calls: 1, cost: usd(input, '1', output, '5'), tags: { api: 'anthropic' } });
	});

	it('keeps each user’s conversations apart, each in the user’s own Durable Object', async () => {
		const id = newConversation();
		await served('/v1/chat/completions', { headers: { ...ALICE, 'x-conversation-id': id }, body: chat('Alice asks') });
		await served('/v1/chat/completions', { headers: { ...BOB, 'x-conversation-id': id }, body: chat('Bob asks') });
		await served('/v1/chat/completions', { headers: { ...BOB, 'x-conversation-id': id }, body: chat('Bob asks again') });
		expect(await summary(id, ALICE)).toMatchObject({ userId: 'alice', calls: 1 });
		expect(await summary(id, BOB)).toMatchObject({ userId: 'bob', calls: 2 });
		// Bob's other conversations are not Alice's to read.
		const bobOnly = newConversation();
		await served('/v1/messages', { headers: { ...BOB, 'x-conversation-id': bobOnly }, body: claude('Private question') });
		expect((await served(`/sessions/${bobOnly}`, { headers: ALICE })).status).toBe(404);
	});

	it('makes a conversation id when the client sends none, and returns it', async () => {
		const result = await served('/v1/chat/completions', { headers: ALICE, body: chat('No conversation header') });
		const id = result.headers.get('x-conversation-id');
		expect(id).toMatch(/^[0-9a-f-]{36}$/);
		expect(await summary(id!)).toMatchObject({ calls: 1 });
	});

	it('sends the gateway’s own key upstream, never the client’s token or headers', async () => {
		// The test server's /inspect echoes the request it received. An echo is no LLM response, so its cost
		// is unknown and keeps its worst-case reservation: these calls run without a budget (DAILY_BUDGET_USD '').
		const inspect = `${inject('llmServerUrl')}/inspect`;
		const result = await served(
			'/v1/chat/completions',
			{ headers: { ...ALICE, 'x-conversation-id': newConversation(), cookie: 'secret=1', 'x-custom': 'no' }, body: chat('Who am I?') },
			{ OPENAI_BASE_URL: inspect, OPENAI_API_KEY: 'sk-gateway', DAILY_BUDGET_USD: '' },
		);
		const seen = result.json();
		expect(seen.path).toBe('/inspect/v1/chat/completions');
		expect(seen.headers.authorization).toBe('Bearer sk-gateway');
		for (const name of ['cookie', 'x-custom', 'x-conversation-id', 'x-api-key']) expect(seen.headers).not.toHaveProperty(name);
		expect(JSON.parse(seen.body)).toEqual(chat('Who am I?'));
	});

	it('forwards an allow-list of headers: beta features and billing headers only as the operator allows', async () => {
		const inspect = `${inject('llmServerUrl')}/inspect`;
		const asked = {
			'anthropic-beta': 'context-1m-2025-08-07,prompt-caching-2024-07-31',
			'openai-beta': 'assistants=v2',
			'openai-organization': 'org-x',
			'openai-project': 'proj-x',
			'x-stainless-lang': 'js',
		};
		const headersSeen = async (path: string, body: unknown, overrides: Partial<Cloudflare.Env>) =>
			(
				await served(
					path,
					{ headers: { ...ALICE, 'x-conversation-id': newConversation(), ...asked }, body },
					{ OPENAI_BASE_URL: inspect, ANTHROPIC_BASE_URL: inspect, DAILY_BUDGET_USD: '', ...overrides },
				)
			).json().headers;
		for (const path of ['/v1/chat/completions', '/v1/messages']) {
			const seen = await headersSeen(path, path === '/v1/messages' ? claude('hi') : chat('hi'), {});
			for (const name of Object.keys(asked)) expect(seen).not.toHaveProperty(name);
		}
		const allowed = { ALLOWED_BETAS: 'prompt-caching-2024-07-31, assistants=v2' };
		expect((await headersSeen('/v1/messages', claude('hi'), allowed))['anthropic-beta']).toBe('prompt-caching-2024-07-31');
		const openai = await headersSeen('/v1/chat/completions', chat('hi'), allowed);
		expect(openai['openai-beta']).toBe('assistants=v2');
		expect(openai).not.toHaveProperty('anthropic-beta');
	});

	it('caps the body in UTF-8 bytes, not UTF-16 units, and stops reading a body without a length at the cap', async () => {
		const inspect = `${inject('llmServerUrl')}/inspect`;
		// 1.5 M characters of "€": 1.5 M UTF-16 units, 4.5 MB of UTF-8, past the 4 MiB cap.
		const euros = await served(
			'/v1/chat/completions',
			{ headers: { ...ALICE, 'x-conversation-id': newConversation() }, body: chat('€'.repeat(1_500_000)) },
			{ OPENAI_BASE_URL: inspect, DAILY_BUDGET_USD: '' },
		);
		expect(euros.status).toBe(413);
		expect(euros.json().error.message).toMatch(/more than 4194304 bytes/);
		let pulled = 0;
		const chunk = new TextEncoder().encode('x'.repeat(65_536));
		const endless = new ReadableStream<Uint8Array>({
			pull(controller) {
				pulled += chunk.byteLength;
				controller.enqueue(chunk);
			},
		});
		const ctx = createExecutionContext();
		const request = new Request<unknown, IncomingRequestCfProperties>('https://gateway.example/v1/chat/completions', {
			method: 'POST',
			headers: { ...ALICE, 'content-type': 'application/json' },
			body: endless,
		});
		const response = await worker.fetch(request, gatewayEnv({ OPENAI_BASE_URL: inspect }), ctx);
		await waitOnExecutionContext(ctx);
		expect(response.status).toBe(413);
		expect(pulled).toBeLessThan(5 * 1024 * 1024);
		// Under the cap in bytes, multi-byte text goes through whole.
		const fits = await served(
			'/v1/chat/completions',
			{ headers: { ...ALICE, 'x-conversation-id': newConversation() }, body: chat('€'.repeat(1_000_000)) },
			{ OPENAI_BASE_URL: inspect, DAILY_BUDGET_USD: '' },
		);
		expect(fits.status).toBe(200);
		expect(JSON.parse(fits.json().body).messages[0].content).toHaveLength(1_000_000);
	});

	it('refuses unknown users, unknown paths and other methods with JSON errors', async () => {
		const anonymous = await served('/v1/chat/completions', { body: chat('hi') });
		expect(anonymous.status).toBe(401);
		expect(anonymous.json().error).toMatchObject({ type: 'authentication_error' });
		const stranger = await served('/v1/messages', { headers: { 'x-api-key': 'nope' }, body: claude('hi') });
		expect(stranger.status).toBe(401);
		expect(stranger.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: 'Unknown access token.' } });
		expect((await served('/v1/files', { headers: ALICE, body: {} })).status).toBe(404);
		expect((await served('/v1/chat/completions', { headers: ALICE })).status).toBe(405);
		expect((await served('/sessions/nope', { headers: ALICE })).status).toBe(404);
		expect((await served('/v1/chat/completions', { headers: { ...ALICE, 'x-conversation-id': 'bad id!' }, body: chat('hi') })).status).toBe(400);
	});

	it('passes upstream errors through, recorded at no cost', async () => {
		const id = newConversation();
		const result = await served('/v1/chat/completions', { headers: { ...ALICE, 'x-conversation-id': id }, body: { model: 'gpt-4o-mini' } });
		expect(result.status).toBe(400);
		expect(result.json().error.message).toMatch(/messages/);
		expect(await summary(id)).toMatchObject({ calls: 1, failedCalls: 1, cost: '0' });
	});

	it('ends a conversation with an end state', async () => {
		const id = newConversation();
		await served('/v1/chat/completions', { headers: { ...ALICE, 'x-conversation-id': id }, body: chat('Thanks, that solved it') });
		const ended = await served(`/sessions/${id}/end`, { headers: ALICE, body: { state: 'Success', reason: 'customer confirmed' } });
		expect(ended.status).toBe(200);
		expect(ended.json()).toMatchObject({ id, endState: 'Success', reason: 'customer confirmed', calls: 1 });
		expect(await summary(id)).toMatchObject({ endState: 'Success' });
	});

	it('stops a user at the daily budget with a 429 that says why, before sending', async () => {
		// Users of their own, with nothing spent yet today.
		const dave = { authorization: 'Bearer demo-dave' };
		const erin = { 'x-api-key': 'demo-erin' };
		const overrides = { DAILY_BUDGET_USD: '0.0003', USER_TOKENS: JSON.stringify({ 'demo-dave': 'dave', 'demo-erin': 'erin' }) };
		const id = newConversation();
		let refused: Awaited<ReturnType<typeof served>> | undefined;
		let sent = 0;
		for (let i = 0; i < 20 && !refused; i++) {
			const result = await served('/v1/chat/completions', { headers: { ...dave, 'x-conversation-id': id }, body: chat(`Question ${i}`, { max_tokens: 100 }) }, overrides);
			if (result.status === 429) refused = result;
			else {
				expect(result.status).toBe(200);
				sent++;
			}
		}
		expect(refused).toBeDefined();
		expect(sent).toBeGreaterThan(0);
		const { error } = refused!.json();
		expect(error).toMatchObject({
			type: 'budget_exceeded',
			code: 'budget_exceeded',
			budget: { scope: 'user', window: 'day', timeZone: 'UTC', period: new Date().toISOString().slice(0, 10), userId: 'dave', limit: '0.0003' },
		});
		expect(error.message).toMatch(/^Daily budget exceeded for user "dave": \$0\.0003 a day \(UTC\).*Nothing was sent upstream\./);
		expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
		// The refused request never reached the upstream: no call was recorded for it.
		expect(await summary(id, dave, overrides)).toMatchObject({ calls: sent });
		// Streaming requests are stopped the same way, in Anthropic's error shape on its path.
		const anthropic = await served('/v1/messages', { headers: { ...dave, 'x-conversation-id': id }, body: claude('One more', { stream: true }) }, overrides);
		expect(anthropic.status).toBe(429);
		expect(anthropic.json()).toMatchObject({ type: 'error', error: { type: 'budget_exceeded' } });
		// Another user's budget is their own.
		expect((await served('/v1/chat/completions', { headers: { ...erin, 'x-conversation-id': id }, body: chat('Erin is fine', { max_tokens: 100 }) }, overrides)).status).toBe(200);
	});

	it('reports the user’s spend by day and model', async () => {
		const user = { authorization: 'Bearer demo-carol' };
		const overrides = { USER_TOKENS: JSON.stringify({ 'demo-carol': 'carol' }) };
		const costs: string[] = [];
		for (const body of [chat('One'), chat('Two')]) {
			const result = await served('/v1/chat/completions', { headers: { ...user, 'x-conversation-id': 'carol-1' }, body }, overrides);
			costs.push(usd(result.json().usage.prompt_tokens, '0.15', result.json().usage.completion_tokens, '0.6'));
		}
		const report = await served('/report?groupBy=day,model', { headers: user }, overrides);
		expect(report.status).toBe(200);
		const { rows, total } = report.json();
		const expected = costs.reduce((sum, cost) => sum.plus(cost), new Big(0)).toFixed();
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ model: 'gpt-4o-mini-2024-07-18', calls: 2, cost: expected });
		expect(total).toMatchObject({ calls: 2, cost: expected });
	});
});

describe('examples/worker-gateway budget.ts', () => {
	const refusal = () =>
		new BudgetExceededError({
			budget: 'user/day',
			scope: 'user',
			key: 'alice',
			window: '2026-11-28',
			limit: new Big('5'),
			spent: new Big('4.9991'),
			reserved: new Big('0.0004'),
			estimate: new Big('0.0012'),
		});
	const at = Date.parse('2026-11-28T22:30:00Z');

	it('answers a BudgetExceededError with a 429 whose JSON says why, in the API’s error shape', async () => {
		const config = gatewayEnv({ DAILY_BUDGET_USD: '5', BUDGET_TIME_ZONE: 'UTC' });
		const openai = budgetResponse(refusal(), config, 'openai', 'alice', at);
		expect(openai.status).toBe(429);
		expect(openai.headers.get('retry-after')).toBe(String(90 * 60));
		expect(await openai.json()).toEqual({
			error: {
				message:
					'Daily budget exceeded for user "alice": $5 a day (UTC); $4.9991 spent today, $0.0004 held by calls in flight, and this request could cost up to $0.0012. Nothing was sent upstream. The budget resets at 2026-11-29T00:00:00.000Z.',
				type: 'budget_exceeded',
				code: 'budget_exceeded',
				param: null,
				budget: {
					scope: 'user',
					window: 'day',
					timeZone: 'UTC',
					period: '2026-11-28',
					userId: 'alice',
					limit: '5',
					spent: '4.9991',
					reserved: '0.0004',
					estimate: '0.0012',
					resetsAt: '2026-11-29T00:00:00.000Z',
				},
			},
		});
		const anthropic = await budgetResponse(refusal(), config, 'anthropic', 'alice', at).json();
		expect(anthropic).toMatchObject({ type: 'error', error: { type: 'budget_exceeded', budget: { limit: '5' } } });
	});

	it('resets at the next midnight of the budget’s time zone', () => {
		expect(new Date(nextDayStart(at, 'UTC')).toISOString()).toBe('2026-11-29T00:00:00.000Z');
		// 23:30 in Berlin (UTC+1 in November): midnight is 30 minutes away.
		expect(new Date(nextDayStart(at, 'Europe/Berlin')).toISOString()).toBe('2026-11-28T23:00:00.000Z');
		expect(new Date(nextDayStart(at, 'America/New_York')).toISOString()).toBe('2026-11-29T05:00:00.000Z');
	});

	it('asks for an enforced daily budget per user from DAILY_BUDGET_USD, and none when it is empty', () => {
		expect(budgetOptions(gatewayEnv({ DAILY_BUDGET_USD: '5', BUDGET_TIME_ZONE: 'Europe/Berlin' }))).toEqual({
			budgets: [{ scope: 'user', limit: '5', window: 'day', timeZone: 'Europe/Berlin', mode: 'enforce' }],
		});
		expect(budgetOptions(gatewayEnv({ DAILY_BUDGET_USD: '' }))).toEqual({});
		expect(() => budgetOptions(gatewayEnv({ DAILY_BUDGET_USD: '5 dollars' }))).toThrow(/decimal/);
	});
});
