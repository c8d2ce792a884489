import type { Store } from '../stores/types';

/** The keys under `prefix`, without their values where the store can (`keys`), else from `list`. */
export async function keysUnder(store: Store, prefix: string): Promise<string[]> {
	return store.keys ? store.keys(prefix) : (await store.list(prefix)).map(([key]) => key);
}

/**
 * Sessions whose calls outlived their start and end: a tab that still held a session's handle
 * recorded into it while another tab pruned it. From the call keys (`call/<id>/<endedAt>/<callId>`)
 * alone: the ids not in `known` whose last call ended before `cutoff` (the prune's own age rule,
 * so a session being started elsewhere, whose calls are new, is left alone).
 */
export function orphanSessions(callKeys: Iterable<string>, known: ReadonlySet<string>, cutoff: number): string[] {
	const lastEnded = new Map<string, string>();
	for (const key of callKeys) {
		const [, encoded, endedAt] = key.split('/');
		if (!encoded || !endedAt) continue;
		const id = decodeURIComponent(encoded);
		if (!known.has(id) && (lastEnded.get(id) ?? '') < endedAt) lastEnded.set(id, endedAt);
	}
	return [...lastEnded].filter(([, endedAt]) => Date.parse(endedAt) < cutoff).map(([id]) => id);
}
