import Big from 'big.js';
import { expect } from 'vitest';
import { BudgetExceededError, createTracker, type Store } from '../../src/index';

/** Sends one call through `session.fetch` and reads it: true when sent, false when a budget refused it (any other error fails the test). */
export async function sendOrRefused(session: { fetch: typeof fetch }, url: string, body: string): Promise<boolean> {
	try {
		await (await session.fetch(url, { method: 'POST', body })).text();
		return true;
	} catch (error) {
		expect(error).toBeInstanceOf(BudgetExceededError);
		return false;
	}
}

/**
 * Several trackers (tabs, isolates), each with its own connection to one shared store, fire calls
 * at once at one enforced budget. The store's atomic budget changes must keep them from
 * overshooting together: the settled total never passes the limit.
 */
export async function budgetRace(base: string, store: () => Store, trackers = 5, callsEach = 10): Promise<{ sent: number; refused: number; spent: Big }> {
	// gpt-4o (2.5 in, 10 out): worst case 40 bytes + 23 of keys + 24 of framing = 87 input, 100 output
	// → 217.5 + 1000 = 0.0012175; the fixture's actual usage 14 in, 37 out → 0.000405. 4 worst cases fit
	// in 0.0052, a 5th does not.
	const limit = '0.0052';
	const body = JSON.stringify({ model: 'gpt-4o', max_tokens: 100, messages: [{ role: 'user', content: 'y'.repeat(40) }] });
	const url = `${base}/fixture/openai/openai-chat.json/v1/chat/completions?delay=5`;
	let sent = 0;
	let refused = 0;
	let spent = new Big(0);
	await Promise.all(
		Array.from({ length: trackers }, async () => {
			const tracker = createTracker({ store: store(), budgets: [{ name: 'race', scope: 'global', limit, window: 'day', mode: 'enforce' }] });
			const session = await tracker.startSession();
			await Promise.all(Array.from({ length: callsEach }, async () => ((await sendOrRefused(session, url, body)) ? sent++ : refused++)));
			spent = spent.plus((await session.end('Success')).cost);
		}),
	);
	expect(sent + refused).toBe(trackers * callsEach);
	expect(sent).toBeGreaterThanOrEqual(4);
	expect(refused).toBeGreaterThan(0);
	expect(spent.eq(new Big('0.000405').times(sent))).toBe(true);
	expect(spent.lte(limit)).toBe(true);
	return { sent, refused, spent };
}
