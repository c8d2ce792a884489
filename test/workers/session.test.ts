import { expect, inject, it } from 'vitest';
import { runEndToEndSession } from '../support/end-to-end';

it('runs a session through session.fetch inside workerd, streams included', async () => {
	expect(navigator.userAgent).toBe('Cloudflare-Workers');
	await runEndToEndSession(inject('llmServerUrl'));
});
