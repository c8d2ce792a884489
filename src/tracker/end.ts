import { InvalidArgumentError } from '../errors/InvalidArgumentError';
import { lazy } from '../model/lazy';
import { END_STATES, type EndState, type SessionSummary } from '../model/summary';
import type { SessionState, TrackerContext } from './context';

/** Summaries and ends, loaded with the first: no call waits for them on its way. */
const ending = lazy(() => import('./ending'));

/**
 * Ends a session once. Its arguments are checked now, and the session is ending from this moment
 * (a call recorded from now on is flagged after the end), before the code that ends it has loaded.
 */
export function endSession(context: TrackerContext, state: SessionState, endState: EndState = 'Indeterminate', reason?: string): Promise<SessionSummary> {
	if (!(END_STATES as readonly string[]).includes(endState)) throw new InvalidArgumentError(`end state must be one of ${END_STATES.join(', ')}, got ${JSON.stringify(endState)}`);
	if (reason !== undefined && typeof reason !== 'string') throw new InvalidArgumentError('reason must be a string');
	return (state.ending ??= ending().then(({ finishSession }) => finishSession(context, state, endState, reason)));
}

/** The session's summary so far, once the calls whose responses were already read are recorded. */
export const summary = async (context: TrackerContext, state: SessionState): Promise<SessionSummary> => (await ending()).summary(context, state);
