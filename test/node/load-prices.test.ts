import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTracker, memoryStore, type PriceEvent } from '../../src/core';
import { version as bundledVersion } from '../../src/pricing/data/index';
import type { CatalogJSON } from '../../src/pricing/format';
import { loadPrices, PRICES_URL, pricesURL } from '../../src/remote';

// loadPrices against a real HTTP server of ours (node:http, through ky and the real fetch): fresh,
// 304 Not Modified (ETag and Last-Modified), stale, offline, corrupt, and a newer schema refused whole.

const catalogOf = (version: string, input = '2.5'): CatalogJSON => ({ schema: 1, version, providers: { openai: { m: [['gpt-4o', `i${input} o10`]] } } });

/** What the server answers next: a body (with its validators) or a raw text, and what it was asked. */
let answer: { status?: number; body: string; etag?: string; lastModified?: string };
let requests: IncomingHttpHeaders[];
let server: Server;
let url: string;

function serve(catalog: unknown, validators: { etag?: string; lastModified?: string } = { etag: '"v1"' }) {
	answer = { body: typeof catalog === 'string' ? catalog : JSON.stringify(catalog), ...validators };
}

beforeAll(async () => {
	server = createServer((request, response) => {
		requests.push(request.headers);
		const { etag, lastModified, body } = answer;
		const matches = (etag && request.headers['if-none-match'] === etag) || (lastModified && request.headers['if-modified-since'] === lastModified);
		const headers = { 'content-type': 'application/json', ...(etag ? { etag } : {}), ...(lastModified ? { 'last-modified': lastModified } : {}) };
		if (matches) response.writeHead(304, headers).end();
		else response.writeHead(answer.status ?? 200, headers).end(body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/catalog.json`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
	requests = [];
});

describe('loadPrices from a local server', () => {
	it('fresh: fetched, validated, cached in the store with its ETag; a reload starts from the store with no request', async () => {
		serve(catalogOf('remote-1'));
		const store = memoryStore();
		const events: PriceEvent[] = [];
		const prices = await loadPrices(url, { store, retry: 0, onEvent: (event) => events.push(event) });
		expect(prices.current().version).toBe('remote-1');
		expect(events).toEqual([{ type: 'prices.updated', url, version: 'remote-1', from: 'network' }]);
		expect(await store.get(`prices/${url}`)).toMatchObject({ etag: '"v1"', json: catalogOf('remote-1') });
		const session = await createTracker({ catalog: prices }).startSession();
		expect(await session.record({ provider: 'openai', model: 'gpt-4o', usage: { input: 1000, output: 100 } })).toMatchObject({ cost: '0.0035', catalogVersion: 'remote-1' });
		const again = await loadPrices(url, { store, retry: 0 });
		expect(again.current().version).toBe('remote-1');
		expect(requests).toHaveLength(1);
	});

	it('304: past its ttl the refresh sends If-None-Match; Not Modified keeps the catalog, fresh again, and caches that', async () => {
		serve(catalogOf('remote-1'));
		let time = 1_000;
		const store = memoryStore();
		const events: PriceEvent[] = [];
		const prices = await loadPrices(url, { store, retry: 0, ttl: 1000, now: () => time, onEvent: (event) => events.push(event) });
		time = 5_000;
		await prices.refresh();
		expect(requests.map((headers) => headers['if-none-match'])).toEqual([undefined, '"v1"']);
		expect(prices.current().version).toBe('remote-1');
		expect(prices.fetchedAt).toBe(5_000);
		expect(events.at(-1)).toEqual({ type: 'prices.updated', url, version: 'remote-1', from: 'not-modified' });
		expect(await store.get(`prices/${url}`)).toMatchObject({ fetchedAt: 5_000, etag: '"v1"' });
		// Fresh again: a price computation does not ask.
		prices.current();
		expect(requests).toHaveLength(2);
	});

	it('304 by date: a server with Last-Modified only is asked If-Modified-Since, from the cache of an earlier run', async () => {
		const lastModified = 'Sat, 05 Dec 2026 10:00:00 GMT';
		serve(catalogOf('remote-1'), { lastModified });
		let time = 1_000;
		const store = memoryStore();
		await loadPrices(url, { store, retry: 0, ttl: 1000, now: () => time });
		time = 9_000;
		const events: PriceEvent[] = [];
		const later = await loadPrices(url, { store, retry: 0, ttl: 1000, now: () => time, onEvent: (event) => events.push(event) });
		await later.refresh();
		expect(requests.map((headers) => headers['if-modified-since'])).toEqual([undefined, lastModified]);
		expect(events.map((event) => event.type === 'prices.updated' && event.from)).toEqual(['store', 'not-modified']);
	});

	it('stale: a cached catalog past its ttl is used at once and replaced by the newer one in the background', async () => {
		serve(catalogOf('remote-1'));
		let time = 1_000;
		const store = memoryStore();
		await loadPrices(url, { store, retry: 0, ttl: 1000, now: () => time });
		serve(catalogOf('remote-2', '1'), { etag: '"v2"' });
		time = 10_000;
		const prices = await loadPrices(url, { store, retry: 0, ttl: 1000, now: () => time });
		expect(prices.current().version).toBe('remote-1');
		await prices.refresh();
		expect(prices.current().version).toBe('remote-2');
		expect(requests.at(-1)!['if-none-match']).toBe('"v1"');
		expect(await store.get(`prices/${url}`)).toMatchObject({ etag: '"v2"', json: catalogOf('remote-2', '1') });
	});

	it('offline: nothing listens; the bundled snapshot is used, with an event', async () => {
		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const offline = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/catalog.json`;
		await new Promise((resolve) => closed.close(resolve));
		const events: PriceEvent[] = [];
		const prices = await loadPrices(offline, { retry: 0, timeout: 2000, onEvent: (event) => events.push(event) });
		expect(prices.current().version).toBe(bundledVersion);
		expect(prices.fetchedAt).toBeUndefined();
		expect(events).toMatchObject([{ type: 'prices.unavailable', url: offline, using: bundledVersion }]);
	});

	it('corrupt: an answer that is not JSON, or a catalog with an absurd price, is refused whole; the one in use stays', async () => {
		for (const body of ['<html>sign in</html>', catalogOf('remote-bad', '99999'), JSON.stringify(catalogOf('cut')).slice(0, 60)]) {
			serve(body);
			const events: PriceEvent[] = [];
			const prices = await loadPrices(url, { retry: 0, fallback: { version: 'fallback', models: {} }, onEvent: (event) => events.push(event) });
			expect(prices.current().version).toBe('fallback');
			expect(events.map((event) => event.type)).toEqual(['prices.refused']);
		}
	});

	it('a newer schema is refused whole: the catalog in use stays, and nothing of the new one is cached', async () => {
		serve(catalogOf('remote-1'));
		let time = 1_000;
		const store = memoryStore();
		const events: PriceEvent[] = [];
		const prices = await loadPrices(url, { store, retry: 0, ttl: 1000, now: () => time, onEvent: (event) => events.push(event) });
		serve({ ...catalogOf('remote-2'), schema: 2, models: 'a format this version cannot read' }, { etag: '"v2"' });
		time = 5_000;
		await prices.refresh();
		expect(prices.current().version).toBe('remote-1');
		expect(events.at(-1)).toMatchObject({ type: 'prices.refused', url, reason: expect.stringMatching(/unknown schema 2/) });
		expect(await store.get(`prices/${url}`)).toMatchObject({ etag: '"v1"', json: catalogOf('remote-1') });
	});

	it('with no URL: the newest published release on the npm CDN (PRICES_URL); pricesURL pins a release', async () => {
		serve(catalogOf('published'));
		const asked: string[] = [];
		// The fetch goes to our server, so that the test needs no network; the URL asked is recorded.
		const fetch = (async (input: Request | string | URL, init?: RequestInit) => {
			const request = new Request(input, init);
			asked.push(request.url);
			return globalThis.fetch(url, { headers: request.headers, signal: request.signal });
		}) as typeof globalThis.fetch;
		const prices = await loadPrices(undefined, { retry: 0, fetch });
		expect(prices.current().version).toBe('published');
		expect(asked).toEqual([PRICES_URL]);
		expect(PRICES_URL).toBe('https://cdn.jsdelivr.net/npm/tokentab@latest/catalog.json');
		expect(pricesURL('0.2.0')).toBe('https://cdn.jsdelivr.net/npm/tokentab@0.2.0/catalog.json');
	});
});
