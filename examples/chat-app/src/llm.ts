// Streams a chat reply from an OpenAI-compatible (`/chat/completions`) or Anthropic (`/v1/messages`)
// endpoint through the fetch it is given: the session's `session.fetch`, which records the call's
// usage and cost when the stream ends. Plain fetch and a small SSE reader, no SDK: an SDK works the
// same way (`new OpenAI({ fetch: session.fetch, dangerouslyAllowBrowser: true })`).
import type { Settings } from './config';

export interface ChatTurn {
	role: 'user' | 'assistant';
	content: string;
}

export interface StreamRequest {
	settings: Settings;
	/** `session.fetch`. */
	fetch: typeof fetch;
	/** The conversation so far, ending with the user's new message. */
	turns: ChatTurn[];
	/** Each piece of text as it streams in. */
	onText: (delta: string) => void;
	signal?: AbortSignal;
}

export interface StreamResult {
	text: string;
	/** The model that served the reply, as the API named it. */
	model?: string;
}

/** An error response from the API, with the message it gave. */
export class ApiError extends Error {
	override name = 'ApiError';
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

const SYSTEM = 'You are a friendly support assistant. Answer briefly.';

export async function streamReply(request: StreamRequest): Promise<StreamResult> {
	const { settings } = request;
	const openai = settings.provider === 'openai';
	const url = openai ? `${settings.baseUrl}/chat/completions` : `${settings.baseUrl}/v1/messages`;
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	let body: Record<string, unknown>;
	if (openai) {
		headers.authorization = `Bearer ${settings.apiKey}`;
		// Reasoning models take max_completion_tokens; other OpenAI-compatible servers know max_tokens.
		const limit = /^(o\d|gpt-5)/.test(settings.model) ? 'max_completion_tokens' : 'max_tokens';
		body = {
			model: settings.model,
			messages: [{ role: 'system', content: SYSTEM }, ...request.turns],
			stream: true,
			// The usage arrives in a last chunk: exact costs instead of estimates.
			stream_options: { include_usage: true },
			[limit]: settings.maxTokens,
		};
	} else {
		headers['x-api-key'] = settings.apiKey;
		headers['anthropic-version'] = '2023-06-01';
		headers['anthropic-dangerous-direct-browser-access'] = 'true';
		body = { model: settings.model, system: SYSTEM, messages: request.turns, max_tokens: settings.maxTokens, stream: true };
	}

	const response = await request.fetch(url, { method: 'POST', headers, body: JSON.stringify(body), ...(request.signal ? { signal: request.signal } : {}) });
	if (!response.ok) throw new ApiError(response.status, await errorMessage(response));
	if (!response.body) throw new ApiError(response.status, 'the response has no body');

	const result: StreamResult = { text: '' };
	const add = (delta: unknown) => {
		if (typeof delta !== 'string' || !delta) return;
		result.text += delta;
		request.onText(delta);
	};
	for await (const { event, data } of sse(response.body)) {
		if (openai) {
			if (data === '[DONE]') continue; // the stream ends right after it
			const chunk = JSON.parse(data) as { model?: string; error?: { message?: string }; choices?: { delta?: { content?: unknown } }[] };
			if (chunk.error) throw new ApiError(response.status, chunk.error.message ?? 'stream error');
			result.model ??= chunk.model;
			add(chunk.choices?.[0]?.delta?.content);
		} else {
			const payload = JSON.parse(data) as { type?: string; message?: { model?: string }; delta?: { type?: string; text?: unknown }; error?: { message?: string } };
			const type = payload.type ?? event;
			if (type === 'error') throw new ApiError(response.status, payload.error?.message ?? 'stream error');
			if (type === 'message_start') result.model ??= payload.message?.model;
			if (type === 'content_block_delta' && payload.delta?.type === 'text_delta') add(payload.delta.text);
		}
	}
	return result;
}

/** The message of an error body, in either API's shape, or the status line. */
async function errorMessage(response: Response): Promise<string> {
	const text = await response.text().catch(() => '');
	try {
		const body = JSON.parse(text) as { error?: { message?: string } | string; message?: string };
		const message = typeof body.error === 'string' ? body.error : (body.error?.message ?? body.message);
		if (message) return `${response.status}: ${message}`;
	} catch {
		// Not JSON.
	}
	return `${response.status} ${response.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`;
}

/** Server-sent events: `{ event, data }` per event, as the stream delivers them. */
async function* sse(body: ReadableStream<Uint8Array>): AsyncGenerator<{ event: string | undefined; data: string }> {
	const reader = body.getReader();
	const decoder = new TextDecoder();
	let buffer = '';
	let finished = false;
	try {
		for (;;) {
			const { value, done } = await reader.read();
			if (done) {
				finished = true;
				break;
			}
			buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
			let end: number;
			while ((end = buffer.indexOf('\n\n')) >= 0) {
				const block = buffer.slice(0, end);
				buffer = buffer.slice(end + 2);
				let event: string | undefined;
				const data: string[] = [];
				for (const line of block.split('\n')) {
					if (line.startsWith('event:')) event = line.slice(6).trim();
					else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
				}
				if (data.length) yield { event, data: data.join('\n') };
			}
		}
	} finally {
		// Left early (an error in a chunk): cancel the rest. tokentab records the call as it stood.
		if (!finished) await reader.cancel().catch(() => undefined);
	}
}
