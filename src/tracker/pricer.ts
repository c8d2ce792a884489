import { InvalidArgumentError } from '../errors/InvalidArgumentError';
import { type Lazy, lazy } from '../model/lazy';
import type { Pricer } from '../pricing/pricer';
import type { EventListener } from './events';
import type { TrackerOptions } from './options';

/**
 * The tracker's pricer, loaded when the first call is priced: pricing runs after the response has
 * reached the app, so no call waits for this code on its way, and an app pays for it on first use.
 * A load that fails rejects this once (the call is recorded unpriced); the next call tries again.
 * Price data that fails its checks (`InvalidArgumentError`) is refused for good, reported once as a
 * `tracker.error`: each call is then unpriced (`invalid-prices`), never priced from bad data.
 * The chunk is a module of its own, not `pricing/pricer`: a bundler keeps an import() target's every
 * export, so an entry point that re-exports `createPricer` would otherwise carry it up front.
 */
export function lazyPricer(options: TrackerOptions, emit: EventListener): Lazy<Pricer> {
	let refused: InvalidArgumentError | undefined;
	const load = lazy(() => import('./tracker-pricer').then(({ trackerPricer }) => trackerPricer(options, emit)));
	const get = (() =>
		refused
			? Promise.reject(refused)
			: load().then(
					(pricer) => ((get as { value?: Pricer }).value = pricer),
					(error: unknown) => {
						if (error instanceof InvalidArgumentError && !refused) emit({ type: 'tracker.error', error: (refused = error) });
						throw error;
					},
				)) as Lazy<Pricer>;
	return get;
}
