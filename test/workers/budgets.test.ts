import { env } from 'cloudflare:workers';
import { inject, it } from 'vitest';
import { durableObjectStore } from '../../src/stores/cloudflare/index';
import { budgetRace } from '../support/budget-race';

it('isolates sharing a user’s Durable Object enforce one budget without overshooting it', async () => {
	await budgetRace(inject('llmServerUrl'), () => durableObjectStore(env.TOKENTAB, 'budget-race'));
});
