import type Big from 'big.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError';
import { UnknownSessionError } from '../errors/UnknownSessionError';
import { UsageFormatError } from '../errors/UsageFormatError';
import { type FinishedCall, trackFetch } from '../integrations/fetch';
import { canonicalProvider, formatsOf } from '../providers/index';
import { parseJson } from '../providers/read';
import type { UsageReading } from '../providers/types';
import { bundledCatalog } from '../pricing/catalog';
import { computeCost } from '../pricing/cost';
import { createPriceLookup, type CustomPrices, periodAt } from '../pricing/lookup';
import type { Catalog } from '../pricing/types';
import { memoryStore } from '../stores/memory';
import type { Store } from '../stores/types';
import { createEmitter, type EventListener } from './events';
import { newId } from './id';
import { toDecimalString } from './money';
import type { CallRecord } from './record';
import { type RecordInput, Session } from './session';
import { END_STATES, type EndState, type SessionEnd, type SessionMeta, type SessionSummary, summarize } from './summary';
import { assertUsage, type Usage, USAGE_BUCKETS } from './usage';

export interface TrackerOptions {
	/** Where sessions and calls are kept. Default: `memoryStore()`. */
	store?: Store;
	/** Custom prices added to the catalog, and winning over it: `{ 'openai/ft:gpt-4o:acme': { input: '3.75', output: '15' } }`. */
	prices?: CustomPrices;
	/** The price catalog. Default: the one bundled with this version of tokentab. */
	catalog?: Catalog;
	/** The fetch that `session.fetch` forwards to, looked up on every call. Default: `globalThis.fetch`. */
	fetch?: typeof fetch;
	/** The clock, in ms since the epoch. Default: `Date.now`. */
	now?: () => number;
	/** Every recorded call and every problem (unpriced models, unreadable responses, store errors). */
	onEvent?: EventListener;
}

export interface StartSessionOptions {
	/** Default: a random UUID. */
	id?: string;
	userId?: string;
	tags?: Record<string, string>;
}

export interface Tracker {
	startSession(options?: StartSessionOptions): Promise<Session>;
	/** A handle on a stored session (open or ended), or `undefined` when there is none. A reload resumes here. */
	getSession(id: string): Promise<Session | undefined>;
	/** Ends a session and resolves to its summary. Ending again returns the same summary. */
	endSession(id: string, state?: EndState, reason?: string): Promise<SessionSummary>;
}

interface SessionState {
	meta: SessionMeta;
	end?: SessionEnd;
	ending?: Promise<SessionSummary>;
	/** Calls being recorded; endings and costs wait for them. */
	pending: Set<Promise<unknown>>;
	/** Every call this tracker recorded for the session, so a failing store loses nothing. */
	local: Map<string, CallRecord>;
}

const enc = encodeURIComponent;
const keys = {
	session: (id: string) => `session/${enc(id)}`,
	end: (id: string) => `end/${enc(id)}`,
	calls: (id: string) => `call/${enc(id)}/`,
	call: (record: CallRecord) => `call/${enc(record.sessionId)}/${record.endedAt}/${record.id}`,
};

const iso = (ms: number) => new Date(ms).toISOString();
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

function assertString(value: unknown, where: string): asserts value is string {
	if (typeof value !== 'string' || !value) throw new InvalidArgumentError(`${where} must be a non-empty string`);
}

function assertTags(tags: unknown): asserts tags is Record<string, string> {
	if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) throw new InvalidArgumentError('tags must be an object of strings');
	for (const [name, value] of Object.entries(tags)) {
		if (typeof value !== 'string') throw new InvalidArgumentError(`tags.${name} must be a string`);
	}
}

/** The model the request body asks for, read after the call so it costs the app nothing. */
function requestedModel(body: string | undefined): string | undefined {
	if (!body) return undefined;
	try {
		const model = (JSON.parse(body) as { model?: unknown }).model;
		return typeof model === 'string' ? model : undefined;
	} catch {
		return undefined;
	}
}

