import type { PriceEvent } from '../pricing/types';
import type { CallRecord } from './record';
import type { SessionSummary } from './summary';

/**
 * Everything the tracker has to tell the app. Problems never throw into the app's LLM calls; they
 * arrive here instead.
 */
export type TrackerEvent =
	| { type: 'session.started'; sessionId: string }
	| { type: 'session.ended'; sessionId: string; summary: SessionSummary }
	/** Every call recorded, priced or not. */
	| { type: 'call.recorded'; sessionId: string; record: CallRecord }
	/** A call whose cost is unknown: the model is not in the catalog, or a bucket has no price. */
	| { type: 'call.unpriced'; sessionId: string; record: CallRecord; reason: string }
	/** A response that looked like an LLM call but could not be read (garbage, truncated, unexpected shape). */
	| { type: 'call.unparsed'; sessionId: string; record: CallRecord; error: unknown }
	/** A call that finished after its session ended: recorded all the same. */
	| { type: 'call.after-end'; sessionId: string; record: CallRecord }
	/** The store failed; the record is kept in memory and the summary still counts it. */
	| { type: 'store.error'; sessionId?: string; operation: string; error: unknown }
	/** tokentab itself failed beside a call (the call went on untouched). */
	| { type: 'tracker.error'; sessionId: string; error: unknown }
	/** The price catalog source (`loadPrices`) refreshed, refused a catalog, or could not reach its URL. */
	| PriceEvent;

export type EventListener = (event: TrackerEvent) => void;

/** Calls the app's listener; a listener that throws must not break the call that raised the event. */
export function createEmitter(listener: EventListener | undefined): EventListener {
	if (!listener) return () => {};
	return (event) => {
		try {
			listener(event);
		} catch {
			// The app's own handler failed: nothing useful to do here, and nothing to break.
		}
	};
}
