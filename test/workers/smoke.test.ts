import { describe, expect, inject, it } from 'vitest';

describe('workers project', () => {
	it('runs inside workerd', () => {
		expect(navigator.userAgent).toBe('Cloudflare-Workers');
		// WebSocketPair is a workerd-only global (not in Node or browsers).
		expect(typeof (globalThis as Record<string, unknown>).WebSocketPair).toBe('function');
	});

	it('reaches the local test server on 127.0.0.1', async () => {
		const base = inject('llmServerUrl');
		const res = await fetch(`${base}/ping`);
		expect(res.status).toBe(200);
		expect(await res.text()).toBe('pong');
	});

	it('echoes a POST body with its content-type', async () => {
		const res = await fetch(`${inject('llmServerUrl')}/echo`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ hello: 'workerd' }),
		});
		expect(res.headers.get('content-type')).toBe('application/json');
		expect(await res.json()).toEqual({ hello: 'workerd' });
	});
});
