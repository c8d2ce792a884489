import { env } from 'cloudflare:workers';
import { describe, expect, inject, it } from 'vitest';
import { durableObjectStore } from '../../src/stores/cloudflare/index';
import { budgetProof, PROOF, proofBody } from '../support/budget-proof';
import { PROOF_PROMPTS } from '../support/multilingual';

const prompts = [...PROOF_PROMPTS, 'image'] as const;
const figures: Record<string, unknown>[] = [];

describe('an enforced budget holds for every language and every input (Durable Object budgets, in workerd)', () => {
	for (const prompt of prompts) {
		it(`${prompt}: 400 concurrent calls never settle past the limit by default; 'typical' is measured`, async () => {
			const body = proofBody(prompt);
			const bound = await budgetProof(inject('llmServerUrl'), body, undefined, durableObjectStore(env.TOKENTAB, `proof-bound-${prompt}`));
			expect(bound.sent).toBeGreaterThan(0);
			expect(bound.settled.lte(PROOF.limit)).toBe(true);
			expect(bound.exceededReservations).toBe(0);
			const typical = await budgetProof(inject('llmServerUrl'), body, 'typical', durableObjectStore(env.TOKENTAB, `proof-typical-${prompt}`));
			figures.push({ prompt, bound: `${bound.sent} sent, ${bound.ofLimit}×`, typical: `${typical.sent} sent, ${typical.ofLimit}×` });
		});
	}
	it('figures', () => {
		console.log(JSON.stringify(figures));
	});
});
