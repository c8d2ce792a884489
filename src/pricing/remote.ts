import { InvalidArgumentError } from '../errors/InvalidArgumentError';
import { assertString } from '../model/validate';
import { within } from '../model/within';
import type { Store } from '../stores/types';
import { eventLog } from './event-log';
import { errorMessage, fetchCatalog, parseCatalog, type Validators } from './fetch-catalog';
import type { Catalog, CatalogSource, PriceEvent } from './types';

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

/**
 * The catalog that `loadPrices()` loads when given no URL: the bundled catalog as published in the
 * newest release of the package on npm (`tokentab/catalog.json`, a copy of `prices/catalog.json`), through
 * jsDelivr's npm CDN. Pin a release with `pricesURL('0.2.0')`, or host the file yourself (any URL
 * serving tokentab's compact JSON, schema 1: `npm run prices:update` writes it).
 */
export const PRICES_URL = 'https://cdn.jsdelivr.net/npm/tokentab@latest/catalog.json';

/** The published catalog of one release of the package (`'0.2.0'`), or of a dist-tag (`'latest'`). */
export function pricesURL(version: string): string {
	assertString(version, 'version');
	return PRICES_URL.replace('@latest/', `@${encodeURIComponent(version)}/`);
}

/** A fetched catalog as kept in the store, with the validators of its response. */
interface Cached extends Validators {
	fetchedAt: number;
	json: unknown;
}

const DAY = 86_400_000;

function assertDuration(value: number | undefined, where: string, min: number): void {
	if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= min)) throw new InvalidArgumentError(`${where} must be a number of ms, ${min} or more`);
}

function assertOptions(url: string, options: LoadPricesOptions): void {
	assertString(url, 'url');
	assertDuration(options.ttl, 'ttl', 1);
	assertDuration(options.timeout, 'timeout', 1);
	if (options.retry !== undefined && !(Number.isSafeInteger(options.retry) && options.retry >= 0)) throw new InvalidArgumentError('retry must be a whole number, 0 or more');
}

/** The catalog in use, the JSON it came as (to cache again on a 304) and the validators of its response. */
interface InUse {
	catalog: Catalog;
	json?: unknown;
	fetchedAt?: number;
	validators: Validators;
}

/** The catalog cached in the store: `undefined` when none (or the store cannot be read), a reason when it is refused. */
async function readCached(store: Store | undefined, key: string, timeout: number): Promise<InUse | { refused: string } | undefined> {
	let cached: Cached | undefined;
	try {
		cached = store && (await within(store.get<Cached>(key), timeout));
	} catch {
		return undefined; // An unreadable store is an empty one here.
	}
	if (!cached || typeof cached.fetchedAt !== 'number' || !Number.isFinite(cached.fetchedAt)) return undefined;
	try {
		const validators: Validators = {
			...(typeof cached.etag === 'string' ? { etag: cached.etag } : {}),
			...(typeof cached.lastModified === 'string' ? { lastModified: cached.lastModified } : {}),
		};
		return { catalog: parseCatalog(cached.json), json: cached.json, fetchedAt: cached.fetchedAt, validators };
	} catch (error) {
		return { refused: `cached catalog: ${errorMessage(error)}` };
	}
}

/**
 * Loads the price catalog from `url` (tokentab's compact JSON, as `npm run prices:update` writes to
 * `prices/catalog.json`; default `PRICES_URL`, the newest published release's) through ky, with a
 * timeout and retries, and keeps it fresh: after `ttl`, the next price computation refreshes it in
 * the background, asking with the last response's ETag (`If-None-Match`) or `Last-Modified`
 * (`If-Modified-Since`): a 304 keeps the catalog in use, fresh for another `ttl`. Every catalog is validated whole (a known
 * schema version; no negative, NaN or absurd price) and a bad one is refused whole, with an event;
 * the catalog in use stays. A fetched catalog is cached in `store`; offline, the cached one or the
 * bundled snapshot is used. Resolves once a catalog is in use; never rejects for the network.
 *
 * @example
 * const prices = await loadPrices(); // or loadPrices('https://example.com/tokentab-prices.json', { ttl: 3_600_000, store })
 * const tracker = createTracker({ store, catalog: prices });
 */
export async function loadPrices(url: string = PRICES_URL, options: LoadPricesOptions = {}): Promise<PriceFeed> {
	assertOptions(url, options);
	const ttl = options.ttl ?? DAY;
	const timeout = options.timeout ?? 10_000;
	const now = options.now ?? Date.now;
	/** A catalog fetched `at` is fresh: not past its ttl, nor from a future (a skewed clock, a damaged cache). */
	const fresh = (at: number | undefined, time = now()) => at !== undefined && at <= time && time - at < ttl;
	const key = `prices/${url}`;
	const log = eventLog(options.onEvent);
	let inUse: InUse | undefined;
	let refreshing: Promise<Catalog> | undefined;
	let attemptedAt = -Infinity;
	/** After a failed or refused fetch, wait this long before the next background attempt. */
	const pause = Math.min(ttl, 300_000);

	async function fallback(): Promise<InUse> {
		const chosen = options.fallback ?? (() => import('./catalog').then((m) => m.bundledCatalog));
		return { catalog: typeof chosen === 'function' ? await chosen() : chosen, validators: {} };
	}

	async function save(held: InUse): Promise<void> {
		try {
			if (options.store) await within(options.store.set(key, { fetchedAt: held.fetchedAt!, json: held.json, ...held.validators } satisfies Cached), timeout);
		} catch {
			// The catalog is in use; caching it is a nicety.
		}
	}

	async function fetchOnce(): Promise<void> {
		attemptedAt = now();
		const held = inUse?.json !== undefined ? inUse : undefined;
		const outcome = await fetchCatalog(url, { timeout, retry: options.retry ?? 2, ...(options.fetch ? { fetch: options.fetch } : {}) }, held?.validators);
		if (outcome.kind === 'fetched' || (outcome.kind === 'not-modified' && held)) {
			inUse = outcome.kind === 'fetched' ? { catalog: outcome.catalog, json: outcome.json, validators: outcome.validators } : held!;
			inUse.fetchedAt = now();
			await save(inUse);
			log.emit({ type: 'prices.updated', url, version: inUse.catalog.version, from: outcome.kind === 'fetched' ? 'network' : 'not-modified' });
			return;
		}
		inUse ??= await fallback();
		if (outcome.kind === 'refused') log.emit({ type: 'prices.refused', url, reason: outcome.reason });
		else if (outcome.kind === 'unavailable') log.emit({ type: 'prices.unavailable', url, error: outcome.error, using: inUse.catalog.version });
	}

	function refresh(): Promise<Catalog> {
		refreshing ??= fetchOnce().then(
			() => {
				refreshing = undefined;
				return inUse!.catalog;
			},
			(error) => {
				refreshing = undefined;
				throw error;
			},
		);
		return refreshing;
	}

	const cached = await readCached(options.store, key, timeout);
	if (cached && 'refused' in cached) log.emit({ type: 'prices.refused', url, reason: cached.refused });
	else if (cached) {
		inUse = cached;
		log.emit({ type: 'prices.updated', url, version: cached.catalog.version, from: 'store' });
	}
	if (!inUse) await refresh();
	else if (!fresh(inUse.fetchedAt)) void refresh();

	return {
		current() {
			const time = now();
			if (!fresh(inUse!.fetchedAt, time) && time - attemptedAt >= pause) void refresh().catch(() => {});
			return inUse!.catalog;
		},
		events: log.events,
		get fetchedAt() {
			return inUse!.fetchedAt;
		},
		refresh,
	};
}
