// A local stand-in for the OpenAI and Anthropic APIs, for the demo: same paths, same JSON and SSE
// shapes, same usage conventions (OpenAI's cached and reasoning tokens inside their totals,
// Anthropic's cache counts beside input_tokens). Replies and token counts are derived from the
// request alone, so the same conversation always costs the same. It listens on 127.0.0.1 only and
// never touches the network beyond it.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** The dated snapshot each alias is served by, as the real APIs report it in `model`. */
const SNAPSHOTS = {
	'gpt-4o': 'gpt-4o-2024-08-06',
	'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
	'gpt-4.1': 'gpt-4.1-2025-04-14',
	'gpt-5': 'gpt-5-2025-08-07',
	'gpt-5-mini': 'gpt-5-mini-2025-08-07',
	'gpt-5-nano': 'gpt-5-nano-2025-08-07',
	o3: 'o3-2025-04-16',
	'o4-mini': 'o4-mini-2025-04-16',
	'claude-sonnet-4-5': 'claude-sonnet-4-5-20250929',
	'claude-haiku-4-5': 'claude-haiku-4-5-20251001',
};

/** Pause between stream chunks, so a stream is really read chunk by chunk. */
const CHUNK_DELAY_MS = 4;
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** OpenAI: about 4 tokens of framing per message, and 3 to prime the reply. */
const OPENAI_MESSAGE_OVERHEAD = 4;
const OPENAI_REPLY_PRIMING = 3;
/** OpenAI caches prompts of 1,024 tokens or more, and reports hits in steps of 128 tokens. */
const OPENAI_CACHE_MIN = 1024;
const OPENAI_CACHE_STEP = 128;
/** Anthropic: about 4 tokens of framing per message. */
const ANTHROPIC_MESSAGE_OVERHEAD = 4;

const ANSWERS = [
	'Short answer: yes, and it takes about two minutes from the account page.',
	'Happy to help. Open Settings, then Billing, and follow the two prompts there.',
	'That depends on your plan, but the default covers it and nothing is lost.',
	'Good news: this is handled automatically, usually within 5 to 10 business days.',
	'I have checked the policy: you can do it at any time, and the change is prorated.',
	'Sure. I would start with the invoice history, then contact billing if anything looks off.',
];

// ---------------------------------------------------------------------------------------------
// Deterministic helpers

const sha256 = (text) => createHash('sha256').update(text).digest();
const hashInt = (text) => sha256(text).readUInt32BE(0);

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** An id that looks like the real ones (`chatcmpl-…`, `msg_01…`), derived from `seed`. */
function makeId(prefix, seed, length = 24) {
	const bytes = sha256(seed);
	let id = '';
	for (let i = 0; i < length; i++) id += BASE62[bytes[i % bytes.length] % 62];
	return prefix + id;
}

/** Tokens in a text: about one per 4 characters, rounded up. */
const tokensOf = (text) => Math.ceil(String(text ?? '').length / 4);

/** The text of a message's content: a string, or the text of its text parts. */
function textOf(content) {
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return '';
	return content
		.map((part) => (typeof part === 'string' ? part : typeof part?.text === 'string' ? part.text : ''))
		.filter(Boolean)
		.join('\n');
}

/** Tokens in one content part of any API: text counts its characters, images a flat 85, anything else its JSON. */
function partTokens(part) {
	if (typeof part === 'string') return tokensOf(part);
	if (typeof part?.text === 'string') return tokensOf(part.text);
	if (/image/.test(part?.type ?? '')) return 85;
	const { cache_control: _, ...rest } = part ?? {};
	return tokensOf(JSON.stringify(rest));
}

function contentTokens(content) {
	if (typeof content === 'string') return tokensOf(content);
	if (Array.isArray(content)) return content.reduce((sum, part) => sum + partTokens(part), 0);
	return content == null ? 0 : tokensOf(JSON.stringify(content));
}

const snapshotOf = (model) => SNAPSHOTS[model] ?? model;
const isReasoningModel = (model) => /^(gpt-5(?!.*-chat)|o\d)/.test(model);
const clip = (text, length) => (text.length > length ? `${text.slice(0, length - 1).trimEnd()}…` : text);

/** The reply: a canned sentence picked by, and quoting, the last user message. */
function replyFor(model, lastUser) {
	const question = lastUser.replace(/\s+/g, ' ').trim();
	const answer = ANSWERS[hashInt(`${model}\n${question}`) % ANSWERS.length];
	return question ? `${answer} (Re: "${clip(question, 48)}")` : answer;
}

