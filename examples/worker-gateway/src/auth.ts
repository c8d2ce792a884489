import type { Env } from './env';
import { HttpError } from './http';

/** User ids and conversation ids: short, and safe in a URL. */
const ID = /^[\w.@+-]{1,128}$/;

/**
 * Who is calling. A trusted header when the Worker sits behind something that sets it
 * (`USER_HEADER`, e.g. Cloudflare Access), else an access token, sent the way each SDK sends its API
 * key (`Authorization: Bearer <token>` for OpenAI's, `x-api-key: <token>` for Anthropic's) and
 * looked up in `USER_TOKENS`. Replace this with your own scheme (a JWT, a session cookie) as needed.
 */
export function authenticate(request: Request, env: Env): string {
	if (env.USER_HEADER) {
		const user = request.headers.get(env.USER_HEADER)?.trim();
		if (user && ID.test(user)) return user;
	}
	const token = request.headers.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? request.headers.get('x-api-key')?.trim();
	if (!token) throw new HttpError(401, 'authentication_error', 'Send your gateway access token as "Authorization: Bearer <token>" or "x-api-key: <token>".');
	const user = users(env)[token];
	if (!user || !ID.test(user)) throw new HttpError(401, 'authentication_error', 'Unknown access token.');
	return user;
}

let cached: { source: string; users: Record<string, string> } | undefined;

function users(env: Env): Record<string, string> {
	const source = env.USER_TOKENS ?? '{}';
	if (cached?.source !== source) {
		let parsed: unknown;
		try {
			parsed = JSON.parse(source);
		} catch {
			throw new HttpError(500, 'gateway_misconfigured', 'USER_TOKENS is not valid JSON.');
		}
		cached = { source, users: typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {} };
	}
	return cached.users;
}

/** The conversation a request belongs to: the `x-conversation-id` header, or a new id. */
export function conversationOf(request: Request): string {
	const id = request.headers.get('x-conversation-id')?.trim();
	if (id === undefined || id === '') return crypto.randomUUID();
	if (!ID.test(id)) throw new HttpError(400, 'invalid_request_error', 'x-conversation-id must be 1 to 128 letters, digits or ._@+-');
	return id;
}

export const validId = (id: string) => ID.test(id);
