import { bundledPrices } from '../pricing/bundled';
import { createTracker as createCoreTracker, type Tracker, type TrackerOptions } from './tracker';

/**
 * Creates a tracker: sessions whose LLM calls are read from real responses and priced exactly,
 * with the price catalog bundled in this version unless `options.catalog` names another. Each
 * provider's prices are loaded (a chunk of their own in a bundle that splits) when a call to that
 * provider is first priced, after its response; `catalog` from `tokentab/prices` bundles them all up front.
 * (`tokentab/core` exports the same function without the bundled catalog.)
 *
 * @example
 * const tracker = createTracker();
 * const session = await tracker.startSession({ userId: 'u1' });
 * const openai = new OpenAI({ fetch: session.fetch });
 * const summary = await tracker.endSession(session.id, 'Success'); // summary.cost is a Big
 */
export function createTracker(options: TrackerOptions = {}): Tracker {
	return createCoreTracker({ ...options, catalog: options.catalog ?? bundledPrices });
}
