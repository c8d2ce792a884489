import Big from 'big.js';
import { expect } from 'vitest';
import { type BudgetConfig, createTracker, type Store, type TrackerEvent, type TrackerOptions } from '../../src/index';
import { sendOrRefused } from './budget-race';
import { SAMPLES } from './multilingual';

/** The run: 20 sessions of one user, 400 concurrent calls of gpt-4o, a daily user budget of $0.35. */
export const PROOF = { sessions: 20, callsEach: 20, limit: '0.35', maxTokens: 100 } as const;

/** The request body of one proof prompt: a 2,000-character text, or a short question about an image by URL. */
export function proofBody(prompt: keyof typeof SAMPLES | 'image'): string {
	const content =
		prompt === 'image'
			? [
					{ type: 'text', text: 'What is in this picture?' },
					{ type: 'image_url', image_url: { url: 'https://example.com/photo-4096x3072.png', detail: 'high' } },
				]
			: SAMPLES[prompt];
	return JSON.stringify({ model: 'gpt-4o', max_tokens: PROOF.maxTokens, messages: [{ role: 'user', content }] });
}

export interface ProofRun {
	sent: number;
	refused: number;
	/** The sessions' settled costs, summed. */
	settled: Big;
	/** Settled ÷ limit. */
	ofLimit: number;
	exceededReservations: number;
}

/**
 * Fires the 400 calls at once at the local upstream that reports what gpt-4o really bills for each
 * (test/support/real-tokens.ts), under `reserve` (`undefined`: the default) and the tracker's
 * `options`, and sums what settled.
 */
export async function budgetProof(base: string, body: string, reserve: BudgetConfig['reserve'], store?: Store, options: TrackerOptions = {}): Promise<ProofRun> {
	const events: TrackerEvent[] = [];
	const budget: BudgetConfig = { scope: 'user', limit: PROOF.limit, window: 'day', mode: 'enforce', ...(reserve ? { reserve } : {}) };
	const tracker = createTracker({ ...options, budgets: [budget], ...(store ? { store } : {}), onEvent: (event) => events.push(event) });
	const url = `${base}/tokens/v1/chat/completions?delay=5`;
	let sent = 0;
	let refused = 0;
	const sessions = await Promise.all(Array.from({ length: PROOF.sessions }, () => tracker.startSession({ userId: 'proof-user' })));
	await Promise.all(sessions.flatMap((session) => Array.from({ length: PROOF.callsEach }, async () => ((await sendOrRefused(session, url, body)) ? sent++ : refused++))));
	let settled = new Big(0);
	for (const session of sessions) {
		const summary = await session.end('Success');
		expect(summary.costKnown).toBe(true);
		settled = settled.plus(summary.cost);
	}
	expect(sent + refused).toBe(PROOF.sessions * PROOF.callsEach);
	return { sent, refused, settled, ofLimit: Number(settled.div(PROOF.limit).toFixed(3)), exceededReservations: events.filter((event) => event.type === 'budget.reservation.exceeded').length };
}
