import type Big from 'big.js';
import type { Report, ReportGroup, ReportOptions } from '../analytics/types';
import { InvalidArgumentError } from '../errors/InvalidArgumentError';
import { TokentabError } from '../errors/TokentabError';
import { UnknownSessionError } from '../errors/UnknownSessionError';
import { UsageFormatError } from '../errors/UsageFormatError';
import { createBudgets, type Holds, normalizeBudgets, type Spender } from '../budgets/budgets';
import type { Reserve } from '../budgets/reservation';
import { assertReservationOptions } from '../budgets/reservation-options';
import type { BudgetConfig, ReservationOptions } from '../budgets/types';
import { type FinishedCall, type OutgoingCall, trackFetch } from '../observe/fetch';
import { peekString } from '../providers/read';
import { gatewayModel, type ProviderRegistration } from '../providers/route';
import type { UsageReading } from '../providers/types';
import type { CustomPrices, ModelAliases } from '../pricing/lookup';
import { createPricer } from '../pricing/pricer';
import { loadPricesFor, priceWhenLoaded } from '../pricing/when-loaded';
import { validateCatalogOnce } from '../pricing/validate';
import type { RepriceReport } from '../pricing/reprice';
import type { Catalog, CatalogSource } from '../pricing/types';
import { memoryStore } from '../stores/memory';
import type { Store } from '../stores/types';
import { createEvents, type EventListener, type Subscribe } from './events';
import { defer } from './defer';
import { attempt, guardReservation } from './guard';
import { newId } from '../model/id';
import { orphanSessions } from './orphans';
import { createLedger, type RetryOptions } from './ledger/ledger';
import type { CallRecord } from '../model/record';
import { readInput } from './record-input';
import { Session } from './session';
import type { PruneOptions, SessionExport, SessionFilter, SessionInfo } from './session-io';
import { END_STATES, type EndState, type SessionEnd, type SessionMeta, type SessionSummary, SessionTotals, type SummaryCompleteness } from '../model/summary';
import { assertString, assertTags, assertTime } from '../model/validate';

export interface TrackerOptions extends ReservationOptions {
	/**
	 * Spending limits: by session, user, tag value or in all, over a session, a calendar day, week or
	 * month (in a time zone) or a rolling period; `warn` alerts, `enforce` also refuses a call before
	 * it is sent (BudgetExceededError). See `BudgetConfig`.
	 */
	budgets?: BudgetConfig[];
	/** The output a request is assumed to produce at most when it sets no limit, for enforced budgets. Default 8192 tokens. */
	maxOutputTokens?: number;
	/** How long a reservation counts when its response is never read, in ms. Default 15 minutes. */
	budgetHoldMs?: number;
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
	/** Hosts or URL prefixes to track as a named provider: `[{ match: 'llm.internal.example', provider: 'openai' }]`. */
	providers?: ProviderRegistration[];
	/**
	 * Ask OpenAI-style streaming chat requests for their usage by adding `stream_options.include_usage`
	 * when the app did not (OpenAI, Azure, Groq, DeepSeek, xAI, OpenRouter). Default `false`: requests go
	 * out unchanged, and a stream without usage is recorded as estimated. With `true` the app receives
	 * the extra final chunk (`choices: []`) that OpenAI sends with usage.
	 */
	includeUsage?: boolean;
	/** Store retries: tries per operation (default 3) and the first backoff in ms (default 50, doubled each time). */
	retry?: RetryOptions;
	/**
	 * Keeps a runtime alive for writes that finish after the response: in a Worker, pass
	 * `(promise) => ctx.waitUntil(promise)`. Every store write of a call, and of an ending, is handed
	 * to it, so recording never delays the response and is not cut off after it. Per session:
	 * `startSession({ waitUntil })`, `getSession(id, { waitUntil })`.
	 */
	waitUntil?: WaitUntil;
}

/** `ExecutionContext.waitUntil` in a Worker, or any function that keeps the runtime alive until a promise settles. */
export type WaitUntil = (promise: Promise<unknown>) => void;