/** Reasoning tokens for a reasoning model: by effort, plus a part derived from the question. */
function reasoningFor(model, effort, lastUser) {
	if (!isReasoningModel(model)) return 0;
	const base = { none: 0, minimal: 0, low: 128, medium: 384, high: 1024, xhigh: 2048 }[effort ?? 'medium'] ?? 384;
	return base && base + (hashInt(`reasoning:${lastUser}`) % 200);
}

/**
 * Applies an output limit (`max_tokens` and friends) the way the APIs do: reasoning first, then the
 * visible text is cut. Returns the text actually sent, the token counts and whether it was cut.
 */
function limitOutput(reply, reasoning, max) {
	const visible = tokensOf(reply);
	if (!Number.isSafeInteger(max) || max <= 0 || reasoning + visible <= max) return { text: reply, output: visible, reasoning, truncated: false };
	if (reasoning >= max) return { text: '', output: 0, reasoning: max, truncated: true };
	const text = reply.slice(0, (max - reasoning) * 4);
	return { text, output: tokensOf(text), reasoning, truncated: true };
}

/** Stream pieces: words with their leading space, like the real APIs' token deltas. */
const piecesOf = (text) => text.match(/\s*\S+/g) ?? [];

// ---------------------------------------------------------------------------------------------
// HTTP plumbing

class HttpError extends Error {
	constructor(status, body) {
		super(`HTTP ${status}`);
		this.status = status;
		this.body = body;
	}
}

const openaiError = (status, message, param = null, code = null) => new HttpError(status, { error: { message, type: 'invalid_request_error', param, code } });
const anthropicError = (status, type, message) => new HttpError(status, { type: 'error', error: { type, message } });

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new HttpError(413, { error: { message: 'Request body too large', type: 'invalid_request_error' } }));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/**
 * CORS: browser apps (examples/chat-app) call this server from another origin. Any origin may read
 * the replies and their headers; it holds no cookies and no data worth protecting.
 */
const CORS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': '*' };

/** Answers a preflight: the method and every header the page asked for (SDKs send their own). */
function sendPreflight(req, res) {
	res.writeHead(204, {
		...CORS,
		'access-control-allow-methods': 'POST, OPTIONS',
		'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'authorization, content-type',
		'access-control-max-age': '600',
		vary: 'Access-Control-Request-Headers',
	});
	res.end();
}

