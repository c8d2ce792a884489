// An LLM gateway on Cloudflare Workers that knows what every conversation costs.
//
// Clients call it as they would call OpenAI or Anthropic (any SDK: set its base URL to the gateway
// and its API key to the user's gateway token). The gateway
// - finds the user (a token, or a trusted header) and the conversation (`x-conversation-id`),
// - keeps one tokentab session per conversation of each user, in that user's Durable Object,
// - stops a request that would pass the user's daily budget with a 429 that says why (tokentab
//   budgets, see budget.ts), before anything is sent,
// - forwards the request upstream with the gateway's own key and streams the reply back as it comes,
// - records the call when the reply ends, through ctx.waitUntil (the response never waits for it),
// - serves `GET /sessions/:id` (a conversation's cost) and `GET /report` (the user's spend).
import { createTracker, InvalidArgumentError, type Session, type Tracker } from 'tokentab';
import { durableObjectStore } from 'tokentab/cloudflare';
import { authenticate, conversationOf, validId } from './auth';
import { budgetOptions, budgetResponse, isBudgetExceeded } from './budget';
import type { Api, Env } from './env';
import { boundedBody, forwardedHeaders } from './forward';
import { errorResponse, HttpError } from './http';
import { report } from './report';

// The Durable Object class the TOKENTAB binding names (wrangler.jsonc).
export { TokentabDurableObject } from 'tokentab/cloudflare';

/** The API paths the gateway forwards (anything else is a 404: it is not an open proxy). */
const ROUTES: Record<string, Api> = {
	'/v1/chat/completions': 'openai',
	'/v1/responses': 'openai',
	'/v1/completions': 'openai',
	'/v1/embeddings': 'openai',
	'/v1/messages': 'anthropic',
};

/** Response headers not passed back: hop-by-hop ones and the upstream's cookies (and its CORS policy, which is not the gateway's). */
const DROPPED = ['set-cookie', 'connection', 'keep-alive', 'transfer-encoding', 'content-encoding', 'content-length'];
/** The largest request body forwarded, in bytes. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * One tracker per request, over the user's own Durable Object (`user:<id>`): every isolate and
 * location sees the same sessions and the same budget. Its writes go to this request's waitUntil.
 */
function trackerFor(env: Env, userId: string, ctx: ExecutionContext): Tracker {
	return createTracker({
		store: durableObjectStore(env.TOKENTAB, `user:${userId}`),
		waitUntil: (promise) => ctx.waitUntil(promise),
		...budgetOptions(env),
	});
}

/** The conversation's session: resumed, or started on its first request. */
async function conversationSession(tracker: Tracker, userId: string, conversation: string, api: Api): Promise<Session> {
	const existing = await tracker.getSession(conversation);
	if (existing) return existing;
	try {
		return await tracker.startSession({ id: conversation, userId, tags: { api } });
	} catch (error) {
		// Another request of the same conversation started it first.
		if (error instanceof InvalidArgumentError) {
			const started = await tracker.getSession(conversation);
			if (started) return started;
		}
		throw error;
	}
}