export interface SessionHandleOptions {
	/** This handle's `waitUntil` (the current request's), instead of the tracker's. */
	waitUntil?: WaitUntil;
}

export interface StartSessionOptions {
	/** Default: a random UUID. */
	id?: string;
	userId?: string;
	tags?: Record<string, string>;
	/** This handle's `waitUntil` (the current request's), instead of the tracker's. */
	waitUntil?: WaitUntil;
}

export interface Tracker {
	startSession(options?: StartSessionOptions): Promise<Session>;
	/** Subscribes to one type of event, typed: `tracker.on('budget.threshold', (event) => …)`. Returns the unsubscribe function. */
	on: Subscribe;
	/** A handle on a stored session (open or ended), or `undefined` when there is none. A reload, a new tab or a new request resumes here. */
	getSession(id: string, options?: SessionHandleOptions): Promise<Session | undefined>;
	/** Ends a session and resolves to its summary. Ending again returns the same summary. */
	endSession(id: string, state?: EndState, reason?: string): Promise<SessionSummary>;
	/** Stored sessions, oldest first: open or ended, by user, by start time. Costs come from `getSession(id)` then `summary()`. */
	listSessions(filter?: SessionFilter): Promise<SessionInfo[]>;
	/** Deletes ended sessions (and their calls) that ended before a time or more than an age ago. Resolves to the ids pruned. */
	pruneSessions(options: PruneOptions): Promise<string[]>;
	/** A session and every call of it as plain JSON data (costs are decimal strings). */
	exportSession(id: string): Promise<SessionExport>;
	/** Writes an exported session (object or JSON text) into this tracker's store. Importing twice changes nothing. */
	importSession(data: SessionExport | string): Promise<Session>;
	/**
	 * Recomputes a stored session's calls with another catalog (default: the tracker's own, as it is
	 * now) and reports both figures. The stored records and their costs are not changed.
	 */
	reprice(id: string, catalog?: Catalog | CatalogSource): Promise<RepriceReport>;
	/**
	 * Calls that started in [`from`, `to`), filtered by `where`, grouped by `groupBy` (`hour`, `day`,
	 * `week`, `month` in `timeZone`; `user`, `provider`, `model`, `endState`; any other name is a tag
	 * name): rows with their calls, usage and exact cost, and a total. Reads only the range's
	 * time-index entries and the ends of the sessions among them.
	 */
	report<K extends ReportGroup = never>(options?: ReportOptions<K>): Promise<Report<K>>;
}

interface SessionState {
	meta: SessionMeta;
	end?: SessionEnd;
	ending?: Promise<SessionSummary>;
	/** Calls being recorded; endings and costs wait for them. */
	pending: Set<Promise<unknown>>;
	/** Calls being committed, until the ledger holds them (in the store, or in memory when the store refused them). */
	local: Map<string, CallRecord>;
	/** The session's running totals. */
	totals: SessionTotals;
	/** How many of the counted calls this tracker made. */
	own: number;
	/** The totals hold every stored call as of `foldedAt` (a session started here holds them from its start). */
	whole: boolean;
	foldedAt: number;
	/** The totals were taken while the store was still in use: after a fallback they are read again from what is left. */
	beforeFallback: boolean;
}


const iso = (ms: number) => new Date(ms).toISOString();
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** `tokentab/core` without a catalog: custom prices still apply; every other call is unpriced. */
const NO_CATALOG: Catalog = { version: 'none', models: {} };
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const utf8 = new TextEncoder();

// Loaded when first used, not with the tracker: session listing, pruning and import/export (and,
// below, repricing). A bundler that splits keeps them out of the app's first load.
const sessionIO = () => import('./session-io');

