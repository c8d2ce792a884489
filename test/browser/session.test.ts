import { expect, inject, it } from 'vitest';
import { runEndToEndSession } from '../support/end-to-end';

it('runs a session through session.fetch in real Chromium, streams included', async () => {
	expect(navigator.userAgent).toContain('Chrome');
	await runEndToEndSession(inject('llmServerUrl'));
});
