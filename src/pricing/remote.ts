import ky from 'ky';
import { within } from '../core/within';
import { assertString } from '../core/validate';
import { InvalidArgumentError } from '../errors/InvalidArgumentError';
import type { Store } from '../stores/types';
import { catalogText } from './catalog-text';
import { decodeCatalog } from './format';
import type { Catalog, CatalogSource, PriceEvent } from './types';
import { validateCatalog } from './validate';

export interface LoadPricesOptions {
	/** How long a fetched catalog stays fresh, in ms; after that the next price computation refreshes it in the background. Default: 24 hours. */
	ttl?: number;
	/** Where the fetched catalog is kept between runs (the tracker's store serves): a reload or a new isolate starts from it. */
	store?: Store;
	/** The catalog used until one is fetched, and when none can be: default, the snapshot bundled with tokentab (loaded lazily). */
	fallback?: Catalog | (() => Promise<Catalog>);
	/** Per attempt, in ms. Default: 10 seconds. */
	timeout?: number;
	/** Retries after a failed attempt (network errors, 408, 429, 5xx). Default: 2. */
	retry?: number;
	/** The fetch ky calls. Default: `globalThis.fetch`. */
	fetch?: typeof fetch;
	/** The clock in ms, for tests. */
	now?: () => number;
	/** Refreshes, refusals and failures to fetch. A tracker given this source reports those after its creation as its own events too. */
	onEvent?: (event: PriceEvent) => void;
}

/** A catalog kept fresh from a URL: give it to `createTracker({ catalog })`. */
export interface PriceFeed extends CatalogSource {
	/** When the catalog in use was fetched (ms), or `undefined` for the fallback. */
	readonly fetchedAt: number | undefined;
	/** Fetches now; resolves to the catalog in use afterwards (the old one if the fetch failed or was refused). */
	refresh(): Promise<Catalog>;
}

interface Cached {
	fetchedAt: number;
	json: unknown;
}

const DAY = 86_400_000;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

function parse(json: unknown): Catalog {
	const catalog = decodeCatalog(json);
	validateCatalog(catalog);
	return catalog;
}

function assertDuration(value: number | undefined, where: string, min: number): void {
	if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= min)) throw new InvalidArgumentError(`${where} must be a number of ms, ${min} or more`);
}

/**
 * Loads the price catalog from `url` (tokentab's compact JSON, as `npm run prices:update` writes to
 * `prices/catalog.json`) through ky, with a timeout and retries, and keeps it fresh: after `ttl`, the
 * next price computation refreshes it in the background. Every catalog is validated whole (a known
 * schema version; no negative, NaN or absurd price) and a bad one is refused whole, with an event;
 * the catalog in use stays. A fetched catalog is cached in `store`; offline, the cached one or the
 * bundled snapshot is used. Resolves once a catalog is in use; never rejects for the network.
 *
 * @example
 * const prices = await loadPrices('https://example.com/tokentab-prices.json', { ttl: 3_600_000, store });
 * const tracker = createTracker({ store, catalog: prices });
 */
export async function loadPrices(url: string, options: LoadPricesOptions = {}): Promise<PriceFeed> {
	assertString(url, 'url');
	assertDuration(options.ttl, 'ttl', 1);
	assertDuration(options.timeout, 'timeout', 1);
	if (options.retry !== undefined && !(Number.isSafeInteger(options.retry) && options.retry >= 0)) throw new InvalidArgumentError('retry must be a whole number, 0 or more');
	const ttl = options.ttl ?? DAY;
	const timeout = options.timeout ?? 10_000;
	const now = options.now ?? Date.now;
	/** A catalog fetched `at` is fresh: not past its ttl, nor from a future (a skewed clock, a damaged cache). */
	const fresh = (at: number | undefined, time = now()) => at !== undefined && at <= time && time - at < ttl;
	const key = `prices/${url}`;
	/** The last events, for trackers to read (`events(after)`): bounded, so nothing grows without end. */
	const log: PriceEvent[] = [];
	let emitted = 0;
	const emit = (event: PriceEvent) => {
		log.push(event);
		if (log.length > 32) log.shift();
		emitted++;
		try {
			options.onEvent?.(event);
		} catch {
			// A listener's failure is not ours to break on.
		}
	};
	let current: Catalog | undefined;
	let fetchedAt: number | undefined;
	let refreshing: Promise<Catalog> | undefined;
	let attemptedAt = -Infinity;
	/** After a failed or refused fetch, wait this long before the next background attempt. */
	const pause = Math.min(ttl, 300_000);

	async function fallback(): Promise<Catalog> {
		const chosen = options.fallback ?? (() => import('./catalog').then((m) => m.bundledCatalog));
		return typeof chosen === 'function' ? chosen() : chosen;
	}

	async function fetchOnce(): Promise<void> {
		attemptedAt = now();
		let text: string;
		try {
			text = await catalogText(await ky.get(url, { timeout, retry: options.retry ?? 2, ...(options.fetch ? { fetch: options.fetch } : {}) }));
		} catch (error) {
			current ??= await fallback();
			// Too large is an answer refused, not a network that failed.
			emit(error instanceof InvalidArgumentError ? { type: 'prices.refused', url, reason: error.message } : { type: 'prices.unavailable', url, error, using: current.version });
			return;
		}
		// An answer that is not a catalog (an HTML sign-in page, a wrong path) is refused, not unavailable.
		let catalog: Catalog;
		let json: unknown;
		try {
			json = JSON.parse(text);
			catalog = parse(json);
		} catch (error) {
			current ??= await fallback();
			emit({ type: 'prices.refused', url, reason: message(error) });
			return;
		}
		current = catalog;
		fetchedAt = now();
		try {
			if (options.store) await within(options.store.set(key, { fetchedAt, json } satisfies Cached), timeout);
		} catch {
			// The catalog is in use; caching it is a nicety.
		}
		emit({ type: 'prices.updated', url, version: catalog.version, from: 'network' });
	}

	function refresh(): Promise<Catalog> {
		refreshing ??= fetchOnce().then(
			() => {
				refreshing = undefined;
				return current!;
			},
			(error) => {
				refreshing = undefined;
				throw error;
			},
		);
		return refreshing;
	}

	try {
		const cached = options.store && (await within(options.store.get<Cached>(key), timeout));
		if (cached && typeof cached.fetchedAt === 'number' && Number.isFinite(cached.fetchedAt)) {
			try {
				current = parse(cached.json);
				fetchedAt = cached.fetchedAt;
				emit({ type: 'prices.updated', url, version: current.version, from: 'store' });
			} catch (error) {
				emit({ type: 'prices.refused', url, reason: `cached catalog: ${message(error)}` });
			}
		}
	} catch {
		// An unreadable store is an empty one here.
	}
	if (!current) await refresh();
	else if (!fresh(fetchedAt)) void refresh();

	return {
		current() {
			const time = now();
			if (!fresh(fetchedAt, time) && time - attemptedAt >= pause) void refresh().catch(() => {});
			return current!;
		},
		events(after) {
			const first = emitted - log.length;
			return { next: emitted, events: after >= emitted ? [] : log.slice(Math.max(after, first) - first) };
		},
		get fetchedAt() {
			return fetchedAt;
		},
		refresh,
	};
}
