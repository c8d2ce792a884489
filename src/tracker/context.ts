import type { Budgets } from '../budgets/budgets';
import type { SessionEnd, SessionMeta, SessionSummary, SessionTotals } from '../model/summary';
import type { CallRecord } from '../model/record';
import type { Lazy } from '../model/lazy';
import type { Pricer } from '../pricing/pricer';
import type { EventListener } from './events';
import type { Ledger } from './ledger/ledger';
import type { TrackerOptions } from './options';

/** What a tracker holds of one session it has started or loaded. */
export interface SessionState {
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

/** What the parts of one tracker share: its options, clock, events, ledger, pricer, budgets and the sessions it holds. */
export interface TrackerContext {
	options: TrackerOptions;
	now: () => number;
	emit: EventListener;
	ledger: Ledger;
	/** The pricer, loaded on first use (see ./pricer.ts). */
	pricer: Lazy<Pricer>;
	/** Present when a budget is configured (its code loads on first use). */
	budgets?: Promise<Budgets | undefined>;
	/** Sessions by id, as loaded (or being loaded) from the store. */
	states: Map<string, Promise<SessionState | undefined>>;
	/** Ids whose start is reading the store to see they are new. */
	starting: Set<string>;
	/** Recordings under way that have not settled their budgets yet: an enforced budget waits for them before it reserves. */
	recording: Set<Promise<unknown>>;
	/** Recordings deferred to a later task and not started yet: an enforced budget starts them at once. */
	waiting: Set<() => void>;
	/** Recordings under way by session id, whether or not the session's state is cached (prune waits for them). */
	pendingBySession: Map<string, number>;
}

let isoSecond = Number.NaN;
let isoPrefix = '';
/**
 * `new Date(ms).toISOString()`, formatting the date once a second: a call's times are two of them,
 * and a Date's formatting is most of what building a record costs.
 */
export function iso(ms: number): string {
	if (!Number.isSafeInteger(ms) || ms < 0) return new Date(ms).toISOString();
	const milli = ms % 1000;
	const second = ms - milli;
	if (second !== isoSecond) {
		isoPrefix = new Date(second).toISOString().slice(0, -4); // up to and with the '.' before the milliseconds
		isoSecond = second;
	}
	return `${isoPrefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}
export const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));
/** Announces a problem of a session as a `tracker.error` event. */
export const reportError = (context: TrackerContext, sessionId: string) => (error: unknown) => context.emit({ type: 'tracker.error', sessionId, error });

/** Waits for the session's calls being recorded. */
export async function settle(state: SessionState): Promise<void> {
	while (state.pending.size) await Promise.all(state.pending);
}
