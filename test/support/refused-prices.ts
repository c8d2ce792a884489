import { type CatalogInput, createTracker, type CustomPrices, type TrackerEvent } from '../../src/index';

/**
 * A tracker given this price data, after three calls: the data is checked when the first call is
 * priced, so createTracker returns; each call is unpriced, and the refusal is one `tracker.error`.
 */
export async function refused(options: { catalog?: CatalogInput; prices?: CustomPrices }) {
	const events: TrackerEvent[] = [];
	const tracker = createTracker({ ...options, onEvent: (event) => void events.push(event) });
	const session = await tracker.startSession();
	const records = [];
	for (let i = 0; i < 3; i++) records.push(await session.record({ provider: 'p', model: 'm', usage: { input: 1000 } }));
	const errors = events.filter((event) => event.type === 'tracker.error').map((event) => event.error);
	return { reasons: records.map((record) => [record.cost, record.unpriced?.reason]), errors, problem: records[0]!.problem };
}
