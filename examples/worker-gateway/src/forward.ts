import type { Api, Env } from './env';
import { HttpError } from './http';

/**
 * Request headers passed upstream, by API: an allow-list. Anything else stays here: the client's
 * credentials and cookies, and the headers that change what the gateway's key pays for or whom it
 * bills (`openai-organization`, `openai-project`, and the beta headers below).
 */
const FORWARDED: Record<Api, string[]> = {
	openai: ['content-type', 'accept'],
	anthropic: ['content-type', 'accept', 'anthropic-version'],
};
/**
 * Beta headers turn on features billed to the gateway's key (Anthropic's extended context, OpenAI's
 * Assistants): only the features the operator lists in `ALLOWED_BETAS` pass.
 */
const BETA: Record<Api, string> = { openai: 'openai-beta', anthropic: 'anthropic-beta' };

/** The headers of the upstream request, before the gateway adds its own key. */
export function forwardedHeaders(request: Request, api: Api, env: Env): Headers {
	const headers = new Headers();
	for (const name of FORWARDED[api]) {
		const value = request.headers.get(name);
		if (value !== null) headers.set(name, value);
	}
	const allowed = new Set(
		(env.ALLOWED_BETAS ?? '')
			.split(',')
			.map((beta) => beta.trim())
			.filter(Boolean),
	);
	const asked = request.headers.get(BETA[api]);
	const betas = (asked ?? '')
		.split(',')
		.map((beta) => beta.trim())
		.filter((beta) => allowed.has(beta));
	if (betas.length) headers.set(BETA[api], betas.join(','));
	return headers;
}

/**
 * The request body as text, at most `max` bytes of it (UTF-8, as the upstream counts them, not
 * UTF-16 code units): a `Content-Length` past it is refused unread, and a body without one is
 * read only up to the cap.
 */
export async function boundedBody(request: Request, max: number): Promise<string> {
	const tooLarge = () => new HttpError(413, 'invalid_request_error', `Request body too large: more than ${max} bytes.`);
	if (Number(request.headers.get('content-length')) > max) throw tooLarge();
	if (!request.body) return '';
	const reader = request.body.getReader();
	const decoder = new TextDecoder();
	let bytes = 0;
	let text = '';
	for (;;) {
		const { done, value } = await reader.read();
		if (done) return text + decoder.decode();
		bytes += value.byteLength;
		if (bytes > max) {
			await reader.cancel();
			throw tooLarge();
		}
		text += decoder.decode(value, { stream: true });
	}
}
