import ky from 'ky';
import { within } from '../model/within';
import { assertString } from '../model/validate';
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

interface Cached {
	fetchedAt: number;
	json: unknown;
	/** The validators of the response it came in, sent back on the next refresh: an unchanged file answers 304. */
	etag?: string;
	lastModified?: string;
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
	/** What the catalog in use was fetched with: the validators of its response, and its JSON (to cache again on a 304). */
	let validators: Pick<Cached, 'etag' | 'lastModified'> = {};
	let currentJSON: unknown;
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
			const headers: Record<string, string> = {};
			// Only for the catalog in use: a 304 means "what you have", so it must be what we have.
			if (currentJSON !== undefined && validators.etag) headers['if-none-match'] = validators.etag;
			if (currentJSON !== undefined && validators.lastModified) headers['if-modified-since'] = validators.lastModified;
			const response = await ky.get(url, {
				timeout,
				retry: options.retry ?? 2,
				headers,
				throwHttpErrors: (status) => status !== 304,
				...(options.fetch ? { fetch: options.fetch } : {}),
			});
			if (response.status === 304 && currentJSON !== undefined) {
				fetchedAt = now();
				await save(currentJSON);
				emit({ type: 'prices.updated', url, version: current!.version, from: 'not-modified' });
				return;
			}
			validators = {
				...(response.headers.get('etag') ? { etag: response.headers.get('etag')! } : {}),
				...(response.headers.get('last-modified') ? { lastModified: response.headers.get('last-modified')! } : {}),
			};
			text = await catalogText(response);
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
		currentJSON = json;
		fetchedAt = now();
		await save(json);
		emit({ type: 'prices.updated', url, version: catalog.version, from: 'network' });
	}

	async function save(json: unknown): Promise<void> {
		try {
			if (options.store) await within(options.store.set(key, { fetchedAt: fetchedAt!, json, ...validators } satisfies Cached), timeout);
		} catch {
			// The catalog is in use; caching it is a nicety.
		}
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
				currentJSON = cached.json;
				fetchedAt = cached.fetchedAt;
				validators = {
					...(typeof cached.etag === 'string' ? { etag: cached.etag } : {}),
					...(typeof cached.lastModified === 'string' ? { lastModified: cached.lastModified } : {}),
				};
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
