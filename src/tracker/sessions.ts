import type { SessionEnd, SessionMeta } from '../model/summary';
import { SessionTotals } from '../model/summary';
import type { SessionState, TrackerContext } from './context';

/** `fresh`: started here, so no call of it is stored yet. */
export function newState(context: TrackerContext, meta: SessionMeta, ended?: SessionEnd, fresh = false): SessionState {
	return {
		meta,
		...(ended ? { end: ended } : {}),
		pending: new Set(),
		local: new Map(),
		totals: new SessionTotals(),
		own: 0,
		whole: fresh,
		foldedAt: context.now(),
		beforeFallback: !context.ledger.fellBack,
	};
}

/** The session's state, from the tracker's cache or the store; `undefined` when no store has it. */
export function loadState(context: TrackerContext, id: string): Promise<SessionState | undefined> {
	const { states } = context;
	let state = states.get(id);
	if (!state) {
		state = context.ledger.load(id).then((found) => found && newState(context, found.meta, found.end));
		states.set(id, state);
		// A miss or a failed read is not remembered: the session may be written by another tab later.
		state.then(
			(found) => found || states.delete(id),
			() => states.delete(id),
		);
	}
	return state;
}
