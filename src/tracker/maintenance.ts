// Loaded when first used, not with the tracker: listing, pruning, import/export and repricing.
// A bundler that splits keeps them out of the app's first load.
import { TokentabError } from '../errors/TokentabError';
import { UnknownSessionError } from '../errors/UnknownSessionError';
import { assertString } from '../model/validate';
import { createPricer } from '../pricing/pricer';
import { type RepriceReport, repriceRecords } from '../pricing/reprice';
import type { Catalog, CatalogSource } from '../pricing/types';
import { loadPricesFor } from '../pricing/when-loaded';
import { validateCatalogOnce } from '../pricing/validate';
import { compare, type SessionState, type TrackerContext, settle } from './context';
import { sessionRecords } from './ending';
import { orphanSessions } from './orphans';
import { type PruneOptions, parseExport, pruneCutoff, type SessionExport, type SessionFilter, type SessionInfo, sessionFilter } from './session-io';
import { loadState } from './sessions';

async function existing(context: TrackerContext, id: string): Promise<SessionState> {
	assertString(id, 'id');
	const state = await loadState(context, id);
	if (!state) throw new UnknownSessionError(id);
	await settle(state);
	return state;
}

export async function listSessions(context: TrackerContext, filter?: SessionFilter): Promise<SessionInfo[]> {
	const matches = sessionFilter(filter);
	const { sessions } = await context.ledger.sessions();
	return sessions
		.map(({ meta, end }): SessionInfo => ({ ...meta, ...end }))
		.filter(matches)
		.sort((a, b) => compare(a.startedAt, b.startedAt) || compare(a.id, b.id));
}

/** Deletes ended sessions older than the cutoff, and what an interrupted prune or a concurrent tab left behind. */
export async function pruneSessions(context: TrackerContext, options: PruneOptions): Promise<string[]> {
	const { ledger, pendingBySession, states } = context;
	const cutoff = pruneCutoff(options, context.now());
	const { sessions, orphanEnds, failed } = await ledger.sessions();
	const old = sessions.filter(({ end }) => end && Date.parse(end.endedAt) < cutoff).map(({ meta }) => meta.id);
	// Ends without a start: what an interrupted prune leaves behind (or a start that never got written), by the same age rule.
	const leftovers = orphanEnds.filter(([, end]) => Date.parse(end.endedAt) < cutoff).map(([id]) => id);
	const pruned: string[] = [];
	const removed = new Set<string>();
	for (const id of [...old, ...leftovers]) {
		// A session with calls still being recorded here is not pruned under them (an ended session's
		// handle can still record after its state left the cache).
		if (pendingBySession.has(id)) continue;
		if (!(await ledger.remove(id))) continue;
		removed.add(id);
		states.delete(id);
		if (old.includes(id)) pruned.push(id);
	}
	// Calls another tab recorded into a session while it was pruned: swept by the same age rule
	// (only from a whole list of sessions, or a session missing from it would look orphaned).
	if (!failed) {
		const known = new Set([...sessions.map(({ meta }) => meta.id), ...orphanEnds.map(([id]) => id)].filter((id) => !removed.has(id)));
		const calls = await ledger.callKeys();
		if (!calls.failed) for (const id of orphanSessions(calls.keys, known, cutoff)) if (!pendingBySession.has(id)) await ledger.remove(id);
	}
	return pruned;
}

export async function exportSession(context: TrackerContext, id: string): Promise<SessionExport> {
	const state = await existing(context, id);
	const stored = await context.ledger.calls(id);
	// An export is a whole copy or none: a partial one would import as a silently smaller session.
	if (stored.failed) throw new TokentabError(`could not read the calls of session "${id}" from the store`);
	const all = new Map(state.local);
	for (const record of stored.records) all.set(record.id, record);
	const calls = [...all.values()].sort((a, b) => compare(a.endedAt, b.endedAt) || compare(a.id, b.id));
	const lost = stored.lost.filter((marker) => !all.has(marker.id));
	return { format: 'tokentab.session', version: 1, session: state.meta, ...(state.end ? { end: state.end } : {}), calls, ...(lost.length ? { lost } : {}) };
}

/** Writes an exported session into the store; resolves to its id. */
export async function importSession(context: TrackerContext, data: SessionExport | string): Promise<string> {
	const parsed = parseExport(data);
	const id = parsed.session.id;
	await context.ledger.import({ meta: parsed.session, ...(parsed.end ? { end: parsed.end } : {}) }, parsed.calls, parsed.lost);
	const cached = await context.states.get(id)?.catch(() => undefined);
	if (cached && parsed.end) cached.end ??= parsed.end;
	// The imported calls are read into its totals at the next summary.
	if (cached) cached.whole = false;
	return id;
}

export async function reprice(context: TrackerContext, id: string, catalog?: Catalog | CatalogSource): Promise<RepriceReport> {
	const state = await existing(context, id);
	if (catalog) validateCatalogOnce(catalog);
	const { options } = context;
	const other = catalog ? createPricer(catalog, { prices: options.prices, aliases: options.aliases }) : await context.pricer();
	const calls = (await sessionRecords(context, state)).records;
	await loadPricesFor(
		other,
		calls.map((call) => ({ provider: call.provider, model: call.model, usage: call.usage, at: Date.parse(call.startedAt) })),
	);
	return repriceRecords(id, calls, other);
}