/** The request body as JSON, read after the call so it costs the app nothing. */
function parseRequest(body: string | undefined): Record<string, unknown> | undefined {
	if (!body) return undefined;
	try {
		const request: unknown = JSON.parse(body);
		return typeof request === 'object' && request !== null && !Array.isArray(request) ? (request as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

/** The service tier a request asks for: OpenAI's `service_tier`, Bedrock's `serviceTier.type`, Anthropic's `speed: 'fast'`. */
function requestedTier(request: Record<string, unknown> | undefined): string | undefined {
	if (request?.speed === 'fast') return 'fast';
	const tier = request?.service_tier ?? (request?.serviceTier as { type?: unknown } | undefined)?.type;
	return typeof tier === 'string' ? tier : undefined;
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
	const { emit, on } = createEvents(options.onEvent);
	// A catalog given as data is checked as a fetched one is: a typed error now, not a bad bill later.
	if (options.catalog) validateCatalogOnce(options.catalog);
	const catalog = options.catalog;
	const price = createPricer(options.catalog ?? NO_CATALOG, { prices: options.prices, aliases: options.aliases, onEvent: emit });
	const ledger = createLedger(options.store ?? memoryStore(), { emit, ...(options.retry ? { retry: options.retry } : {}) });
	const states = new Map<string, Promise<SessionState | undefined>>();
	/** Ids whose start is reading the store to see they are new. */
	const starting = new Set<string>();
	const underlyingFetch = options.fetch;
	const providers = [...(options.providers ?? [])];
	/** Recordings under way that have not settled their budgets yet: an enforced budget waits for them before it reserves. */
	const recording = new Set<Promise<unknown>>();
	/** Recordings deferred to a later task and not started yet: an enforced budget starts them at once. */
	const waiting = new Set<() => void>();
	/** Recordings under way by session id, whether or not the session's state is cached (prune waits for them). */
	const pendingBySession = new Map<string, number>();
	const budgetList = normalizeBudgets(options.budgets);
	const budgets = budgetList.length
		? createBudgets(budgetList, { apply: (op) => ledger.budget(op), emit, holdMs: options.budgetHoldMs ?? 15 * 60_000 })
		: undefined;
	const enforcing = budgetList.some((budget) => budget.mode === 'enforce');
	const maxOutputTokens = options.maxOutputTokens ?? 8192;
	assertReservationOptions(options);
	/** Loaded on first use, as reports are: an app without an enforced budget never loads the bound. */
	let reservation: Promise<Reserve> | undefined;
	const spenderOf = (state: SessionState): Spender => ({ sessionId: state.meta.id, tags: state.meta.tags, ...(state.meta.userId === undefined ? {} : { userId: state.meta.userId }) });

	/**
	 * Before an LLM request leaves under an enforced budget: what each budget's `reserve` mode takes
	 * (the bound of the bill, or the typical prompt; output at the request's limit or
	 * `maxOutputTokens`) at the catalog's prices, reserved. See src/budgets/reservation.ts.
	 */
	async function reserve(state: SessionState, call: OutgoingCall): Promise<Holds> {
		const spender = spenderOf(state);
		if (!budgets?.enforces(spender)) return [];
		// Calls whose responses have ended settle first, so a call made right after another sees its cost:
		// their recordings run now rather than in a later task (the app is waiting on this one).
		for (const run of waiting) run();
		while (recording.size) await Promise.all(recording);
		const body = await call.requestBody;
		const request = parseRequest(body);
		let provider = call.route.provider;
		let model = call.route.model ?? (typeof request?.model === 'string' ? request.model : undefined);
		const viaGateway = model !== undefined ? gatewayModel(provider, model) : undefined;
		if (viaGateway) ({ provider, model } = viaGateway);
		const at = now();
		const tier = requestedTier(request);
		// The reservation prices synchronously: the parts of a catalog that arrives in parts come first.
		await loadPricesFor(price, [{ provider, model, usage: {}, at }]);
		reservation ??= import('../budgets/reservation').then(({ createReservation }) => createReservation({ ...options, price, maxOutputTokens }));
		const amounts = await (await reservation)({ provider, model, request, at, ...(tier ? { serviceTier: tier } : {}) }, (error) => emit({ type: 'tracker.error', sessionId: state.meta.id, error }));
		return budgets.reserve(spender, call.id, amounts, at);
	}

	/**
	 * The reservation when the body cannot be estimated: its UTF-8 bytes as input tokens (a token
	 * covers a byte at least), output at `maxOutputTokens`, at the prices of the model it names.
	 */
	async function reserveBound(state: SessionState, call: OutgoingCall): Promise<Holds> {
		const body = (await call.requestBody) ?? '';
		let provider = call.route.provider;
		let model = call.route.model ?? peekString(body, 'model');
		const viaGateway = model !== undefined ? gatewayModel(provider, model) : undefined;
		if (viaGateway) ({ provider, model } = viaGateway);
		const at = now();
		await loadPricesFor(price, [{ provider, model, usage: {}, at }]);
		const worst = price({ provider, model, usage: { input: utf8.encode(body).byteLength, output: maxOutputTokens }, at });
		return budgets!.reserve(spenderOf(state), call.id, { bound: worst.cost, typical: worst.cost }, at);
	}

	type CallFields = Omit<CallRecord, 'id' | 'sessionId' | 'usage' | 'usageSource'> & { id?: string; usageSource?: CallRecord['usageSource'] };

	/** `afterEnd`: the session had ended when the call was made (by default, when its record is built). */
	/** `estimateFrom`: for an unknown host, the provider whose prices may estimate it (`Route.owner`). */
	async function buildRecord(state: SessionState, reading: UsageReading | undefined, call: CallFields, startedAtMs: number, afterEnd = state.end !== undefined, estimateFrom?: string): Promise<CallRecord> {
		const usage = reading?.usage ?? {};
		const model = reading?.model ?? call.requestedModel;
		const record: CallRecord = {
			id: newId(),
			sessionId: state.meta.id,
			...call,
			...(model === undefined ? {} : { model }),
			usage,
			usageSource: call.usageSource ?? (reading?.usage ? 'reported' : 'none'),
			...(reading?.serviceTier === undefined ? {} : { serviceTier: reading.serviceTier }),
			...(reading?.costDetails && reading.reportedCost !== undefined ? { costDetails: reading.costDetails } : {}),
		};
		if (record.failed && !reading?.usage) Object.assign(record, { cost: '0' });
		else if (!call.problem) Object.assign(record, await priceWhenLoaded(price, { provider: record.provider, model, usage, at: startedAtMs, serviceTier: reading?.serviceTier, reportedCost: reading?.reportedCost, estimateFrom }));
		if (record.usageUpper && record.cost !== undefined) {
			const upper = price({ provider: record.provider, model, usage: record.usageUpper, at: startedAtMs, serviceTier: reading?.serviceTier, estimateFrom }).cost;
			if (upper !== undefined) record.costUpper = upper;
		}
		if (afterEnd) record.afterEnd = true;
		return Object.freeze(record);
	}

	/**
	 * Saves a record, settles it into the budgets (then calls `budgeted`) and announces it. Never
	 * rejects: problems become events. `alone`: written by itself, in its caller's context, never in
	 * a batch another request drives (a Worker's request ends with its own writes, not another's).
	 */
	async function commit(state: SessionState, record: CallRecord, budgeted: () => void, alone: boolean, parseError?: unknown, holds: Holds = []): Promise<CallRecord> {
		state.local.set(record.id, record);
		if (state.totals.count(record)) state.own++;
		const sessionId = record.sessionId;
		const appended = ledger.append(record, state.meta, alone);
		await budgets?.settle(spenderOf(state), record.id, record.cost, holds, Date.parse(record.startedAt));
		budgeted();
		await appended;
		// The ledger has it now (in the store, or kept in memory when the store refused it).
		state.local.delete(record.id);
		emit({ type: 'call.recorded', sessionId, record, session: state.meta });
		if (record.usageSource === 'estimated') emit({ type: 'call.estimated', sessionId, record });
		if (record.usageSource === 'none' && !record.failed) emit({ type: 'call.unparsed', sessionId, record, error: parseError ?? new UsageFormatError(record.problem ?? 'no usage') });
		else if (record.cost === undefined) emit({ type: 'call.unpriced', sessionId, record, reason: record.problem ?? 'unpriced' });
		if (record.estimatedFrom) emit({ type: 'call.cost-estimated', sessionId, record, register: { match: record.provider, provider: record.estimatedFrom } });
		if (record.afterEnd) emit({ type: 'call.after-end', sessionId, record });
		return record;
	}

	/**
	 * Runs a recording off the app's path; endings and costs wait for it, an enforced budget only for
	 * its budget settlement (`work` calls `budgeted` then), never for a store write.
	 */
	function track<T>(state: SessionState, work: (budgeted: () => void) => Promise<T>): Promise<T> {
		const id = state.meta.id;
		let release!: () => void;
		const budgetSettled = new Promise<void>((resolve) => (release = resolve));
		recording.add(budgetSettled);
		void budgetSettled.then(() => recording.delete(budgetSettled));
		pendingBySession.set(id, (pendingBySession.get(id) ?? 0) + 1);
		const done = new Promise<T>((resolve, reject) => {
			const run = () => {
				if (!waiting.delete(run)) return;
				try {
					resolve(work(release));
				} catch (error) {
					reject(error);
				}
			};
			waiting.add(run);
			defer(run);
		});
		const finished = () => {
			release();
			state.pending.delete(settled);
			const left = pendingBySession.get(id)! - 1;
			if (left) pendingBySession.set(id, left);
			else pendingBySession.delete(id);
		};
		const settled: Promise<unknown> = done.then(finished, finished);
		state.pending.add(settled);
		return done;
	}

	function fromFetch(state: SessionState, call: FinishedCall, alone: boolean): Promise<CallRecord> {
		return track(state, async (budgeted) => {
			const requestBody = await call.requestBody;
			let reading: UsageReading | undefined;
			let error: unknown;
			try {
				reading = call.body.read();
			} catch (e) {
				error = e;
			}
			let provider = call.route.provider;
			let requested = call.route.model ?? (requestBody === undefined ? undefined : peekString(requestBody, 'model'));
			const viaGateway = requested !== undefined ? gatewayModel(provider, requested) : undefined;
			if (viaGateway) ({ provider, model: requested } = viaGateway);
			const failed = call.status >= 400;
			const fields: CallFields = {
				id: call.id,
				startedAt: iso(call.startedAt),
				endedAt: iso(call.endedAt),
				provider,
				format: call.route.format.id,
				host: call.url.host,
				...(requested === undefined ? {} : { requestedModel: requested }),
				stream: call.body.stream,
				status: call.status,
				...(failed ? { failed } : {}),
			};
			if (reading) {
				// A tier the response does not name is the one the request asked for (`service_tier: 'flex'`).
				const askedTier = reading.serviceTier === undefined && requestBody !== undefined ? peekString(requestBody, 'service_tier') : undefined;
				// A router's served model may keep the provider in its name, as the request did (`…:cerebras`).
				const served = viaGateway && reading.model ? gatewayModel(call.route.provider, reading.model) : undefined;
				reading = { ...reading, provider, ...(served ? { model: served.model } : {}), ...(askedTier ? { serviceTier: askedTier } : {}) };
			}
			if (error !== undefined && !failed) {
				fields.problem = `unreadable response: ${message(error)}`;
			} else if (reading && !failed && (!reading.usage || reading.complete === false) && (reading.usage || requestBody || reading.outputChars)) {
				// The usage never fully arrived: keep what the stream gave, estimate the rest.
				// Loaded on first use: only streams without usage are estimated.
				const { estimateUsage } = await import('../estimate/estimate');
				const outputChars = reading.outputChars ?? 0;
				const model = reading.model ?? requested;
				const estimated = attempt(() => estimateUsage(reading!.usage, parseRequest(requestBody), outputChars, { provider, model, unsizedInputTokens: options.unsizedInputTokens }));
				if (estimated.ok) {
					reading = { ...reading, usage: estimated.value.usage };
					Object.assign(fields, { usageSource: 'estimated', estimate: estimated.value.estimate, usageUpper: estimated.value.upper });
				} else {
					error = estimated.error;
					fields.problem = `the usage could not be estimated: ${message(estimated.error)}`;
				}
			} else if (!reading?.usage && !failed) {
				fields.problem = call.body.outcome === 'done' ? 'the response carried no usage' : `the stream ended (${call.body.outcome}) before usage arrived`;
			}
			return commit(state, await buildRecord(state, reading, fields, call.startedAt, undefined, call.route.owner), budgeted, alone, error, (call.ticket as Holds | undefined) ?? []);
		});
	}

	async function settle(state: SessionState): Promise<void> {
		while (state.pending.size) await Promise.all(state.pending);
	}

	/** The session's calls: this tracker's and the store's, and what the store could not give. */
	async function records(state: SessionState): Promise<{ records: CallRecord[] } & SummaryCompleteness> {
		const id = state.meta.id;
		const stored = await ledger.calls(id);
		const all = new Map(state.local);
		for (const record of stored.records) all.set(record.id, record);
		const unsaved = ledger.unsaved(id);
		return {
			// The store's key order (end time, then id), so every reader, tab or isolate, sums in the same order.
			records: [...all.values()].sort((a, b) => compare(a.endedAt, b.endedAt) || compare(a.id, b.id)),
			incomplete: stored.failed || stored.lost.some((lost) => !all.has(lost.id)),
			unsavedCalls: [...all.keys()].filter((recordId) => unsaved.has(recordId)).length,
		};
	}

	/** The session's totals brought up to the store, as a summary (both loaded with the first summary). */
	async function summaryNow(state: SessionState): Promise<SessionSummary> {
		const [{ fold }, { sessionSummary }] = await Promise.all([import('./fold'), import('./summary-view')]);
		const completeness = await fold(state, ledger, now());
		return sessionSummary(state.totals, state.meta, state.end, completeness);
	}

	async function summary(state: SessionState): Promise<SessionSummary> {
		await settle(state);
		return summaryNow(state);
	}

	function end(state: SessionState, endState: EndState = 'Indeterminate', reason?: string): Promise<SessionSummary> {
		if (!(END_STATES as readonly string[]).includes(endState)) throw new InvalidArgumentError(`end state must be one of ${END_STATES.join(', ')}, got ${JSON.stringify(endState)}`);
		if (reason !== undefined && typeof reason !== 'string') throw new InvalidArgumentError('reason must be a string');
		state.ending ??= (async () => {
			await settle(state);
			const id = state.meta.id;
			await ledger.flush(id);
			state.end ??= await ledger.readEnd(id);
			// Another tracker (a tab, an isolate) may end it at the same time: the end stored first is the end.
			state.end ??= await ledger.writeEnd(id, { endedAt: iso(now()), endState, ...(reason === undefined ? {} : { reason }) });
			const result = await summaryNow(state);
			emit({ type: 'session.ended', sessionId: id, summary: result });
			// An ended session leaves the cache (its handles keep working): a long-lived tracker does not grow with every session.
			void states.get(id)?.then((cached) => cached === state && !state.pending.size && states.delete(id));
			return result;
		})();
		return state.ending;
	}

	function handle(state: SessionState, waitUntil = options.waitUntil): Session {
		/** Hands a write to the runtime's waitUntil (a Worker's), so it outlives the response. */
		const keep = <T>(work: Promise<T>): Promise<T> => {
			waitUntil?.(work.catch(() => undefined));
			return work;
		};
		const fetch = trackFetch({
			fetch: () => underlyingFetch ?? globalThis.fetch,
			now,
			providers,
			urls: () => (catalog && typeof (catalog as CatalogSource).current === 'function' ? (catalog as CatalogSource).current() : (catalog as Catalog | undefined))?.urls,
			includeUsage: options.includeUsage ?? false,
			onCall: (call) => void keep(fromFetch(state, call, waitUntil !== undefined).catch((error) => emit({ type: 'tracker.error', sessionId: state.meta.id, error }))),
			onError: (error) => emit({ type: 'tracker.error', sessionId: state.meta.id, error }),
			...(enforcing
				? {
						beforeSend: guardReservation(
							(call: OutgoingCall) => reserve(state, call),
							(call: OutgoingCall) => reserveBound(state, call),
							[],
							(error) => emit({ type: 'tracker.error', sessionId: state.meta.id, error }),
						),
						onAbandon: (call: OutgoingCall, ticket: unknown) => void keep(budgets!.release(ticket as Holds, call.id)),
					}
				: {}),
		});
		return new Session(state.meta.id, {
			fetch,
			record(input) {
				const reading = readInput(input);
				const at = input.at === undefined ? now() : +input.at;
				assertTime(at, 'at');
				// A call recorded while the session is ending may miss the summary under way: it is after the end.
				const afterEnd = state.end !== undefined || state.ending !== undefined;
				const fields: CallFields = { startedAt: iso(at), endedAt: iso(at), provider: reading.provider, stream: false, usageSource: 'reported' };
				return keep(track(state, async (budgeted) => commit(state, await buildRecord(state, reading, fields, at, afterEnd), budgeted, waitUntil !== undefined)));
			},
			cost: async () => (await summary(state)).cost as Big,
			summary: () => summary(state),
			end: async (endState, reason) => keep(end(state, endState, reason)),
		});
	}

	/** `fresh`: started here, so no call of it is stored yet. */
	function newState(meta: SessionMeta, ended?: SessionEnd, fresh = false): SessionState {
		return { meta, ...(ended ? { end: ended } : {}), pending: new Set(), local: new Map(), totals: new SessionTotals(), own: 0, whole: fresh, foldedAt: now(), beforeFallback: !ledger.fellBack };
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

	const tracker: Tracker = {
		on,
		async startSession(start = {}) {
			if (typeof start !== 'object' || start === null) throw new InvalidArgumentError('startSession() takes an options object');
			if (start.id !== undefined) assertString(start.id, 'id');
			if (start.userId !== undefined) assertString(start.userId, 'userId');
			if (start.tags !== undefined) assertTags(start.tags);
			const id = start.id ?? newId();
			const exists = () => new InvalidArgumentError(`session "${id}" already exists: use tracker.getSession() to resume it`);
			// Two starts of one id at once: the second would read before the first has written.
			if (starting.has(id)) throw exists();
			let existing: SessionState | undefined;
			starting.add(id);
			try {
				// A fresh random id cannot exist yet: no read (no round trip) for it.
				if (start.id !== undefined) existing = await load(id);
			} catch {
				// Already announced by the ledger; the session starts, and its writes are retried on their own.
			} finally {
				starting.delete(id);
			}
			if (existing) throw exists();
			const meta: SessionMeta = { id, ...(start.userId === undefined ? {} : { userId: start.userId }), tags: { ...start.tags }, startedAt: iso(now()) };
			const state = newState(meta, undefined, true);
			states.set(id, Promise.resolve(state));
			// A chosen id may be started by another tracker (a tab, an isolate) at once: the start stored first wins.
			const stored = await ledger.start(meta, start.id !== undefined);
			if (stored !== meta && JSON.stringify(stored) !== JSON.stringify(meta)) {
				void states.get(id)?.then((cached) => cached === state && states.delete(id));
				throw exists();
			}
			emit({ type: 'session.started', sessionId: id });
			return handle(state, start.waitUntil ?? options.waitUntil);
		},

		async getSession(id, handleOptions = {}) {
			assertString(id, 'id');
			const state = await load(id);
			return state && handle(state, handleOptions.waitUntil ?? options.waitUntil);
		},

		async endSession(id, endState, reason) {
			assertString(id, 'id');
			const state = await load(id);
			if (!state) throw new UnknownSessionError(id);
			return end(state, endState, reason);
		},

		listSessions: (filter) => listSessions(filter),
		pruneSessions: (pruneOptions) => pruneSessions(pruneOptions),
		exportSession: (id) => exportSession(id),
		importSession: (data) => importSession(data),

		async reprice(id, catalog) {
			assertString(id, 'id');
			const state = await load(id);
			if (!state) throw new UnknownSessionError(id);
			await settle(state);
			if (catalog) validateCatalogOnce(catalog);
			const other = catalog ? createPricer(catalog, { prices: options.prices, aliases: options.aliases }) : price;
			const calls = (await records(state)).records;
			await loadPricesFor(other, calls.map((call) => ({ provider: call.provider, model: call.model, usage: call.usage, at: Date.parse(call.startedAt) })));
			const { repriceRecords } = await import('../pricing/reprice');
			return repriceRecords(id, calls, other);
		},

		async report(reportOptions) {
			// Loaded on first use: a bundler that splits keeps reports out of the app's tracker code.
			const { createReport } = await import('../analytics/report');
			// Calls whose responses were already read are in it, as in a summary.
			await Promise.all([...states.values()].map((cached) => cached.then((state) => state && settle(state)).catch(() => undefined)));
			return createReport(ledger, reportOptions);
		},
	};

	async function listSessions(filter?: SessionFilter): Promise<SessionInfo[]> {
		const matches = (await sessionIO()).sessionFilter(filter);
		const { sessions } = await ledger.sessions();
		return sessions
			.map(({ meta, end: ended }): SessionInfo => ({ ...meta, ...ended }))
			.filter(matches)
			.sort((a, b) => compare(a.startedAt, b.startedAt) || compare(a.id, b.id));
	}

	async function pruneSessions(pruneOptions: PruneOptions): Promise<string[]> {
		const cutoff = (await sessionIO()).pruneCutoff(pruneOptions, now());
		const { sessions, orphanEnds, failed } = await ledger.sessions();
		const old = sessions.filter(({ end: ended }) => ended && Date.parse(ended.endedAt) < cutoff).map(({ meta }) => meta.id);
		// Ends without a start: what an interrupted prune leaves behind (or a start that never got written), by the same age rule.
		const leftovers = orphanEnds.filter(([, ended]) => Date.parse(ended.endedAt) < cutoff).map(([id]) => id);
		const pruned: string[] = [];
		const removed = new Set<string>();
		for (const id of [...old, ...leftovers]) {
			// A session with calls still being recorded here is not pruned under them (an ended session's
			// handle can still record after its state left the cache).
			if (pendingBySession.has(id)) continue;
			if (!(await ledger.remove(id))) continue;
			removed.add(id);
			states.delete(id);
			if (old.includes(id)) pruned.push(id);
		}
		// Calls another tab recorded into a session while it was pruned: swept by the same age rule
		// (only from a whole list of sessions, or a session missing from it would look orphaned).
		if (!failed) {
			const known = new Set([...sessions.map(({ meta }) => meta.id), ...orphanEnds.map(([id]) => id)].filter((id) => !removed.has(id)));
			const calls = await ledger.callKeys();
			if (!calls.failed) for (const id of orphanSessions(calls.keys, known, cutoff)) if (!pendingBySession.has(id)) await ledger.remove(id);
		}
		return pruned;
	}

	async function exportSession(id: string): Promise<SessionExport> {
		assertString(id, 'id');
		const state = await load(id);
		if (!state) throw new UnknownSessionError(id);
		await settle(state);
		const stored = await ledger.calls(id);
		// An export is a whole copy or none: a partial one would import as a silently smaller session.
		if (stored.failed) throw new TokentabError(`could not read the calls of session "${id}" from the store`);
		const all = new Map(state.local);
		for (const record of stored.records) all.set(record.id, record);
		const calls = [...all.values()].sort((a, b) => compare(a.endedAt, b.endedAt) || compare(a.id, b.id));
		const lost = stored.lost.filter((marker) => !all.has(marker.id));
		return { format: 'tokentab.session', version: 1, session: state.meta, ...(state.end ? { end: state.end } : {}), calls, ...(lost.length ? { lost } : {}) };
	}

	async function importSession(data: SessionExport | string): Promise<Session> {
		const parsed = (await sessionIO()).parseExport(data);
		const id = parsed.session.id;
		await ledger.import({ meta: parsed.session, ...(parsed.end ? { end: parsed.end } : {}) }, parsed.calls, parsed.lost);
		const cached = await states.get(id)?.catch(() => undefined);
		if (cached && parsed.end) cached.end ??= parsed.end;
		// The imported calls are read into its totals at the next summary.
		if (cached) cached.whole = false;
		return (await tracker.getSession(id))!;
	}

	return tracker;
}
