import type { KyInstance } from 'ky';

/** Anything with a tracked fetch: a tokentab `Session`. */
export interface HasFetch {
	fetch: typeof fetch;
}

/**
 * A ky instance whose calls are tracked into `session`, streaming included: the instance's own
 * options, hooks and retries stay; only the fetch underneath is the session's.
 *
 * @example
 * const api = trackKy(ky.create({ baseUrl: 'https://api.openai.com/v1/', headers }), session);
 * const completion = await api.post('chat/completions', { json: { model, messages } }).json();
 */
export function trackKy(instance: KyInstance, session: HasFetch): KyInstance {
	return instance.extend({ fetch: session.fetch });
}
