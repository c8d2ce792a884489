import { createStore, del, get, set } from 'idb-keyval';
import { describe, expect, inject, it } from 'vitest';

describe('browser project', () => {
	it('runs in real Chromium', () => {
		expect(navigator.userAgent).toContain('Chrome');
		expect(typeof document).toBe('object');
		expect(typeof process === 'undefined' || !process.versions?.node).toBe(true);
	});

	it('writes and reads real IndexedDB through idb-keyval', async () => {
		expect(typeof indexedDB.open).toBe('function');
		const store = createStore('tokentab-smoke', 'kv');
		const key = `smoke-${Math.random()}`;
		await set(key, { cents: '12.345', at: 1 }, store);
		expect(await get(key, store)).toEqual({ cents: '12.345', at: 1 });
		await del(key, store);
		expect(await get(key, store)).toBeUndefined();
	});

	it('reaches the local test server cross-origin (CORS)', async () => {
		const base = inject('llmServerUrl');
		expect(new URL(base).origin).not.toBe(location.origin);
		const res = await fetch(`${base}/ping`);
		expect(res.status).toBe(200);
		expect(await res.text()).toBe('pong');
	});

	it('passes a preflighted POST to /echo', async () => {
		// application/json + a custom header force an OPTIONS preflight.
		const res = await fetch(`${inject('llmServerUrl')}/echo`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-api-key': 'test' },
			body: JSON.stringify({ hello: 'browser' }),
		});
		expect(res.headers.get('content-type')).toBe('application/json');
		expect(await res.json()).toEqual({ hello: 'browser' });
	});
});
