import type { Holds } from '../budgets/reserve';
import { lazy } from '../model/lazy';
import { type OutgoingCall, trackFetch } from '../observe/fetch';
import { catalogUrls } from '../pricing/catalog-input';
import { reportError, type SessionState, type TrackerContext } from './context';
import { recordFetched } from './fetched-call';
import { endSession, summary } from './end';
import type { WaitUntil } from './options';
import { track } from './recording';
import type { ReserveCall } from './reservations';

type ByHand = typeof import('./by-hand');
import { Session } from './session';

/** `session.record()`: its input checks, reading and recording, loaded with the first call recorded by hand. */
const byHand = lazy(() => import('./by-hand'));

/** A handle on a session: its tracked fetch, `record()`, costs and ending. `reserve`: present under an enforced budget. */
export function sessionHandle(context: TrackerContext, state: SessionState, waitUntil: WaitUntil | undefined, reserve: ReserveCall | undefined): Session {
	const { options, now } = context;
	const onError = reportError(context, state.meta.id);
	/** Hands a write to the runtime's waitUntil (a Worker's), so it outlives the response. */
	const keep = <T>(work: T | Promise<T>): T | Promise<T> => {
		if (work instanceof Promise) waitUntil?.(work.catch(() => undefined));
		return work;
	};
	const fetch = trackFetch({
		fetch: () => options.fetch ?? globalThis.fetch,
		now,
		providers: [...(options.providers ?? [])],
		urls: () => catalogUrls(options.catalog),
		includeUsage: options.includeUsage ?? false,
		onCall: (call) => void keep(recordFetched(context, state, call, waitUntil !== undefined).catch(onError)),
		onError,
		...(reserve
			? {
					beforeSend: (call: OutgoingCall) => reserve(state, call),
					onAbandon: (call: OutgoingCall, ticket: unknown) => void keep(context.budgets!.then((budgets) => budgets?.release(ticket as Holds, call.id))),
				}
			: {}),
	});
	return new Session(state.meta.id, {
		fetch,
		record(input) {
			const calledAt = now();
			// A call recorded while the session is ending may miss the summary under way: it is after the end.
			const afterEnd = state.end !== undefined || state.ending !== undefined;
			return keep(
				// At once, not in a later task: the app is waiting for this record.
				track(
					context,
					state,
					(budgeted) => {
						const record = ({ recordByHand }: ByHand) => recordByHand(context, state, input, calledAt, afterEnd, waitUntil !== undefined, budgeted);
						return byHand.value ? record(byHand.value) : byHand().then(record);
					},
					false,
				),
			);
		},
		cost: async () => (await summary(context, state)).cost,
		summary: () => summary(context, state),
		end: async (endState, reason) => keep(endSession(context, state, endState, reason)),
	});
}
