// Streams a chat reply from an OpenAI-compatible (`/chat/completions`) or Anthropic (`/v1/messages`)
// endpoint through the official SDKs, as a browser app calls them, with the session's fetch:
// `fetch: session.fetch` records each call's usage and cost when its stream ends.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
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

/**
 * The SDKs' own options for a browser app: the key is the user's own (kept in localStorage), and no
 * retries, so a call tokentab's budget refused (nothing was sent) is not tried again.
 */
const clientOptions = (request: StreamRequest) => ({
	baseURL: request.settings.baseUrl,
	apiKey: request.settings.apiKey,
	dangerouslyAllowBrowser: true,
	fetch: request.fetch,
	maxRetries: 0,
});

export async function streamReply(request: StreamRequest): Promise<StreamResult> {
	const result: StreamResult = { text: '' };
	const add = (delta: string | null | undefined) => {
		if (!delta) return;
		result.text += delta;
		request.onText(delta);
	};
	const options = request.signal ? { signal: request.signal } : {};
	const { settings } = request;
	try {
		if (settings.provider === 'openai') {
			const client = new OpenAI(clientOptions(request));
			// Reasoning models take max_completion_tokens; other OpenAI-compatible servers know max_tokens.
			const limit = /^(o\d|gpt-5)/.test(settings.model) ? { max_completion_tokens: settings.maxTokens } : { max_tokens: settings.maxTokens };
			const stream = await client.chat.completions.create(
				{
					model: settings.model,
					messages: [{ role: 'system', content: SYSTEM }, ...request.turns],
					stream: true,
					// The usage arrives in a last chunk: exact costs instead of estimates.
					stream_options: { include_usage: true },
					...limit,
				},
				options,
			);
			for await (const chunk of stream) {
				result.model ??= chunk.model;
				add(chunk.choices[0]?.delta.content);
			}
		} else {
			const client = new Anthropic(clientOptions(request));
			const stream = client.messages.stream({ model: settings.model, system: SYSTEM, messages: request.turns, max_tokens: settings.maxTokens }, options);
			for await (const event of stream) {
				if (event.type === 'message_start') result.model ??= event.message.model;
				if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') add(event.delta.text);
			}
		}
	} catch (error) {
		// The API's own error (a 401, a 429): its status and message. A connection error has no status:
		// it goes to the caller as it is, with what the fetch threw as its cause (a refusal by
		// tokentab's budget: nothing was sent).
		if ((error instanceof OpenAI.APIError || error instanceof Anthropic.APIError) && error.status !== undefined) throw new ApiError(error.status, error.message);
		throw error;
	}
	return result;
}
