import type { Api } from './env';

/** An error answered as JSON, in the API's own error shape when there is one. */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly type: string,
		message: string,
	) {
		super(message);
	}
}

/**
 * An error body as the API called would send it, so SDKs show `message`: OpenAI's
 * `{ error: { message, type, code } }` or Anthropic's `{ type: 'error', error: { type, message } }`.
 */
export function errorBody(api: Api | undefined, type: string, message: string, extra: Record<string, unknown> = {}): unknown {
	if (api === 'anthropic') return { type: 'error', error: { type, message, ...extra } };
	return { error: { message, type, code: type, param: null, ...extra } };
}

export const errorResponse = (api: Api | undefined, error: HttpError) => Response.json(errorBody(api, error.type, error.message), { status: error.status });
