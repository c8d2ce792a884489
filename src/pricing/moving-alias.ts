import { candidateNames } from './candidate-names';
import { catalogProvider } from './provider-ids';
import type { MovingAlias } from './types';

export interface AliasTarget {
	/** `provider/alias` as listed. */
	alias: string;
	/** The model the alias named at the call's time, and since when (absent: from the start). */
	model: string;
	since?: string;
}

/** The model `model` named at `at` (ms) when it is a moving alias of `provider`'s; `undefined` when it is none. */
export function movingAliasAt(aliases: Record<string, MovingAlias>, provider: string, model: string, at: number): AliasTarget | undefined {
	const owner = catalogProvider(provider);
	for (const name of candidateNames(model).slice(0, 2)) {
		const alias = `${owner}/${name}`;
		if (!Object.hasOwn(aliases, alias)) continue;
		const { steps } = aliases[alias]!;
		let step = steps[0]!;
		for (const next of steps.slice(1)) if (next.since !== undefined && Date.parse(next.since) <= at) step = next;
		return { alias, model: step.model, ...(step.since ? { since: step.since } : {}) };
	}
	return undefined;
}
