import type { PriceOutcome, PriceRequest, Pricer } from './pricer';

/**
 * Prices a call once the catalog holds what it needs: a source that arrives in parts (the bundled
 * prices, per provider) starts loading the parts the first try read, and the call is priced again
 * when they are in. A part that cannot be loaded leaves the call unpriced, saying so; the source
 * reports it as an event.
 */
export async function priceWhenLoaded(price: Pricer, request: PriceRequest): Promise<PriceOutcome> {
	let outcome = price(request);
	const failedOnce = new Set<string>();
	// A part can name others (Bedrock's and OpenRouter's models are priced from their vendors'), hence
	// a few rounds. A part that fails is tried once more (pricing again asks for it), then given up on.
	for (let round = 0; round < 4; round++) {
		const loading = price.source?.loading?.();
		if (!loading) break;
		const failed = await loading;
		const givenUp = failed.filter((id) => failedOnce.has(id));
		if (givenUp.length) {
			if (outcome.cost === undefined)
				outcome = { ...outcome, problem: `the prices of ${givenUp.join(', ')} could not be loaded (${outcome.problem ?? 'unpriced'})`, unpriced: { reason: 'not-loaded' } };
			break;
		}
		for (const id of failed) failedOnce.add(id);
		outcome = price(request);
	}
	return outcome;
}

/** The call's price when the catalog already holds all it needs (nothing left to load), in this turn; else `undefined`. */
export function priceLoaded(price: Pricer, request: PriceRequest): PriceOutcome | undefined {
	const outcome = price(request);
	return price.source?.loading?.() ? undefined : outcome;
}

/** Loads what pricing these calls needs, so that a synchronous pass (a reprice) finds every part in. */
export async function loadPricesFor(price: Pricer, requests: PriceRequest[]): Promise<void> {
	if (!price.source?.loading) return;
	await Promise.all(requests.map((request) => priceWhenLoaded(price, request)));
}
