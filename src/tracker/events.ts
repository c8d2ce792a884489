import type { StoreUnavailableReason } from '../errors/StoreUnavailableError';
import type { BudgetEvent } from '../budgets/budgets';
import type { PriceEvent } from '../pricing/types';
import type { CallRecord } from '../model/record';
import type { SessionMeta, SessionSummary } from '../model/summary';

/**
 * Everything the tracker has to tell the app. Problems never throw into the app's LLM calls; they
 * arrive here instead.
 */
export type TrackerEvent =
	| { type: 'session.started'; sessionId: string }
	| { type: 'session.ended'; sessionId: string; summary: SessionSummary }
	/** Every call recorded, priced or not, with its session's user and tags (exporters label calls with them). */
	| { type: 'call.recorded'; sessionId: string; record: CallRecord; session: SessionMeta }
	/** A call whose cost is unknown: the model is not in the catalog, or a bucket has no price. */
	| { type: 'call.unpriced'; sessionId: string; record: CallRecord; reason: string }
	/** A response that looked like an LLM call but could not be read (garbage, truncated, unexpected shape). */
	| { type: 'call.unparsed'; sessionId: string; record: CallRecord; error: unknown }
	/** A call whose usage never fully arrived (an aborted stream, no `include_usage`): its counts are estimated. */
	| { type: 'call.estimated'; sessionId: string; record: CallRecord }
	/**
	 * A call to a host no catalog names and the app did not register, priced as an estimate from the
	 * provider whose API its path speaks (`record.estimatedFrom`). `register` is the registration
	 * that makes it exact: `providers: [{ match: 'llm.example.com', provider: 'openai' }]`.
	 */
	| { type: 'call.cost-estimated'; sessionId: string; record: CallRecord; register: { match: string; provider: string } }
	/** A call that finished after its session ended: recorded all the same. */
	| { type: 'call.after-end'; sessionId: string; record: CallRecord }
	/** A store operation failed and will be tried again (`attempt` is the try that failed, from 1). */
	| { type: 'store.retry'; sessionId?: string; operation: string; error: unknown; attempt: number }
	/** A store operation failed every try; what it wrote is kept in memory and summaries still count it. */
	| { type: 'store.error'; sessionId?: string; operation: string; error: unknown; attempts: number }
	/**
	 * The store cannot work here (no IndexedDB, refused as in a private window, a blocked upgrade, out
	 * of quota): from now on this tracker keeps what it writes in memory. LLM calls go on as before.
	 */
	| { type: 'store.fallback'; reason: StoreUnavailableReason; error: unknown }
	/** A call that could not be stored: this tracker keeps and counts it, and tries again when the session ends. */
	| { type: 'call.unsaved'; sessionId: string; record: CallRecord; error: unknown }
	/** tokentab itself failed beside a call (the call went on untouched); no `sessionId` when it is the tracker's own (a part of its code that could not load). */
	| { type: 'tracker.error'; sessionId?: string; error: unknown }
	/** The price catalog source (`loadPrices`) refreshed, refused a catalog, or could not reach its URL. */
	| PriceEvent
	/**
	 * `budget.threshold`: a budget's settled spending reached one of its thresholds (once each per window, in order).
	 * `budget.exceeded`: an enforced budget refused a call before it was sent.
	 * `budget.reservation.exceeded`: a call cost more than it reserved (see docs/budgets.md).
	 */
	| BudgetEvent;

export type EventListener = (event: TrackerEvent) => void;

/** The event of one type: `EventOf<'budget.threshold'>`. */
export type EventOf<T extends TrackerEvent['type']> = Extract<TrackerEvent, { type: T }>;

/** Subscribes to one type of event; returns the function that unsubscribes. */
export type Subscribe = <T extends TrackerEvent['type']>(type: T, listener: (event: EventOf<T>) => void) => () => void;

function safely(listener: (event: never) => void, event: TrackerEvent): void {
	try {
		(listener as EventListener)(event);
	} catch {
		// The app's own handler failed: nothing useful to do here, and nothing to break.
	}
}

/**
 * The tracker's events: to the `onEvent` option and to typed subscribers (`tracker.on(type, fn)`).
 * A listener that throws must not break the call that raised the event.
 */
export function createEvents(onEvent: EventListener | undefined): { emit: EventListener; on: Subscribe } {
	const subscribers = new Map<string, Set<(event: never) => void>>();
	return {
		emit(event) {
			if (onEvent) safely(onEvent, event);
			const listeners = subscribers.get(event.type);
			if (listeners) for (const listener of listeners) safely(listener, event);
		},
		on(type, listener) {
			let listeners = subscribers.get(type);
			if (!listeners) subscribers.set(type, (listeners = new Set()));
			listeners.add(listener);
			return () => void listeners.delete(listener);
		},
	};
}
