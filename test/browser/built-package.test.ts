import { expect, inject, it } from 'vitest';
import * as tokentab from '../../dist/index.js';
import { runSuite } from '../runtimes/suite.mjs';

it('runs the runtime suite against the built package in Chromium', async () => {
	expect(await runSuite(tokentab, inject('llmServerUrl'))).toEqual({ cost: '0.002904', calls: 3, events: 3, response: 'upstream' });
});
