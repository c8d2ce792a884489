import { expect, inject, it } from 'vitest';
import { expectOtelScenario } from '../support/otel-scenario';

it('tokentab/otel inside workerd: GenAI spans and metrics through the OTel SDK in-memory exporters', async () => {
	expect(navigator.userAgent).toBe('Cloudflare-Workers');
	await expectOtelScenario(inject('llmServerUrl'));
});
