import type { Report, ReportGroup, ReportOptions } from '../analytics/types';
import type { BudgetConfig, ReservationOptions } from '../budgets/types';
import type { CustomPrices, ModelAliases } from '../pricing/lookup';
import type { RepriceReport } from '../pricing/reprice';
import type { CatalogInput } from '../pricing/catalog-input';
import type { Catalog, CatalogSource } from '../pricing/types';
import type { ProviderRegistration } from '../providers/route';
import type { Store } from '../stores/types';
import type { EndState, SessionSummary } from '../model/summary';
import type { EventListener, Subscribe } from './events';
import type { RetryOptions } from './ledger/ledger';
import type { Session } from './session';
import type { PruneOptions, SessionExport, SessionFilter, SessionInfo } from './session-io';

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
	/**
	 * Custom prices added to the catalog, and winning over it: `{ 'openai/ft:gpt-4o:acme': { input: '3.75', output: '15' } }`.
	 * Checked whole with the catalog when the first call is priced (see `catalog`).
	 */
	prices?: CustomPrices;
	/**
	 * The price catalog: providers' prices as shipped (`tokentab/prices/openai`, one or a list), a
	 * catalog, or a source whose catalog may change (`loadPrices`). Default (`tokentab`): the one
	 * bundled with this version; `tokentab/core` bundles none, so calls are unpriced without one.
	 * Price data is checked and decoded when the first call is priced, off the app's start: data that
	 * fails its checks is an `InvalidArgumentError` as a `tracker.error` event, and every call is then
	 * unpriced (`invalid-prices`). To fail at build time instead, call `validateCatalog` or
	 * `validateCustomPrices` (`tokentab/pricer`) in a test.
	 */
	catalog?: CatalogInput;
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