function sendJson(res, status, body, headers = {}) {
	const text = JSON.stringify(body);
	res.writeHead(status, { ...CORS, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
	res.end(text);
}

/** Writes SSE frames one by one, a few ms apart; stops if the client goes away. */
async function sendStream(res, frames, headers = {}) {
	res.writeHead(200, { ...CORS, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', ...headers });
	let gone = false;
	res.on('close', () => {
		gone = !res.writableFinished;
	});
	for (const [i, frame] of frames.entries()) {
		if (gone || res.destroyed) return;
		if (i) await sleep(CHUNK_DELAY_MS);
		res.write(frame);
	}
	res.end();
}

const dataFrame = (payload) => `data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`;
const eventFrame = (event, payload) => `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;

// ---------------------------------------------------------------------------------------------
// OpenAI prompt caching: a prompt's leading messages that an earlier prompt to the same model also
// began with are cached, once the shared prefix reaches 1,024 tokens, in steps of 128.

/** A prompt as hashed units (tools, then messages), each with its token count. */
function openaiUnit(item) {
	return { key: sha256(JSON.stringify(item)).toString('hex'), tokens: OPENAI_MESSAGE_OVERHEAD + contentTokens(item.content ?? item) };
}

function promptTokensOf(units) {
	return units.reduce((sum, unit) => sum + unit.tokens, OPENAI_REPLY_PRIMING);
}

function createOpenAICache() {
	const prompts = new Map(); // served model → earlier prompts' unit keys
	return {
		/** Cached tokens for this prompt, then remembers it for later calls. */
		lookup(model, units) {
			const earlier = prompts.get(model) ?? [];
			let shared = 0;
			for (const keys of earlier) {
				let tokens = OPENAI_REPLY_PRIMING;
				for (let i = 0; i < units.length && i < keys.length && units[i].key === keys[i]; i++) tokens += units[i].tokens;
				shared = Math.max(shared, tokens);
			}
			earlier.push(units.map((unit) => unit.key));
			prompts.set(model, earlier);
			return shared >= OPENAI_CACHE_MIN ? Math.floor(shared / OPENAI_CACHE_STEP) * OPENAI_CACHE_STEP : 0;
		},
	};
}

function openaiUsage(kind, { prompt, cached, output, reasoning }) {
	const completion = output + reasoning;
	if (kind === 'chat') {
		return {
			prompt_tokens: prompt,
			completion_tokens: completion,
			total_tokens: prompt + completion,
			prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
			completion_tokens_details: { reasoning_tokens: reasoning, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
		};
	}
	return {
		input_tokens: prompt,
		input_tokens_details: { cached_tokens: cached },
		output_tokens: completion,
		output_tokens_details: { reasoning_tokens: reasoning },
		total_tokens: prompt + completion,
	};
}

function assertOpenAIRequest(body, field) {
	if (typeof body?.model !== 'string' || !body.model) throw openaiError(400, "Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
	if (field === 'messages' && (!Array.isArray(body.messages) || !body.messages.length)) {
		throw openaiError(400, "Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
	}
	if (field === 'input' && body.input === undefined && body.previous_response_id === undefined) {
		throw openaiError(400, "Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
	}
}

// ---------------------------------------------------------------------------------------------
// POST /v1/chat/completions

async function chatCompletions(ctx, res, body, raw) {
	assertOpenAIRequest(body, 'messages');
	const model = snapshotOf(body.model);
	const units = [...(Array.isArray(body.tools) ? body.tools.map(openaiUnit) : []), ...body.messages.map(openaiUnit)];
	const prompt = promptTokensOf(units);
	const cached = ctx.openaiCache.lookup(model, units);
	const lastUser = textOf(body.messages.findLast((message) => message?.role === 'user')?.content);
	const limited = limitOutput(replyFor(model, lastUser), reasoningFor(model, body.reasoning_effort, lastUser), body.max_completion_tokens ?? body.max_tokens);
	const usage = openaiUsage('chat', { prompt, cached, output: limited.output, reasoning: limited.reasoning });
	const finish = limited.truncated ? 'length' : 'stop';
	const id = makeId('chatcmpl-', `${ctx.next()}:${raw}`, 29);
	const created = Math.floor(Date.now() / 1000);
	const fingerprint = `fp_${sha256(model).toString('hex').slice(0, 10)}`;
	const headers = { 'x-request-id': makeId('req_', `req:${id}`, 32), 'openai-processing-ms': '42', 'openai-version': '2020-10-01' };

	if (!body.stream) {
		sendJson(
			res,
			200,
			{
				id,
				object: 'chat.completion',
				created,
				model,
				choices: [{ index: 0, message: { role: 'assistant', content: limited.text, refusal: null, annotations: [] }, logprobs: null, finish_reason: finish }],
				usage,
				service_tier: 'default',
				system_fingerprint: fingerprint,
			},
			headers,
		);
		return;
	}

	// With include_usage every chunk carries `"usage":null` and one more chunk, with no choices, has the usage.
	const includeUsage = body.stream_options?.include_usage === true;
	const chunk = (choices, extra = {}) =>
		dataFrame({
			id,
			object: 'chat.completion.chunk',
			created,
			model,
			service_tier: 'default',
			system_fingerprint: fingerprint,
			choices,
			...(includeUsage ? { usage: null } : {}),
			...extra,
		});
	const choice = (delta, finishReason = null) => ({ index: 0, delta, logprobs: null, finish_reason: finishReason });
	const frames = [
		chunk([choice({ role: 'assistant', content: '', refusal: null })]),
		...piecesOf(limited.text).map((piece) => chunk([choice({ content: piece })])),
		chunk([choice({}, finish)]),
		...(includeUsage ? [chunk([], { usage })] : []),
		dataFrame('[DONE]'),
	];
	await sendStream(res, frames, headers);
}

// ---------------------------------------------------------------------------------------------
// POST /v1/responses

/** Responses input as chat-like messages: `instructions` first, then the input items. */
function responsesItems(body) {
	const items = [];
	if (typeof body.instructions === 'string' && body.instructions) items.push({ role: 'developer', content: body.instructions });
	if (typeof body.input === 'string') items.push({ role: 'user', content: body.input });
	else if (Array.isArray(body.input)) items.push(...body.input);
	return items;
}

async function responses(ctx, res, body, raw) {
	assertOpenAIRequest(body, 'input');
	const model = snapshotOf(body.model);
	let history = [];
	if (body.previous_response_id !== undefined && body.previous_response_id !== null) {
		history = ctx.conversations.get(body.previous_response_id);
		if (!history) throw openaiError(400, `Previous response with id '${body.previous_response_id}' not found.`, 'previous_response_id', 'previous_response_not_found');
	}
	const items = responsesItems(body);
	const conversation = [...history, ...items.map(openaiUnit)];
	const units = [...(Array.isArray(body.tools) ? body.tools.map(openaiUnit) : []), ...conversation];
	const prompt = promptTokensOf(units);
	const cached = ctx.openaiCache.lookup(model, units);
	const lastUser = textOf(items.findLast((item) => item?.role === 'user')?.content);
	const effort = body.reasoning?.effort ?? (isReasoningModel(model) ? 'medium' : null);
	const limited = limitOutput(replyFor(model, lastUser), reasoningFor(model, effort ?? undefined, lastUser), body.max_output_tokens);
	const usage = openaiUsage('responses', { prompt, cached, output: limited.output, reasoning: limited.reasoning });

	const n = ctx.next();
	const id = makeId('resp_', `${n}:${raw}`, 48);
	const created = Math.floor(Date.now() / 1000);
	const reasoningItem = limited.reasoning ? { id: makeId('rs_', `rs:${id}`, 48), type: 'reasoning', summary: [] } : undefined;
	const messageId = makeId('msg_', `msg:${id}`, 48);
	const part = { type: 'output_text', annotations: [], logprobs: [], text: limited.text };
	const message = { id: messageId, type: 'message', status: limited.truncated ? 'incomplete' : 'completed', content: [part], role: 'assistant' };
	const output = [...(reasoningItem ? [reasoningItem] : []), ...(limited.text || !limited.truncated ? [message] : [])];
	const store = body.store !== false;
	if (store) ctx.conversations.set(id, [...conversation, openaiUnit({ role: 'assistant', content: limited.text })]);

	const response = (status, extra) => ({
		id,
		object: 'response',
		created_at: created,
		status,
		background: false,
		error: null,
		incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
		instructions: body.instructions ?? null,
		max_output_tokens: body.max_output_tokens ?? null,
		model,
		output: [],
		parallel_tool_calls: body.parallel_tool_calls ?? true,
		previous_response_id: body.previous_response_id ?? null,
		reasoning: { effort, summary: null },
		service_tier: 'default',
		store,
		temperature: body.temperature ?? 1,
		text: { format: { type: 'text' } },
		tool_choice: body.tool_choice ?? 'auto',
		tools: body.tools ?? [],
		top_p: body.top_p ?? 1,
		truncation: 'disabled',
		usage: null,
		user: null,
		metadata: body.metadata ?? {},
		...extra,
	});
	const finalStatus = limited.truncated ? 'incomplete' : 'completed';
	const headers = { 'x-request-id': makeId('req_', `req:${id}`, 32), 'openai-processing-ms': '57', 'openai-version': '2020-10-01' };

	if (!body.stream) {
		sendJson(res, 200, response(finalStatus, { output, usage }), headers);
		return;
	}

	const events = [];
	const emit = (type, payload) => events.push([type, { type, sequence_number: events.length, ...payload }]);
	emit('response.created', { response: response('in_progress') });
	emit('response.in_progress', { response: response('in_progress') });
	let index = 0;
	if (reasoningItem) {
		emit('response.output_item.added', { output_index: index, item: { ...reasoningItem } });
		emit('response.output_item.done', { output_index: index, item: reasoningItem });
		index++;
	}
	if (output.includes(message)) {
		const at = { item_id: messageId, output_index: index, content_index: 0 };
		emit('response.output_item.added', { output_index: index, item: { ...message, status: 'in_progress', content: [] } });
		emit('response.content_part.added', { ...at, part: { type: 'output_text', annotations: [], logprobs: [], text: '' } });
		for (const piece of piecesOf(limited.text)) emit('response.output_text.delta', { ...at, delta: piece, logprobs: [] });
		emit('response.output_text.done', { ...at, text: limited.text, logprobs: [] });
		emit('response.content_part.done', { ...at, part });
		emit('response.output_item.done', { output_index: index, item: message });
	}
	emit(`response.${finalStatus}`, { response: response(finalStatus, { output, usage }) });
	await sendStream(
		res,
		events.map(([type, payload]) => eventFrame(type, payload)),
		headers,
	);
}

// ---------------------------------------------------------------------------------------------
// POST /v1/messages, with prompt caching: the prefix up to each `cache_control` breakpoint (tools,
// then system, then messages) is written on first sight and read back on later calls that share it.
// Cached prefixes never expire here (the real ones last 5 minutes or 1 hour).

/** The smallest prompt Anthropic will cache, by model, as documented. */
function minCacheable(model) {
	if (/claude-(haiku-4-5|opus-4-5)/.test(model)) return 4096;
	if (/claude-3(-5)?-haiku/.test(model)) return 2048;
	return 1024;
}

/** The prompt as blocks in cache order, each with its running prefix hash and token count. */
function anthropicBlocks(model, body) {
	const blocks = [];
	const push = (tag, part, extra = 0) => {
		const { cache_control: cacheControl, ...rest } = typeof part === 'string' ? { type: 'text', text: part } : (part ?? {});
		blocks.push({ tag, content: rest, cacheControl, tokens: partTokens(rest) + extra });
	};
	for (const tool of Array.isArray(body.tools) ? body.tools : []) push('tool', tool);
	if (typeof body.system === 'string') push('system', body.system);
	else if (Array.isArray(body.system)) for (const part of body.system) push('system', part);
	for (const message of body.messages) {
		const parts = typeof message?.content === 'string' ? [message.content] : Array.isArray(message?.content) ? message.content : [];
		if (!parts.length) blocks.push({ tag: message?.role, content: null, cacheControl: undefined, tokens: ANTHROPIC_MESSAGE_OVERHEAD });
		parts.forEach((part, i) => push(message.role, part, i === 0 ? ANTHROPIC_MESSAGE_OVERHEAD : 0));
	}
	// Automatic caching: a top-level cache_control puts the breakpoint on the last block.
	if (body.cache_control && blocks.length) blocks.at(-1).cacheControl ??= body.cache_control;
	let hash = model;
	let prefix = 0;
	for (const block of blocks) {
		hash = sha256(`${hash}\n${block.tag}\n${JSON.stringify(block.content)}`).toString('hex');
		prefix += block.tokens;
		Object.assign(block, { hash, prefix });
	}
	return blocks;
}

function createAnthropicCache() {
	const prefixes = new Set(); // hashes of cached prefixes
	return {
		/** Splits the prompt into input, cache read and cache write, and caches its breakpoints. */
		use(model, blocks) {
			const total = blocks.at(-1)?.prefix ?? 0;
			const breakpoints = blocks.filter((block) => block.cacheControl);
			const last = breakpoints.at(-1);
			if (!last || last.prefix < minCacheable(model)) return { input: total, read: 0, write5m: 0, write1h: 0 };
			// The longest cached prefix at or before the last breakpoint is read; the rest up to it is written.
			const end = blocks.indexOf(last);
			let read = 0;
			for (let i = end; i >= 0; i--) {
				if (prefixes.has(blocks[i].hash)) {
					read = blocks[i].prefix;
					break;
				}
			}
			const write = last.prefix - read;
			for (const block of breakpoints) if (block.prefix >= minCacheable(model)) prefixes.add(block.hash);
			const oneHour = last.cacheControl?.ttl === '1h';
			return { input: total - last.prefix, read, write5m: oneHour ? 0 : write, write1h: oneHour ? write : 0 };
		},
	};
}

function assertAnthropicRequest(body) {
	if (typeof body?.model !== 'string' || !body.model) throw anthropicError(400, 'invalid_request_error', 'model: Field required');
	if (!Number.isSafeInteger(body.max_tokens) || body.max_tokens < 1) throw anthropicError(400, 'invalid_request_error', 'max_tokens: Field required');
	if (!Array.isArray(body.messages) || !body.messages.length) throw anthropicError(400, 'invalid_request_error', 'messages: Field required');
}

async function messages(ctx, res, body, raw) {
	assertAnthropicRequest(body);
	const model = snapshotOf(body.model);
	const split = ctx.anthropicCache.use(model, anthropicBlocks(model, body));
	const lastUser = textOf(body.messages.findLast((message) => message?.role === 'user')?.content);
	const limited = limitOutput(replyFor(model, lastUser), 0, body.max_tokens);
	const stopReason = limited.truncated ? 'max_tokens' : 'end_turn';
	const inputUsage = {
		input_tokens: split.input,
		cache_creation_input_tokens: split.write5m + split.write1h,
		cache_read_input_tokens: split.read,
		cache_creation: { ephemeral_5m_input_tokens: split.write5m, ephemeral_1h_input_tokens: split.write1h },
	};
	const id = makeId('msg_01', `${ctx.next()}:${raw}`, 22);
	const headers = { 'request-id': makeId('req_01', `req:${id}`, 22) };
	const message = (content, usage, stop) => ({ id, type: 'message', role: 'assistant', model, content, stop_reason: stop, stop_sequence: null, usage });

	if (!body.stream) {
		sendJson(res, 200, message([{ type: 'text', text: limited.text }], { ...inputUsage, output_tokens: limited.output, service_tier: 'standard' }, stopReason), headers);
		return;
	}

	// message_start holds the whole input side and a first output count; message_delta the final, cumulative one.
	const frames = [
		eventFrame('message_start', { type: 'message_start', message: message([], { ...inputUsage, output_tokens: 1, service_tier: 'standard' }, null) }),
		eventFrame('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
		eventFrame('ping', { type: 'ping' }),
		...piecesOf(limited.text).map((piece) => eventFrame('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } })),
		eventFrame('content_block_stop', { type: 'content_block_stop', index: 0 }),
		eventFrame('message_delta', { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: limited.output } }),
		eventFrame('message_stop', { type: 'message_stop' }),
	];
	await sendStream(res, frames, headers);
}

// ---------------------------------------------------------------------------------------------

const ROUTES = {
	'/v1/chat/completions': { handle: chatCompletions, provider: 'openai' },
	'/v1/responses': { handle: responses, provider: 'openai' },
	'/v1/messages': { handle: messages, provider: 'anthropic' },
};

function authorize(provider, req) {
	if (provider === 'openai' && !/^Bearer \S+/.test(req.headers.authorization ?? '')) {
		throw new HttpError(401, {
			error: { message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth.", type: 'invalid_request_error', param: null, code: null },
		});
	}
	if (provider === 'anthropic' && !req.headers['x-api-key'] && !/^Bearer \S+/.test(req.headers.authorization ?? '')) {
		throw anthropicError(401, 'authentication_error', 'x-api-key header is required');
	}
}

/**
 * Starts the demo server on 127.0.0.1 (`port` 0: any free port).
 * @param {{ port?: number }} [options]
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function startDemoServer({ port = 0 } = {}) {
	let counter = 0;
	const ctx = {
		next: () => ++counter,
		openaiCache: createOpenAICache(),
		anthropicCache: createAnthropicCache(),
		/** Stored Responses (for `previous_response_id`): their prompt and reply as units. */
		conversations: new Map(),
	};

	const server = createServer(async (req, res) => {
		const { pathname: path, search } = new URL(req.url ?? '/', 'http://127.0.0.1');
		if (req.method === 'OPTIONS' && ROUTES[path]) return sendPreflight(req, res);
		const route = req.method === 'POST' ? ROUTES[path] : undefined;
		try {
			// What a proxy in front of this server (the Worker gateway) sends upstream, echoed for its tests.
			if (req.method === 'POST' && path.startsWith('/inspect/')) return sendJson(res, 200, { method: req.method, path, search, headers: req.headers, body: await readBody(req) });
			if (!route) throw new HttpError(404, { error: { message: `Unknown request URL: ${req.method} ${path}.`, type: 'not_found_error', param: null, code: 'unknown_url' } });
			authorize(route.provider, req);
			const raw = await readBody(req);
			let body;
			try {
				body = JSON.parse(raw);
			} catch {
				throw route.provider === 'anthropic'
					? anthropicError(400, 'invalid_request_error', 'The request body is not valid JSON.')
					: openaiError(400, 'We could not parse the JSON body of your request.');
			}
			if (typeof body !== 'object' || body === null || Array.isArray(body)) {
				throw route.provider === 'anthropic' ? anthropicError(400, 'invalid_request_error', 'The request body must be an object.') : openaiError(400, 'The request body must be a JSON object.');
			}
			await route.handle(ctx, res, body, raw);
		} catch (error) {
			if (res.headersSent) {
				res.destroy(error instanceof Error ? error : undefined);
				return;
			}
			if (error instanceof HttpError) sendJson(res, error.status, error.body);
			else sendJson(res, 500, { error: { message: `demo server error: ${error?.message ?? error}`, type: 'server_error', param: null, code: null } });
		}
	});

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port: actual } = /** @type {import('node:net').AddressInfo} */ (server.address());
	return {
		url: `http://127.0.0.1:${actual}`,
		close: () =>
			new Promise((resolve, reject) => {
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			}),
	};
}
