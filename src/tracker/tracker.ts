import type { Budgets } from '../budgets/budgets';
import { type Budget, normalizeBudgets } from '../budgets/normalize';
import { assertReservationOptions } from '../budgets/reservation-options';
import { InvalidArgumentError } from '../errors/InvalidArgumentError';
import { UnknownSessionError } from '../errors/UnknownSessionError';
import { newId } from '../model/id';
import { lazy } from '../model/lazy';
import type { SessionMeta } from '../model/summary';
import { assertString, assertTags } from '../model/validate';
import { memoryStore } from '../stores/memory';
import { iso, settle, type TrackerContext } from './context';
import { endSession } from './end';
import { createEvents, type EventListener } from './events';
import { sessionHandle } from './handle';
import { createLedger, type Ledger } from './ledger/ledger';
import type { StartSessionOptions, Tracker, TrackerOptions } from './options';
import type { ReserveCall } from './reservations';
import { lazyPricer } from './pricer';
import { loadState, newState } from './sessions';

export type { SessionHandleOptions, StartSessionOptions, Tracker, TrackerOptions, WaitUntil } from './options';

const maintenance = lazy(() => import('./maintenance'));
const reports = lazy(() => import('../analytics/report'));

/**
 * The budgets' code, loaded only when a budget is configured: an app without one never carries it.
 * A chunk that cannot load is an event, and the calls go on without budgets (as with a failing store).
 */
function loadBudgets(budgets: Budget[], ledger: Ledger, options: TrackerOptions, emit: EventListener): Promise<Budgets | undefined> {
	return import('../budgets/budgets').then(
		({ createBudgets }) => createBudgets(budgets, { apply: (op) => ledger.budget(op), emit, holdMs: options.budgetHoldMs ?? 15 * 60_000 }),
		(error: unknown) => void emit({ type: 'tracker.error', error }),
	);
}

/** Reservations under enforced budgets, loaded with the first call they guard (as the budgets are). */
function lazyReservations(context: TrackerContext): ReserveCall {
	const get = lazy(() => import('./reservations').then(({ reservations }) => reservations(context)));
	return (state, call) => (get.value ? get.value(state, call) : get().then((reserve) => reserve(state, call)));
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
	const { emit, on } = createEvents(options.onEvent);
	assertReservationOptions(options);
	const ledger = createLedger(options.store ?? memoryStore(), { emit, ...(options.retry ? { retry: options.retry } : {}) });
	const budgetList = normalizeBudgets(options.budgets);
	const context: TrackerContext = {
		options,
		now: options.now ?? Date.now,
		emit,
		ledger,
		pricer: lazyPricer(options, emit),
		...(budgetList.length ? { budgets: loadBudgets(budgetList, ledger, options, emit) } : {}),
		states: new Map(),
		starting: new Set(),
		recording: new Set(),
		waiting: new Set(),
		pendingBySession: new Map(),
	};
	const reserve = budgetList.some((budget) => budget.mode === 'enforce') ? lazyReservations(context) : undefined;
	const handle = (state: Parameters<typeof sessionHandle>[1], waitUntil = options.waitUntil) => sessionHandle(context, state, waitUntil, reserve);
	const existing = async (id: string) => {
		assertString(id, 'id');
		return loadState(context, id);
	};

	const tracker: Tracker = {
		on,
		startSession: async (start = {}) => handle(await startState(context, start), start.waitUntil),
		getSession: async (id, handleOptions = {}) => {
			const state = await existing(id);
			return state && handle(state, handleOptions.waitUntil);
		},
		async endSession(id, endState, reason) {
			const state = await existing(id);
			if (!state) throw new UnknownSessionError(id);
			return endSession(context, state, endState, reason);
		},
		listSessions: async (filter) => (await maintenance()).listSessions(context, filter),
		pruneSessions: async (pruneOptions) => (await maintenance()).pruneSessions(context, pruneOptions),
		exportSession: async (id) => (await maintenance()).exportSession(context, id),
		importSession: async (data) => (await tracker.getSession(await (await maintenance()).importSession(context, data)))!,
		reprice: async (id, catalog) => (await maintenance()).reprice(context, id, catalog),
		async report(reportOptions) {
			// Loaded on first use: a bundler that splits keeps reports out of the app's tracker code.
			const { createReport } = await reports();
			// Calls whose responses were already read are in it, as in a summary.
			await Promise.all([...context.states.values()].map((cached) => cached.then((state) => state && settle(state)).catch(() => undefined)));
			return createReport(ledger, reportOptions);
		},
	};
	return tracker;
}

/** Starts a session: checks its options, and stores its start unless another tracker stored one for the same id first. */
async function startState(context: TrackerContext, start: StartSessionOptions) {
	if (typeof start !== 'object' || start === null) throw new InvalidArgumentError('startSession() takes an options object');
	if (start.id !== undefined) assertString(start.id, 'id');
	if (start.userId !== undefined) assertString(start.userId, 'userId');
	if (start.tags !== undefined) assertTags(start.tags);
	const { states } = context;
	const id = start.id ?? newId();
	const exists = () => new InvalidArgumentError(`session "${id}" already exists: use tracker.getSession() to resume it`);
	// Two starts of one id at once: the second would read before the first has written.
	if (context.starting.has(id)) throw exists();
	let found: unknown;
	// A fresh random id cannot exist yet: no read (no round trip) for it.
	if (start.id !== undefined) {
		context.starting.add(id);
		try {
			found = await loadState(context, id);
		} catch {
			// Already announced by the ledger; the session starts, and its writes are retried on their own.
		} finally {
			context.starting.delete(id);
		}
	}
	if (found) throw exists();
	const meta: SessionMeta = { id, ...(start.userId === undefined ? {} : { userId: start.userId }), tags: { ...start.tags }, startedAt: iso(context.now()) };
	const state = newState(context, meta, undefined, true);
	states.set(id, Promise.resolve(state));
	// A chosen id may be started by another tracker (a tab, an isolate) at once: the start stored first wins.
	const stored = await context.ledger.start(meta, start.id !== undefined);
	if (stored !== meta && JSON.stringify(stored) !== JSON.stringify(meta)) {
		void states.get(id)?.then((cached) => cached === state && states.delete(id));
		throw exists();
	}
	context.emit({ type: 'session.started', sessionId: id });
	return state;
}
