import { UsageFormatError } from '../errors/UsageFormatError';
import type { ReadContext, UsageReading, WireFormat } from '../providers/types';
import type { Watcher } from './body-watchers';
import { type BodyOutcome, tap, withByob } from './tap';

export type Finish = (outcome: BodyOutcome, read: () => UsageReading) => void;
export type Watching = Watcher & { stream: boolean };

/** One response observed in place: what its own methods and getters need to report the call. */
export interface Observation {
	watcher: Watching;
	/** A watcher for a clone of the response (its body is read apart). */
	watchClone: () => Watching;
	format: WireFormat;
	context: ReadContext;
	signal: AbortSignal | undefined;
	finish: Finish;
	/** A body the app asked for, observed: a Response around it reads it for the consumers, as the original would. */
	carrier?: Response;
}

/** What a Response class gives the observation: its own getters and methods, and the properties that replace them. */
interface ResponseClass {
	body: (this: Response) => ReadableStream<Uint8Array> | null;
	used: (this: Response) => boolean;
	properties: PropertyDescriptorMap;
}

const encoder = new TextEncoder();

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

/** Responses observed in place, each with its observation: the replaced methods are shared, the state is not. */
const observations = new WeakMap<object, Observation>();

/** A getter or method of the response's own class (any Response implementation, a polyfill's too). */
function inherited(object: object, name: string): PropertyDescriptor | undefined {
	for (let proto = Object.getPrototypeOf(object) as object | null; proto; proto = Object.getPrototypeOf(proto) as object | null) {
		const descriptor = Object.getOwnPropertyDescriptor(proto, name);
		if (descriptor) return descriptor;
	}
	return undefined;
}

/** The app took `body` and started on it: consumers read through it (and its errors are the runtime's). */
const throughBody = (type: ResponseClass, carrier: Response | undefined): carrier is Response => carrier !== undefined && (type.used.call(carrier) || type.body.call(carrier)!.locked);

/** The observed body, in its carrier; `undefined` when there is nothing to observe or it was consumed already. */
function observed(type: ResponseClass, response: Response, o: Observation): Response | undefined {
	if (o.carrier) return o.carrier;
	const nativeBody = () => type.body.call(response) as ReadableStream<Uint8Array>;
	const body = type.body.call(response);
	if (body === null || body.locked || type.used.call(response)) return undefined;
	const { watcher, finish } = o;
	return (o.carrier = new Response(
		withByob(
			tap(nativeBody, watcher.chunk, (outcome) => finish(outcome, watcher.read)),
			nativeBody,
		),
	));
}

/** A consumer (`json()`, `text()` …) of an observed response: the runtime's own, reporting the call from what it resolved to. */
function consume(type: ResponseClass, response: Response, o: Observation, method: (...args: unknown[]) => Promise<never>, reading: (typeof READINGS)[string], args: unknown[]): Promise<unknown> {
	if (throughBody(type, o.carrier)) return method.apply(o.carrier, args);
	const { watcher, finish } = o;
	// A stream is read through the observed body, so one cut short still gives what came before the cut.
	if (watcher.stream) return method.apply(observed(type, response, o) ?? response, args);
	// The app only looked at `body`: the consumer reads the response's own body, as it would have.
	o.carrier = undefined;
	const body = type.body.call(response);
	// A second read gets the runtime's own error, and the call is not ended by it.
	const fresh = body !== null && !body.locked && !type.used.call(response);
	const result = method.apply(response, args);
	if (!fresh) return result;
	return result.then(
		async (value) => {
			try {
				finish('done', await reading(value, watcher, o.format, o.context));
			} catch {
				// A body the app received but tokentab could not use: the call ends unread.
				finish('done', failed(undefined));
			}
			return value;
		},
		(error: unknown) => {
			finish(o.signal?.aborted ? 'cancelled' : 'error', failed(undefined));
			throw error;
		},
	);
}

/**
 * The own properties that observe a response of this class, made once per class: each looks up the
 * response's observation, and is the class's own getter or method on a response that has none.
 */
function responseClass(response: Response): ResponseClass | undefined {
	const body = inherited(response, 'body')?.get as ResponseClass['body'] | undefined;
	const used = inherited(response, 'bodyUsed')?.get as ResponseClass['used'] | undefined;
	if (!body || !used) return undefined;
	const properties: PropertyDescriptorMap = {};
	const type: ResponseClass = { body, used, properties };
	properties.body = {
		configurable: true,
		get(this: Response) {
			const o = observations.get(this);
			const through = o && observed(type, this, o);
			// Nothing to observe, or already consumed: the runtime's own answer.
			return body.call(through || this);
		},
	};
	// The observed body is disturbed by the app's first read at once; upstream only when pulled.
	properties.bodyUsed = {
		configurable: true,
		get: function (this: Response) {
			return used.call(observations.get(this)?.carrier ?? this);
		},
	};
	for (const [name, reading] of Object.entries(READINGS)) {
		const method = inherited(response, name)?.value as ((...args: unknown[]) => Promise<never>) | undefined;
		if (typeof method !== 'function') continue;
		properties[name] = {
			configurable: true,
			writable: true,
			value(this: Response, ...args: unknown[]) {
				const o = observations.get(this);
				return o ? consume(type, this, o, method, reading, args) : method.apply(this, args);
			},
		};
	}
	const clone = inherited(response, 'clone')?.value as (() => Response) | undefined;
	if (typeof clone === 'function') {
		properties.clone = {
			configurable: true,
			writable: true,
			// A clone is observed too (whichever is read first ends the call): the runtime's own clone, with its own errors.
			value(this: Response) {
				const o = observations.get(this);
				if (!o) return clone.call(this);
				if (throughBody(type, o.carrier)) return clone.call(o.carrier);
				const copy = clone.call(this);
				const { carrier: _, ...shared } = o;
				observeInPlace(copy, { ...shared, watcher: o.watchClone() });
				return copy;
			},
		};
	}
	return type;
}

/** Each Response class seen (its prototype), with its observing properties; `null` where it cannot be observed in place. */
const classes = new WeakMap<object, ResponseClass | null>();

/**
 * Observes `response` itself, where the app consumes it: its own `json()`, `text()`, `arrayBuffer()`,
 * `bytes()`, `blob()`, `formData()` and `clone()` report the call when their promise settles, from
 * what they resolved to; its own `body` getter hands out an observed stream, built only when asked
 * for. `bodyUsed` is the observed body's once there is one. Everything else (identity, headers, status
 * text, `instanceof`) is the response's. The properties are made once per Response class and shared.
 * Returns false, with the response untouched, when it refuses own properties.
 */
export function observeInPlace(response: Response, observation: Observation): boolean {
	const prototype = Object.getPrototypeOf(response) as object | null;
	if (!prototype || !Object.isExtensible(response)) return false;
	let type = classes.get(prototype);
	if (type === undefined) classes.set(prototype, (type = responseClass(response) ?? null));
	if (!type) return false;
	try {
		Object.defineProperties(response, type.properties);
	} catch {
		return false;
	}
	observations.set(response, observation);
	return true;
}
