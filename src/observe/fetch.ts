import { loadFormat } from '../providers/formats';
import { withGatewayCost } from '../providers/gateway-cost';
import type { UrlRules } from '../providers/hosts';
import type { WireFormat } from '../providers/types';
import type { ProviderRegistration, Route } from '../providers/route';
import { newId } from '../model/id';
import { type ObservedBody, observeResponse } from './response';
import { targets } from './routes';

/** An LLM request about to be sent. */
export interface OutgoingCall {
	/** The call's id, the same its record will have. */
	id: string;
	route: Route;
	/** The request URL's host (with its port). */
	host: string;
	/**
	 * The request body, when it was text (every official SDK sends JSON text), for the requested
	 * model and estimates: at once when the app sent text or bytes, later when it must be read.
	 */
	requestBody: string | undefined | Promise<string | undefined>;
}

/** A tracked call whose response the app has finished reading (or abandoned). */
export interface FinishedCall extends OutgoingCall {
	/** What `beforeSend` returned for this call. */
	ticket: unknown;
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
	/**
	 * Runs before an LLM request is sent (budgets reserve here). It may throw to refuse the call:
	 * the error reaches the app and nothing is sent. What it resolves to rides with the call.
	 */
	beforeSend?: (call: OutgoingCall) => unknown;
	/** The request failed, or its response is not one to read: undo what `beforeSend` did. */
	onAbandon?: (call: OutgoingCall, ticket: unknown) => void;
	providers?: readonly ProviderRegistration[];
	/** The catalog's URL rules (provider → hosts it serves), read on every call so a loaded catalog's new providers are routed. */
	urls?: () => UrlRules | undefined;
	/** Ask OpenAI-style streaming requests for their usage (`stream_options.include_usage`). */
	includeUsage?: boolean;
}

const utf8 = new TextDecoder();

/** Providers whose chat API accepts `stream_options` (others may refuse an unknown field). */
const STREAM_OPTIONS = new Set(['openai', 'azure', 'groq', 'deepseek', 'xai', 'openrouter']);

function isPost(input: RequestInfo | URL, init: RequestInit | undefined): boolean {
	const method = init?.method ?? (typeof input === 'object' && 'method' in input ? input.method : 'GET');
	return method.toUpperCase() === 'POST';
}

/** A form's text fields (`model`, `stream` …) as a JSON object's text. */
function formFields(form: FormData): string {
	const fields: Record<string, string> = {};
	form.forEach((value, key) => {
		if (typeof value === 'string') fields[key] = value;
	});
	return JSON.stringify(fields);
}

/** The same body with `stream_options.include_usage` set, when it is a streaming chat request without it. */
function withUsageRequested(body: string): string | undefined {
	const request = JSON.parse(body) as { stream?: unknown; stream_options?: { include_usage?: unknown } };
	if (request.stream !== true || request.stream_options?.include_usage === true) return undefined;
	// The field added to the app's own text: written again, the body could change (a seed past 2^53, `1.0`).
	if (request.stream_options === undefined) return `${body.slice(0, body.lastIndexOf('}'))},"stream_options":{"include_usage":true}}`;
	return JSON.stringify({ ...request, stream_options: { ...request.stream_options, include_usage: true } });
}

/**
 * A drop-in `fetch` that forwards every request unchanged and returns the response with the same
 * status, headers and bytes. For LLM calls (recognised by URL) it reads usage from the body as
 * the app reads it, and reports the call when the body ends.
 */
export function trackFetch(options: TrackFetchOptions): typeof fetch {
	const targetOf = targets(options.providers, () => options.urls?.());
	return async function trackedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
		let host: string | undefined;
		let route: Route | undefined;
		let requestBody: OutgoingCall['requestBody'];
		let reader: Promise<WireFormat> | undefined;
		try {
			if (isPost(input, init)) {
				({ host, route } = targetOf(input));
			}
			if (route) {
				// The reader starts loading now, so it is there by the time the response is.
				reader = loadFormat(route.format);
				reader.catch(() => undefined);
				let body = init?.body;
				if (typeof body === 'string' && options.includeUsage && route.format === 'openai-chat' && STREAM_OPTIONS.has(route.provider)) {
					const changed = withUsageRequested(body);
					if (changed !== undefined) init = { ...init, body: (body = changed) };
				}
				if (typeof body === 'string') requestBody = body;
				// Bytes and blobs read again without harm.
				else if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) requestBody = utf8.decode(body);
				else if (typeof Blob === 'function' && body instanceof Blob) requestBody = body.text().catch(() => undefined);
				// A multipart form (image edits, transcriptions): its text fields as JSON, for the model; never its files.
				else if (typeof FormData === 'function' && body instanceof FormData) requestBody = formFields(body);
				// A stream reads once (a Worker forwarding `request.body`): one branch goes on, in the app's own init, the other is read.
				else if (body instanceof ReadableStream) {
					const [onward, copy] = body.tee();
					init = { ...init, body: onward };
					requestBody = new Response(copy).text().catch(() => undefined);
				}
				// ky and others send a Request: read a copy of its body beside the real one.
				if (init?.body === undefined && input instanceof Request && input.body)
					requestBody = input
						.clone()
						.text()
						.catch(() => undefined);
			}
		} catch (error) {
			options.onError(error);
		}
		const outgoing = route && host !== undefined ? { id: newId(), route, host, requestBody } : undefined;
		// A refusal (a budget) propagates to the app: that is its purpose. Nothing has been sent.
		const ticket = outgoing && options.beforeSend ? await options.beforeSend(outgoing) : undefined;
		const startedAt = options.now();
		let response: Response;
		try {
			response = await options.fetch()(input, init);
		} catch (error) {
			if (outgoing) options.onAbandon?.(outgoing, ticket);
			throw error;
		}
		if (!outgoing) return response;
		// Nothing to read: an opaque response, an interim one, or a redirect the app follows itself (`redirect: 'manual'`).
		if (response.type === 'opaque' || response.status < 200 || (response.status >= 300 && response.status < 400)) {
			options.onAbandon?.(outgoing, ticket);
			return response;
		}
		const call = { ...outgoing, ticket, startedAt, status: response.status };
		const finished = (body: ObservedBody) => options.onCall({ ...call, endedAt: options.now(), body });
		let format: WireFormat;
		try {
			format = withGatewayCost(await reader!);
		} catch (error) {
			// The reader could not load (a chunk the network lost): the app gets its response, the call is recorded as unreadable.
			finished({
				stream: false,
				outcome: 'done',
				read: () => {
					throw error;
				},
			});
			return response;
		}
		try {
			const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
			return observeResponse(response, format, outgoing.route.provider, signal ?? undefined, finished);
		} catch (error) {
			options.onError(error);
			options.onAbandon?.(outgoing, ticket);
			return response;
		}
	};
}