const BUCKETS = new Set<string>(USAGE_BUCKETS);

/** Turns `session.record()`'s input into a reading, or throws a typed error. */
function readInput(input: RecordInput): UsageReading {
	if (typeof input !== 'object' || input === null) throw new InvalidArgumentError('record() needs { provider, model, usage } or { provider, body }');
	assertString(input.provider, 'provider');
	if (input.model !== undefined) assertString(input.model, 'model');
	if ((input.usage === undefined) === (input.body === undefined)) throw new InvalidArgumentError('record() needs exactly one of usage and body');
	const provider = canonicalProvider(input.provider);
	const formats = formatsOf(provider);
	let reading: UsageReading;
	if (input.usage !== undefined && typeof input.usage === 'object' && input.usage !== null && Object.keys(input.usage).every((key) => BUCKETS.has(key))) {
		assertUsage(input.usage);
		reading = { provider, usage: { ...input.usage } };
	} else {
		if (!formats.length) throw new InvalidArgumentError(`unknown provider "${input.provider}": give usage in tokentab's buckets (${USAGE_BUCKETS.join(', ')})`);
		try {
			if (input.usage !== undefined) {
				reading = { provider, usage: formats[0]!.readUsage(input.usage) };
			} else {
				const body = typeof input.body === 'string' ? parseJson(input.body) : input.body;
				let error: unknown;
				const readings = formats.flatMap((format) => {
					try {
						return [format.readBody(body)];
					} catch (e) {
						error ??= e;
						return [];
					}
				});
				if (!readings[0]) throw error;
				reading = readings[0];
			}
		} catch (error) {
			if (error instanceof UsageFormatError) throw new InvalidArgumentError(error.message);
			throw error;
		}
	}
	if (input.model !== undefined) reading.model = input.model;
	if (input.serviceTier !== undefined) reading.serviceTier = input.serviceTier;
	return reading;
}

/**
 * Creates a tracker: sessions whose LLM calls are read from real responses and priced exactly.
 *
 * @example
 * const tracker = createTracker();
 * const session = await tracker.startSession({ userId: 'u1' });
 * const openai = new OpenAI({ fetch: session.fetch });
 * const summary = await tracker.endSession(session.id, 'Success'); // summary.cost is a Big
 */
