import { describe, expect, inject, it } from 'vitest';
import { budgetProof, PROOF, proofBody } from '../support/budget-proof';
import { PROOF_PROMPTS } from '../support/multilingual';
import { realUsage } from '../support/real-tokens';

const prompts = [...PROOF_PROMPTS, 'image'] as const;
const figures: Record<string, unknown>[] = [];

describe('an enforced budget holds for every language and every input (memory store)', () => {
	for (const prompt of prompts) {
		it(`${prompt}: 400 concurrent calls never settle past the limit by default; 'typical' is measured`, async () => {
			const body = proofBody(prompt);
			const bound = await budgetProof(inject('llmServerUrl'), body, undefined);
			expect(bound.sent).toBeGreaterThan(0);
			expect(bound.settled.lte(PROOF.limit)).toBe(true);
			expect(bound.exceededReservations).toBe(0);
			const typical = await budgetProof(inject('llmServerUrl'), body, 'typical');
			// An exact counter (here gpt-tokenizer, as the upstream counts) makes the bound tight: it still holds.
			const counted = await budgetProof(inject('llmServerUrl'), body, undefined, undefined, { countTokens: ({ body: request }) => realUsage(request).prompt_tokens });
			expect(counted.settled.lte(PROOF.limit)).toBe(true);
			figures.push({
				prompt,
				bound: `${bound.sent} sent, $${bound.settled.toFixed(6)}, ${bound.ofLimit}×`,
				typical: `${typical.sent} sent, $${typical.settled.toFixed(6)}, ${typical.ofLimit}×, ${typical.exceededReservations} over their reservation`,
				countTokens: `${counted.sent} sent, ${counted.ofLimit}×`,
			});
		});
	}
	it('figures', () => {
		console.table(figures);
	});
});
