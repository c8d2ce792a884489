import type { ReadContext, UsageReading, WireFormat } from '../providers/types';
import { watcherFor } from './body-watchers';
import { type Finish, observeInPlace, type Watching } from './in-place';
import { type BodyOutcome, tap, withByob } from './tap';

/** A body the app read (or abandoned): how its reading ended, and the usage in it. */
export interface ObservedBody {
	stream: boolean;
	outcome: BodyOutcome;
	/** Reads the usage; throws a UsageFormatError when the body cannot be read. */
	read(): UsageReading;
}

/**
 * The call's end, reported once: by the first of the response (or a clone of it) to be read to its
 * end, cancelled or failed, or by an abort of the request's signal (an app that aborts often stops
 * reading too, and would otherwise never let the body end).
 */
function ending(stream: boolean, signal: AbortSignal | undefined, onEnd: (body: ObservedBody) => void, whenAborted: () => UsageReading): { finish: Finish; watch(): void } {
	let ended = false;
	const finish: Finish = (outcome, read) => {
		if (ended) return;
		ended = true;
		signal?.removeEventListener('abort', onAbort);
		try {
			onEnd({ stream, outcome, read });
		} catch {
			// Recording is the tracker's business; the app's read must end as upstream ended it.
		}
	};
	const onAbort = () => finish('cancelled', whenAborted);
	return { finish, watch: () => signal?.addEventListener('abort', onAbort) };
}

/** Gives `copy` what the app would have seen on `original` beyond status and bytes (its clones too). */
function sameAs(copy: Response, original: Response): Response {
	try {
		Object.defineProperties(copy, {
			url: { value: original.url },
			redirected: { value: original.redirected },
			type: { value: original.type },
			// The original's own Headers: immutable, as a fetched response's are.
			headers: { value: original.headers },
			clone: { value: () => sameAs(Response.prototype.clone.call(copy), original) },
		});
	} catch {
		// A runtime whose Response refuses own properties still gets the right status, headers and bytes.
	}
	return copy;
}

/**
 * Where a Response refuses own properties: a new Response over a pass-through stream, with the
 * original's identity. Throws, with the body untouched, for a status or status text a Response
 * cannot be made with.
 */
function observeByWrapper(response: Response, body: ReadableStream<Uint8Array>, watcher: Watching, finish: Finish): Response {
	const stream = withByob(
		tap(
			() => body,
			watcher.chunk,
			(outcome) => finish(outcome, watcher.read),
		),
		() => body,
	);
	const observed = new Response(stream, { status: response.status, statusText: response.statusText, headers: response.headers });
	return sameAs(observed, response);
}

// Media types are case-insensitive.
const contentTypeOf = (response: Response) => (response.headers.get('content-type') ?? '').toLowerCase();

/**
 * Whether this runtime's server can be handed a Response whole (a Worker's or Deno.serve's return
 * value, Bun.serve, a service worker's respondWith): it then reads the body natively, past any own
 * property, and only a body that is itself observed (the wrapper's) lets the call end.
 */
const platformTakesResponses = (() => {
	const g = globalThis as { navigator?: { userAgent?: string }; Deno?: unknown; Bun?: unknown; ServiceWorkerGlobalScope?: abstract new () => unknown };
	return (
		g.navigator?.userAgent === 'Cloudflare-Workers' ||
		g.Deno !== undefined ||
		g.Bun !== undefined ||
		(typeof g.ServiceWorkerGlobalScope === 'function' && globalThis instanceof g.ServiceWorkerGlobalScope)
	);
})();

/**
 * Returns `response` itself (or, where a Response refuses own properties or the platform may take it
 * whole, one with the same status, headers, bytes and identity), observed where the app consumes it: the call's usage goes to `onEnd`
 * once the app has read the body (or given up). What is kept of a body is parsed at its end.
 */
export function observeResponse(response: Response, format: WireFormat, provider: string, signal: AbortSignal | undefined, onEnd: (body: ObservedBody) => void): Response {
	const context: ReadContext = { provider, headers: response.headers };
	const { body } = response;
	if (!body) {
		onEnd({ stream: false, outcome: 'done', read: () => format.readBody(null, context) });
		return response;
	}
	const contentType = contentTypeOf(response);
	const watcher = watcherFor(format, context, contentType);
	const { finish, watch } = ending(watcher.stream, signal, onEnd, watcher.read);
	// Throws for a status or status text a wrapper cannot carry: nothing was taken from the body yet.
	const watchClone = () => watcherFor(format, context, contentType);
	const inPlace = !platformTakesResponses && observeInPlace(response, { watcher, watchClone, format, context, signal, finish });
	const observed = inPlace ? response : observeByWrapper(response, body, watcher, finish);
	watch();
	return observed;
}
