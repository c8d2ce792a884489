import { formatForUrl } from '../providers/index';
import type { ProviderFormat } from '../providers/types';
import { type ObservedBody, observeResponse } from './observe';

/** A tracked call whose response the app has finished reading (or abandoned). */
export interface FinishedCall {
	format: ProviderFormat;
	url: URL;
	/** The request body when it was a string (as every official SDK sends it), for the requested model. */
	requestBody?: string;
	startedAt: number;
	endedAt: number;
	status: number;
	body: ObservedBody;
}

export interface TrackFetchOptions {
	/** The fetch to forward to, looked up on every call so a later polyfill or test double is honoured. */
	fetch: () => typeof fetch;
	now: () => number;
	/** Runs synchronously as the response ends, before the app sees its last read resolve. */
	onCall: (call: FinishedCall) => void;
	/** Something in tokentab itself failed; the app's call went on untouched. */
	onError: (error: unknown) => void;
}

function requestUrl(input: RequestInfo | URL): URL {
	const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
	return new URL(href, (globalThis as { location?: { href: string } }).location?.href);
}

function isPost(input: RequestInfo | URL, init: RequestInit | undefined): boolean {
	const method = init?.method ?? (typeof input === 'object' && 'method' in input ? input.method : 'GET');
	return method.toUpperCase() === 'POST';
}

/**
 * A drop-in `fetch` that forwards every request unchanged and returns the response with the same
 * status, headers and bytes. For LLM calls (recognised by their URL path) it reads usage from the
 * body as the app reads it, and reports the call when the body ends.
 */
export function trackFetch(options: TrackFetchOptions): typeof fetch {
	return async function trackedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
		let url: URL | undefined;
		let format: ProviderFormat | undefined;
		try {
			if (isPost(input, init)) {
				url = requestUrl(input);
				format = formatForUrl(url);
			}
		} catch (error) {
			options.onError(error);
		}
		const startedAt = options.now();
		const response = await options.fetch()(input, init);
		if (!format || !url || response.type === 'opaque' || response.status < 200) return response;
		try {
			const requestBody = typeof init?.body === 'string' ? init.body : undefined;
			const call = { format, url, startedAt, status: response.status, ...(requestBody === undefined ? {} : { requestBody }) };
			return observeResponse(response, format, (body: ObservedBody) => {
				options.onCall({ ...call, endedAt: options.now(), body });
			});
		} catch (error) {
			options.onError(error);
			return response;
		}
	};
}
