import { expect, inject, it } from 'vitest';
import { expectOtelScenario } from '../support/otel-scenario';

it('tokentab/otel in real Chromium: GenAI spans and metrics through the OTel SDK in-memory exporters', async () => {
	expect(navigator.userAgent).toContain('Chrome');
	await expectOtelScenario(inject('llmServerUrl'));
});
