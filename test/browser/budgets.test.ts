import { inject, it } from 'vitest';
import { indexedDBStore } from '../../src/stores/idb';
import { budgetRace } from '../support/budget-race';

it('trackers on separate IndexedDB connections share one budget without overshooting it', async () => {
	const dbName = `tokentab-budget-${crypto.randomUUID()}`;
	await budgetRace(inject('llmServerUrl'), () => indexedDBStore({ dbName }));
});
