import { expect, inject, it } from 'vitest';
import * as tokentab from '../../dist/index.js';
import { runSuite } from '../runtimes/suite.mjs';

// A wrapper, not the upstream Response: a Worker may return the Response whole, and workerd reads it natively.
it('runs the runtime suite against the built package inside workerd', async () => {
	expect(await runSuite(tokentab, inject('llmServerUrl'))).toEqual({ cost: '0.002904', calls: 3, events: 3, response: 'wrapper' });
});
