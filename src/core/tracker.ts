import type Big from 'big.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError';
import { UnknownSessionError } from '../errors/UnknownSessionError';
import { UsageFormatError } from '../errors/UsageFormatError';
import { type FinishedCall, trackFetch } from '../integrations/fetch';
import type { UsageReading } from '../providers/types';
import type { CustomPrices, ModelAliases } from '../pricing/lookup';
import { createPricer } from '../pricing/pricer';
import { type RepriceReport, repriceRecords } from '../pricing/reprice';
import type { Catalog, CatalogSource } from '../pricing/types';
import { memoryStore } from '../stores/memory';
import type { Store } from '../stores/types';
import { createEmitter, type EventListener } from './events';
import { newId } from './id';
import { createLedger } from './ledger';
import type { CallRecord } from './record';
import { readInput } from './record-input';
import { Session } from './session';
import { END_STATES, type EndState, type SessionEnd, type SessionMeta, type SessionSummary, summarize } from './summary';
import { assertString, assertTags } from './validate';

export interface TrackerOptions {
	/** Where sessions and calls are kept. Default: `memoryStore()`. */
	store?: Store;
	/** Custom prices added to the catalog, and winning over it: `{ 'openai/ft:gpt-4o:acme': { input: '3.75', output: '15' } }`. */
	prices?: CustomPrices;
	/**
	 * The price catalog, or a source whose catalog may change (`loadPrices`). Default (`tokentab`):
	 * the one bundled with this version; `tokentab/core` bundles none, so calls are unpriced without one.
	 */
	catalog?: Catalog | CatalogSource;
	/** Names to read as other names before pricing: Azure deployments (`{ 'azure/prod-chat': 'gpt-4o-2024-08-06' }`). */
	aliases?: ModelAliases;
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
	/**
	 * Recomputes a stored session's calls with another catalog (default: the tracker's own, as it is
	 * now) and reports both figures. The stored records and their costs are not changed.
	 */
	reprice(id: string, catalog?: Catalog | CatalogSource): Promise<RepriceReport>;
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

const iso = (ms: number) => new Date(ms).toISOString();
/** `tokentab/core` without a catalog: custom prices still apply; every other call is unpriced. */
const NO_CATALOG: Catalog = { version: 'none', models: {} };
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

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
	const now = options.now ?? Date.now;
	const emit = createEmitter(options.onEvent);
	const price = createPricer(options.catalog ?? NO_CATALOG, { prices: options.prices, aliases: options.aliases, onEvent: emit });
	const ledger = createLedger(options.store ?? memoryStore(), (operation, error, sessionId) => emit({ type: 'store.error', operation, error, sessionId }));
	const states = new Map<string, Promise<SessionState | undefined>>();
	const underlyingFetch = options.fetch;

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
		else if (!call.problem) Object.assign(record, price({ provider: record.provider, model, usage, at: startedAtMs, serviceTier: reading?.serviceTier, reportedCost: reading?.reportedCost }));
		if (state.end) record.afterEnd = true;
		return Object.freeze(record);
	}

	/** Saves a record and announces it. Never rejects: problems become events. */
	async function commit(state: SessionState, record: CallRecord, parseError?: unknown): Promise<CallRecord> {
		state.local.set(record.id, record);
		const sessionId = record.sessionId;
		await ledger.append(record);
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
		for (const record of await ledger.calls(state.meta.id)) all.set(record.id, record);
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
			state.end ??= await ledger.readEnd(id);
			if (!state.end) {
				state.end = { endedAt: iso(now()), endState, ...(reason === undefined ? {} : { reason }) };
				await ledger.writeEnd(id, state.end);
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
			state = ledger.load(id).then((found) => found && newState(found.meta, found.end));
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
				emit({ type: 'store.error', operation: 'read session', error, sessionId: id });
			}
			if (existing) throw new InvalidArgumentError(`session "${id}" already exists: use tracker.getSession() to resume it`);
			const meta: SessionMeta = { id, ...(start.userId === undefined ? {} : { userId: start.userId }), tags: { ...start.tags }, startedAt: iso(now()) };
			const state = newState(meta);
			states.set(id, Promise.resolve(state));
			await ledger.start(meta);
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

		async reprice(id, catalog) {
			assertString(id, 'id');
			const state = await load(id);
			if (!state) throw new UnknownSessionError(id);
			await settle(state);
			const other = catalog ? createPricer(catalog, { prices: options.prices, aliases: options.aliases }) : price;
			return repriceRecords(id, await records(state), other);
		},
	};
}