export function createTracker(options: TrackerOptions = {}): Tracker {
	const store = options.store ?? memoryStore();
	const now = options.now ?? Date.now;
	const emit = createEmitter(options.onEvent);
	const catalog = options.catalog ?? bundledCatalog;
	const lookup = createPriceLookup(catalog, options.prices);
	const states = new Map<string, Promise<SessionState | undefined>>();
	const underlyingFetch = options.fetch;

	function storeError(operation: string, error: unknown, sessionId?: string): void {
		emit({ type: 'store.error', operation, error, ...(sessionId === undefined ? {} : { sessionId }) });
	}

	function price(provider: string, model: string | undefined, usage: Usage, at: number): Partial<CallRecord> {
		if (!model) return { problem: 'neither the request nor the response named a model' };
		const match = lookup(provider, model);
		if (!match) return { problem: `unknown model ${provider}/${model}` };
		const result = computeCost(usage, periodAt(match.price, at));
		if (!result.priced) return { priceKey: match.key, problem: `no price for ${result.missing.join(', ')} in ${match.key}` };
		return {
			cost: toDecimalString(result.cost),
			costSource: match.custom ? 'custom' : 'catalog',
			priceKey: match.key,
			prices: result.charged,
			...(match.custom ? {} : { catalogVersion: catalog.version }),
		};
	}

	function buildRecord(state: SessionState, reading: UsageReading | undefined, call: Omit<CallRecord, 'id' | 'sessionId' | 'provider' | 'usage' | 'usageSource'> & { provider: string }, startedAtMs: number): CallRecord {
		const usage = reading?.usage ?? {};
		const model = reading?.model ?? call.requestedModel;
		const record: CallRecord = {
			id: newId(),
			sessionId: state.meta.id,
			...call,
			provider: reading?.provider ?? call.provider,
			...(model === undefined ? {} : { model }),
			usage,
			usageSource: reading?.usage ? 'reported' : 'none',
			...(reading?.serviceTier === undefined ? {} : { serviceTier: reading.serviceTier }),
		};
		if (record.failed && !reading?.usage) Object.assign(record, { cost: '0' });
		else if (!call.problem) Object.assign(record, price(record.provider, model, usage, startedAtMs));
		if (state.end) record.afterEnd = true;
		return Object.freeze(record);
	}

	/** Saves a record and announces it. Never rejects: problems become events. */
	async function commit(state: SessionState, record: CallRecord, parseError?: unknown): Promise<CallRecord> {
		state.local.set(record.id, record);
		const sessionId = record.sessionId;
		try {
			await store.set(keys.call(record), record);
		} catch (error) {
			storeError('record call', error, sessionId);
		}
		emit({ type: 'call.recorded', sessionId, record });
		if (record.usageSource === 'none' && !record.failed) emit({ type: 'call.unparsed', sessionId, record, error: parseError ?? new UsageFormatError(record.problem ?? 'no usage') });
		else if (record.cost === undefined) emit({ type: 'call.unpriced', sessionId, record, reason: record.problem ?? 'unpriced' });
		if (record.afterEnd) emit({ type: 'call.after-end', sessionId, record });
		return record;
	}

	function track<T>(state: SessionState, work: () => Promise<T>): Promise<T> {
		const done = Promise.resolve().then(work);
		const settled: Promise<unknown> = done.then(
			() => state.pending.delete(settled),
			() => state.pending.delete(settled),
		);
		state.pending.add(settled);
		return done;
	}

	function fromFetch(state: SessionState, call: FinishedCall): Promise<CallRecord> {
		return track(state, () => {
			let reading: UsageReading | undefined;
			let error: unknown;
			try {
				reading = call.body.read();
			} catch (e) {
				error = e;
			}
			const failed = call.status >= 400;
			let problem: string | undefined;
			if (error !== undefined && !failed) problem = `unreadable response: ${message(error)}`;
			else if (!reading?.usage && !failed) problem = call.body.outcome === 'done' ? 'the response carried no usage' : `the stream ended (${call.body.outcome}) before usage arrived`;
			const requested = call.format.modelFromUrl?.(call.url) ?? requestedModel(call.requestBody);
			const record = buildRecord(
				state,
				reading,
				{
					startedAt: iso(call.startedAt),
					endedAt: iso(call.endedAt),
					provider: call.format.provider,
					format: call.format.id,
					...(requested === undefined ? {} : { requestedModel: requested }),
					stream: call.body.stream,
					status: call.status,
					...(failed ? { failed } : {}),
					...(problem === undefined ? {} : { problem }),
				},
				call.startedAt,
			);
			return commit(state, record, error);
		});
	}

	async function settle(state: SessionState): Promise<void> {
		while (state.pending.size) await Promise.all(state.pending);
	}

	async function records(state: SessionState): Promise<CallRecord[]> {
		const all = new Map(state.local);
		try {
			for (const [, record] of await store.list<CallRecord>(keys.calls(state.meta.id))) all.set(record.id, record);
		} catch (error) {
			storeError('list calls', error, state.meta.id);
		}
		return [...all.values()].sort((a, b) => (a.endedAt < b.endedAt ? -1 : a.endedAt > b.endedAt ? 1 : 0));
	}

	async function summary(state: SessionState): Promise<SessionSummary> {
		await settle(state);
		return summarize(state.meta, state.end, await records(state));
	}

	function end(state: SessionState, endState: EndState = 'Indeterminate', reason?: string): Promise<SessionSummary> {
		if (!(END_STATES as readonly string[]).includes(endState)) throw new InvalidArgumentError(`end state must be one of ${END_STATES.join(', ')}, got ${JSON.stringify(endState)}`);
		if (reason !== undefined && typeof reason !== 'string') throw new InvalidArgumentError('reason must be a string');
		state.ending ??= (async () => {
			await settle(state);
			const id = state.meta.id;
			try {
				state.end ??= await store.get<SessionEnd>(keys.end(id));
			} catch (error) {
				storeError('read session end', error, id);
			}
			if (!state.end) {
				state.end = { endedAt: iso(now()), endState, ...(reason === undefined ? {} : { reason }) };
				try {
					await store.set(keys.end(id), state.end);
				} catch (error) {
					storeError('end session', error, id);
				}
			}
			const result = summarize(state.meta, state.end, await records(state));
			emit({ type: 'session.ended', sessionId: id, summary: result });
			return result;
		})();
		return state.ending;
	}

	function handle(state: SessionState): Session {
		const fetch = trackFetch({
			fetch: () => underlyingFetch ?? globalThis.fetch,
			now,
			onCall: (call) => void fromFetch(state, call),
			onError: (error) => emit({ type: 'tracker.error', sessionId: state.meta.id, error }),
		});
		return new Session(state.meta.id, {
			fetch,
			record(input) {
				const reading = readInput(input);
				const at = input.at === undefined ? now() : +input.at;
				if (!Number.isFinite(at)) throw new InvalidArgumentError('at must be a Date or a time in ms');
				const record = buildRecord(state, reading, { startedAt: iso(at), endedAt: iso(at), provider: reading.provider, stream: false }, at);
				return track(state, () => commit(state, record));
			},
			cost: async () => (await summary(state)).cost as Big,
			summary: () => summary(state),
			end: async (endState, reason) => end(state, endState, reason),
		});
	}

	function newState(meta: SessionMeta, ended?: SessionEnd): SessionState {
		return { meta, ...(ended ? { end: ended } : {}), pending: new Set(), local: new Map() };
	}

	function load(id: string): Promise<SessionState | undefined> {
		let state = states.get(id);
		if (!state) {
			state = (async () => {
				const [meta, ended] = await Promise.all([store.get<SessionMeta>(keys.session(id)), store.get<SessionEnd>(keys.end(id))]);
				return meta ? newState(meta, ended) : undefined;
			})();
			states.set(id, state);
			// A miss or a failed read is not remembered: the session may be written by another tab later.
			state.then(
				(found) => found || states.delete(id),
				() => states.delete(id),
			);
		}
		return state;
	}

	return {
		async startSession(start = {}) {
			if (typeof start !== 'object' || start === null) throw new InvalidArgumentError('startSession() takes an options object');
			if (start.id !== undefined) assertString(start.id, 'id');
			if (start.userId !== undefined) assertString(start.userId, 'userId');
			if (start.tags !== undefined) assertTags(start.tags);
			const id = start.id ?? newId();
			let existing: SessionState | undefined;
			try {
				existing = await load(id);
			} catch (error) {
				storeError('read session', error, id);
			}
			if (existing) throw new InvalidArgumentError(`session "${id}" already exists: use tracker.getSession() to resume it`);
			const meta: SessionMeta = { id, ...(start.userId === undefined ? {} : { userId: start.userId }), tags: { ...start.tags }, startedAt: iso(now()) };
			const state = newState(meta);
			states.set(id, Promise.resolve(state));
			try {
				await store.set(keys.session(id), meta);
			} catch (error) {
				storeError('start session', error, id);
			}
			emit({ type: 'session.started', sessionId: id });
			return handle(state);
		},

		async getSession(id) {
			assertString(id, 'id');
			const state = await load(id);
			return state && handle(state);
		},

		async endSession(id, endState, reason) {
			assertString(id, 'id');
			const state = await load(id);
			if (!state) throw new UnknownSessionError(id);
			return end(state, endState, reason);
		},
	};
}
