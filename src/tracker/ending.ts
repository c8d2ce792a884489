// Loaded with the first summary or end (./end.ts), with the fold and the summary's view.
import type { CallRecord } from '../model/record';
import type { EndState, SessionSummary, SummaryCompleteness } from '../model/summary';
import { compare, iso, type SessionState, settle, type TrackerContext } from './context';
import { fold } from './fold';
import { sessionSummary } from './summary-view';

/** The session's calls: this tracker's and the store's, and what the store could not give. */
export async function sessionRecords(context: TrackerContext, state: SessionState): Promise<{ records: CallRecord[] } & SummaryCompleteness> {
	const id = state.meta.id;
	const stored = await context.ledger.calls(id);
	const all = new Map(state.local);
	for (const record of stored.records) all.set(record.id, record);
	const unsaved = context.ledger.unsaved(id);
	return {
		// The store's key order (end time, then id), so every reader, tab or isolate, sums in the same order.
		records: [...all.values()].sort((a, b) => compare(a.endedAt, b.endedAt) || compare(a.id, b.id)),
		incomplete: stored.failed || stored.lost.some((lost) => !all.has(lost.id)),
		unsavedCalls: [...all.keys()].filter((recordId) => unsaved.has(recordId)).length,
	};
}

/** The session's totals brought up to the store, as a summary. */
async function summaryNow(context: TrackerContext, state: SessionState): Promise<SessionSummary> {
	const completeness = await fold(state, context.ledger, context.now());
	return sessionSummary(state.totals, state.meta, state.end, completeness);
}

/** The session's summary so far, once the calls whose responses were already read are recorded. */
export async function summary(context: TrackerContext, state: SessionState): Promise<SessionSummary> {
	await settle(state);
	return summaryNow(context, state);
}

/** Ends a session (once: see ./end.ts): its calls recorded, its unsaved calls tried again, its end stored (the first stored wins). */
export async function finishSession(context: TrackerContext, state: SessionState, endState: EndState, reason: string | undefined): Promise<SessionSummary> {
	const { ledger } = context;
	await settle(state);
	const id = state.meta.id;
	await ledger.flush(id);
	state.end ??= await ledger.readEnd(id);
	// Another tracker (a tab, an isolate) may end it at the same time: the end stored first is the end.
	state.end ??= await ledger.writeEnd(id, { endedAt: iso(context.now()), endState, ...(reason === undefined ? {} : { reason }) });
	const result = await summaryNow(context, state);
	context.emit({ type: 'session.ended', sessionId: id, summary: result });
	// An ended session leaves the cache (its handles keep working): a long-lived tracker does not grow with every session.
	void context.states.get(id)?.then((cached) => cached === state && !state.pending.size && context.states.delete(id));
	return result;
}