async function proxy(request: Request, env: Env, ctx: ExecutionContext, api: Api, userId: string): Promise<Response> {
	const url = new URL(request.url);
	const conversation = conversationOf(request);
	const body = await boundedBody(request, MAX_BODY_BYTES);
	const headers = forwardedHeaders(request, api, env);
	const key = api === 'openai' ? env.OPENAI_API_KEY : env.ANTHROPIC_API_KEY;
	if (!key) throw new HttpError(500, 'gateway_misconfigured', `The gateway has no ${api === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY'}.`);
	if (api === 'openai') headers.set('authorization', `Bearer ${key}`);
	else {
		headers.set('x-api-key', key);
		if (!headers.has('anthropic-version')) headers.set('anthropic-version', '2023-06-01');
	}
	const base = (api === 'openai' ? env.OPENAI_BASE_URL : env.ANTHROPIC_BASE_URL).replace(/\/+$/, '');

	const tracker = trackerFor(env, userId, ctx);
	const session = await conversationSession(tracker, userId, conversation, api);
	let upstream: Response;
	try {
		// session.fetch: the call is read and priced as its response streams through, and recorded
		// (via waitUntil) when it ends. Under an enforced budget it throws before sending.
		upstream = await session.fetch(`${base}${url.pathname}${url.search}`, { method: 'POST', headers, body, signal: request.signal });
	} catch (error) {
		if (isBudgetExceeded(error)) return budgetResponse(error, env, api, userId);
		throw new HttpError(502, 'upstream_unreachable', `The upstream API could not be reached: ${error instanceof Error ? error.message : String(error)}`);
	}

	const responseHeaders = new Headers(upstream.headers);
	for (const name of [...responseHeaders.keys()]) if (DROPPED.includes(name) || name.startsWith('access-control-')) responseHeaders.delete(name);
	responseHeaders.set('x-conversation-id', conversation);
	// The tracked body itself: chunks reach the client as they arrive.
	return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: responseHeaders });
}

/** `GET /sessions/:id`: a conversation's summary (cost, calls, usage, by model, end state). */
async function sessionSummary(tracker: Tracker, id: string): Promise<Response> {
	const session = validId(id) ? await tracker.getSession(id) : undefined;
	if (!session) throw new HttpError(404, 'not_found', `No conversation "${id}" for this user.`);
	return Response.json((await session.summary()).toJSON());
}

/** `POST /sessions/:id/end` with `{ "state": "Success" | "Fail" | "Indeterminate", "reason"?: string }`. */
async function endSession(tracker: Tracker, id: string, request: Request): Promise<Response> {
	const session = validId(id) ? await tracker.getSession(id) : undefined;
	if (!session) throw new HttpError(404, 'not_found', `No conversation "${id}" for this user.`);
	const input = (await request.json().catch(() => ({}))) as { state?: unknown; reason?: unknown };
	const state = input.state ?? 'Success';
	if (state !== 'Success' && state !== 'Fail' && state !== 'Indeterminate') throw new HttpError(400, 'invalid_request_error', 'state must be Success, Fail or Indeterminate');
	const reason = typeof input.reason === 'string' ? input.reason.slice(0, 500) : undefined;
	return Response.json((await session.end(state, reason)).toJSON());
}

export default {
	async fetch(request, env, ctx): Promise<Response> {
		const url = new URL(request.url);
		const api = ROUTES[url.pathname];
		try {
			if (api) {
				if (request.method !== 'POST') throw new HttpError(405, 'invalid_request_error', `${request.method} is not allowed here: POST.`);
				return await proxy(request, env, ctx, api, authenticate(request, env));
			}
			const session = url.pathname.match(/^\/sessions\/([^/]+)(\/end)?$/);
			if (session && (session[2] ? request.method === 'POST' : request.method === 'GET')) {
				const userId = authenticate(request, env);
				const tracker = trackerFor(env, userId, ctx);
				const id = decodeURIComponent(session[1]!);
				return await (session[2] ? endSession(tracker, id, request) : sessionSummary(tracker, id));
			}
			if (url.pathname === '/report' && request.method === 'GET') {
				const userId = authenticate(request, env);
				return await report(trackerFor(env, userId, ctx), userId, url, env);
			}
			throw new HttpError(404, 'not_found', `No route for ${request.method} ${url.pathname}.`);
		} catch (error) {
			if (error instanceof HttpError) return errorResponse(api, error);
			if (error instanceof InvalidArgumentError) return errorResponse(api, new HttpError(400, 'invalid_request_error', error.message));
			console.error('gateway error', error);
			return errorResponse(api, new HttpError(500, 'gateway_error', 'The gateway failed; see its logs.'));
		}
	},
} satisfies ExportedHandler<Env>;
