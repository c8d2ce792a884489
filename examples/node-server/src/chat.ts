// POST /chat: one user's message to the model, through the official OpenAI SDK with tokentab's
// tracked fetch, so the call is priced from the usage the API reports and stored in Redis.
import type { IncomingMessage } from 'node:http';
import OpenAI from 'openai';
import { InvalidArgumentError, type Session, type Tracker } from 'tokentab';
import { budgetRefusal } from './budget.js';
import type { Config } from './config.js';
import { HttpError, readJson } from './http.js';

const USER_ID = /^[\w.@-]{1,64}$/;

/** A user id as the server accepts it (also in `GET /cost/:user`). */
export function validUser(value: unknown): string {
	if (typeof value !== 'string' || !USER_ID.test(value)) throw new HttpError(400, 'invalid_request', 'The user id (header x-user, or "user" in the body) is 1 to 64 letters, digits or . _ @ -.');
	return value;
}

/** The user's session (one per user, `user:<id>`): resumed from Redis, or started on the first call. */
async function userSession(tracker: Tracker, userId: string): Promise<Session> {
	const id = `user:${userId}`;
	const existing = await tracker.getSession(id);
	if (existing) return existing;
	try {
		return await tracker.startSession({ id, userId });
	} catch (error) {
		// Another request (or another server process) started it first.
		const started = error instanceof InvalidArgumentError ? await tracker.getSession(id) : undefined;
		if (started) return started;
		throw error;
	}
}

export interface ChatReply {
	user: string;
	reply: string;
	model: string;
	usage: OpenAI.CompletionUsage | undefined;
	/** What the user has spent so far, this call included: USD as a decimal string. */
	userCost: string;
}

export async function chat(request: IncomingMessage, tracker: Tracker, config: Config): Promise<ChatReply> {
	const body = await readJson(request);
	const userId = validUser(request.headers['x-user'] ?? body.user);
	if (typeof body.message !== 'string' || body.message === '') throw new HttpError(400, 'invalid_request', '"message" is the text to send.');
	const model = typeof body.model === 'string' && body.model ? body.model : config.model;

	const session = await userSession(tracker, userId);
	// maxRetries 0: a refused call would be refused again on each retry (nothing is sent either way).
	const openai = new OpenAI({ baseURL: config.openaiBaseUrl, apiKey: config.openaiApiKey, fetch: session.fetch, maxRetries: 0 });
	let completion: OpenAI.ChatCompletion;
	try {
		completion = await openai.chat.completions.create({ model, max_completion_tokens: config.maxOutputTokens, messages: [{ role: 'user', content: body.message }] });
	} catch (error) {
		const refused = budgetRefusal(error, userId);
		if (refused) throw refused;
		if (error instanceof OpenAI.APIError && error.status) throw new HttpError(502, 'upstream_error', `The model API answered ${error.status}: ${error.message}`);
		throw new HttpError(502, 'upstream_unreachable', `The model API could not be reached: ${error instanceof Error ? error.message : String(error)}`);
	}
	// cost() waits for this call to be recorded: a GET /cost right after this reply counts it.
	const userCost = (await session.cost()).toFixed();
	return { user: userId, reply: completion.choices[0]?.message.content ?? '', model: completion.model, usage: completion.usage, userCost };
}
