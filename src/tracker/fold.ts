import type { Ledger } from './ledger/ledger';
import { SessionTotals, type SummaryCompleteness } from '../model/summary';

/** How long a call of another tracker may take to reach the store after it ended: its new calls are read from this far back. */
const FOLD_MARGIN_MS = 5 * 60_000;

/** What a fold reads and updates of a session the tracker holds. */
export interface FoldState {
	meta: { id: string };
	totals: SessionTotals;
	/** How many of the counted calls this tracker made. */
	own: number;
	/** The totals hold every stored call as of `foldedAt` (a session started here holds them from its start). */
	whole: boolean;
	foldedAt: number;
	/** The totals were taken while the store was still in use: after a fallback they are read again from what is left. */
	beforeFallback: boolean;
}

/**
 * Brings a session's running totals up to the store. Every stored call once (a session loaded
 * here); after that, only when the other trackers (tabs, isolates) wrote calls it has not counted:
 * first those that ended since the last fold (less a margin for writes in flight), and every call
 * again only if that is not all of them (a call recorded `at` an earlier time).
 */
export async function fold(state: FoldState, ledger: Ledger, at: number): Promise<SummaryCompleteness> {
	const id = state.meta.id;
	if (state.beforeFallback && ledger.fellBack) Object.assign(state, { totals: new SessionTotals(), own: 0, whole: false, beforeFallback: false });
	const { totals } = state;
	const others = await ledger.othersWrote(id);
	let failed = others.failed;
	const missing = () => totals.counted.size - state.own < others.calls;
	if (state.whole && missing()) {
		const fresh = await ledger.callsSince(id, new Date(Math.min(state.foldedAt, at) - FOLD_MARGIN_MS).toISOString());
		for (const record of fresh.records) totals.count(record);
		failed ||= fresh.failed;
	}
	if (!state.whole || missing()) {
		const stored = await ledger.calls(id);
		for (const record of stored.records) totals.count(record);
		failed ||= stored.failed;
		state.whole = !stored.failed;
	}
	if (!failed) state.foldedAt = at;
	const { lost, failed: lostFailed } = await ledger.lostCalls(id);
	let unsavedCalls = 0;
	for (const recordId of ledger.unsaved(id)) if (totals.counted.has(recordId)) unsavedCalls++;
	return { incomplete: failed || lostFailed || lost.some((marker) => !totals.counted.has(marker.id)), unsavedCalls };
}
