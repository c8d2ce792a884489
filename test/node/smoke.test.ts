import { describe, expect, inject, it } from 'vitest';

describe('node project', () => {
	it('runs in Node 22 or later', () => {
		expect(typeof process.versions.node).toBe('string');
		expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(22);
		expect(typeof window).toBe('undefined');
	});

	it('reaches the local test server', async () => {
		const base = inject('llmServerUrl');
		expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		const res = await fetch(`${base}/ping`);
		expect(res.status).toBe(200);
		expect(await res.text()).toBe('pong');
	});

	it('echoes a POST body with its content-type', async () => {
		const res = await fetch(`${inject('llmServerUrl')}/echo`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ hello: 'world' }),
		});
		expect(res.headers.get('content-type')).toBe('application/json');
		expect(await res.json()).toEqual({ hello: 'world' });
	});
});
