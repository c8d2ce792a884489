import { candidateNames } from './candidate-names';
import { catalogProvider } from './provider-ids';
import type { Catalog, MovingAlias } from './types';

export interface AliasTarget {
	/** `provider/alias` as listed. */
	alias: string;
	/** The model the alias named at the call's time, and since when (absent: from the start). */
	model: string;
	since?: string;
}

/** The moving alias `model` is among `provider`'s in the catalog (by its name as given, or without a `models/` path), as `[provider/alias, alias]`. */
export function findMovingAlias(catalog: Catalog, provider: string, model: string): [string, MovingAlias] | undefined {
	const owner = catalogProvider(provider);
	const aliases = catalog.providers && Object.hasOwn(catalog.providers, owner) ? catalog.providers[owner]?.aliases : undefined;
	if (!aliases) return undefined;
	for (const name of candidateNames(model).slice(0, 2)) if (Object.hasOwn(aliases, name)) return [`${owner}/${name}`, aliases[name]!];
	return undefined;
}

/** The model an alias named at `at` (ms): the last step whose `since` is not after it. */
export function aliasTargetAt([alias, { steps }]: [string, MovingAlias], at: number): AliasTarget {
	let step = steps[0]!;
	for (const next of steps.slice(1)) if (next.since !== undefined && Date.parse(next.since) <= at) step = next;
	return { alias, model: step.model, ...(step.since ? { since: step.since } : {}) };
}
