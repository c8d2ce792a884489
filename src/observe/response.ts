import { UsageFormatError } from '../errors/UsageFormatError';
import type { ReadContext, UsageReading, WireFormat } from '../providers/types';
import { type Watcher, watcherFor } from './body-watchers';
import { type BodyOutcome, tap, withByob } from './tap';

/** A body the app read (or abandoned): how its reading ended, and the usage in it. */
export interface ObservedBody {
	stream: boolean;
	outcome: BodyOutcome;
	/** Reads the usage; throws a UsageFormatError when the body cannot be read. */
	read(): UsageReading;
}

type Finish = (outcome: BodyOutcome, read: () => UsageReading) => void;
type Watching = Watcher & { stream: boolean };

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

const encoder = new TextEncoder();

/** A getter or method of the response's own class (any Response implementation, a polyfill's too). */
function inherited(object: object, name: string): PropertyDescriptor | undefined {
	for (let proto = Object.getPrototypeOf(object) as object | null; proto; proto = Object.getPrototypeOf(proto) as object | null) {
		const descriptor = Object.getOwnPropertyDescriptor(proto, name);
		if (descriptor) return descriptor;
	}
	return undefined;
}

const failed = (error: unknown) => () => {
	throw error instanceof UsageFormatError ? error : new UsageFormatError('the body could not be read to its end');
};

/** How each consumer's result gives the usage: from what the app received, never read again. */
const READINGS: Record<string, (value: never, watcher: Watching, format: WireFormat, context: ReadContext) => (() => UsageReading) | Promise<() => UsageReading>> = {
	// The object the app's own parse returned, read now (before the app can change it): no second parse.
	json(value: unknown, watcher, format, context) {
		if (watcher.stream) return failed(new UsageFormatError('a stream read as JSON'));
		try {
			const reading = format.readBody(value, context);
			return () => reading;
		} catch (error) {
			return failed(error);
		}
	},
	text(value: string, watcher) {
		return () => {
			watcher.chunk(encoder.encode(value));
			return watcher.read();
		};
	},
	arrayBuffer(value: ArrayBuffer, watcher) {
		watcher.chunk(new Uint8Array(value));
		return watcher.read;
	},
	bytes(value: Uint8Array, watcher) {
		watcher.chunk(value);
		return watcher.read;
	},
	async blob(value: Blob, watcher) {
		watcher.chunk(new Uint8Array(await value.arrayBuffer()));
		return watcher.read;
	},
	formData: () => failed(new UsageFormatError('the body was read as form data')),
};

/**
 * Observes `response` itself, where the app consumes it: its own `json()`, `text()`, `arrayBuffer()`,
 * `bytes()`, `blob()`, `formData()` and `clone()` report the call when their promise settles, from
 * what they resolved to; its own `body` getter hands out an observed stream, built only when asked
 * for. `bodyUsed` is the observed body's once there is one. Everything else (identity, headers, status
 * text, `instanceof`) is the response's.
 * Returns false, with the response untouched, when it refuses own properties.
 */
function observeInPlace(response: Response, watch: () => Watching, format: WireFormat, context: ReadContext, signal: AbortSignal | undefined, finish: Finish): boolean {
	const bodyOf = inherited(response, 'body')?.get as ((this: Response) => ReadableStream<Uint8Array> | null) | undefined;
	const usedOf = inherited(response, 'bodyUsed')?.get as ((this: Response) => boolean) | undefined;
	if (!bodyOf || !usedOf || !Object.isExtensible(response)) return false;
	const watcher = watch();
	const nativeBody = () => bodyOf.call(response) as ReadableStream<Uint8Array>;
	/** A body the app asked for, observed: a Response around it reads it for the consumers, as the original would. */
	let carrier: Response | undefined;
	/** The app took `body` and started on it: consumers read through it (and its errors are the runtime's). */
	const throughBody = () => carrier !== undefined && (usedOf.call(carrier) || (bodyOf.call(carrier) as ReadableStream).locked);
	/** The observed body, in its carrier; `undefined` when there is nothing to observe or it was consumed already. */
	const observed = (): Response | undefined => {
		if (carrier) return carrier;
		const body = nativeBody();
		if (body === null || body.locked || usedOf.call(response)) return undefined;
		return (carrier = new Response(
			withByob(
				tap(nativeBody, watcher.chunk, (outcome) => finish(outcome, watcher.read)),
				nativeBody,
			),
		));
	};
	const properties: PropertyDescriptorMap = {
		body: {
			configurable: true,
			get() {
				const through = observed();
				// Nothing to observe, or already consumed: the runtime's own answer.
				return through ? bodyOf.call(through) : nativeBody();
			},
		},
		// The observed body is disturbed by the app's first read at once; upstream only when pulled.
		bodyUsed: { configurable: true, get: () => usedOf.call(carrier ?? response) },
	};
	for (const [name, reading] of Object.entries(READINGS)) {
		const method = inherited(response, name)?.value as ((...args: unknown[]) => Promise<never>) | undefined;
		if (typeof method !== 'function') continue;
		properties[name] = {
			configurable: true,
			writable: true,
			value(...args: unknown[]) {
				if (throughBody()) return method.apply(carrier, args);
				// A stream is read through the observed body, so one cut short still gives what came before the cut.
				if (watcher.stream) return method.apply(observed() ?? response, args);
				// The app only looked at `body`: the consumer reads the response's own body, as it would have.
				carrier = undefined;
				const body = nativeBody();
				// A second read gets the runtime's own error, and the call is not ended by it.
				const fresh = body !== null && !body.locked && !usedOf.call(response);
				const result = method.apply(response, args);
				if (!fresh) return result;
				return result.then(
					async (value) => {
						try {
							finish('done', await reading(value, watcher, format, context));
						} catch {
							// A body the app received but tokentab could not use: the call ends unread.
							finish('done', failed(undefined));
						}
						return value;
					},
					(error: unknown) => {
						finish(signal?.aborted ? 'cancelled' : 'error', failed(undefined));
						throw error;
					},
				);
			},
		};
	}
	const clone = inherited(response, 'clone')?.value as (() => Response) | undefined;
	if (typeof clone === 'function') {
		properties.clone = {
			configurable: true,
			writable: true,
			// A clone is observed too (whichever is read first ends the call): the runtime's own clone, with its own errors.
			value() {
				const copy = clone.call(throughBody() ? carrier : response);
				if (throughBody()) return copy;
				observeInPlace(copy, () => watcherFor(format, context, contentTypeOf(response)), format, context, signal, finish);
				return copy;
			},
		};
	}
	try {
		Object.defineProperties(response, properties);
		return true;
	} catch {
		return false;
	}
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
	const inPlace = !platformTakesResponses && observeInPlace(response, () => watcher, format, context, signal, finish);
	const observed = inPlace ? response : observeByWrapper(response, body, watcher, finish);
	watch();
	return observed;
}
