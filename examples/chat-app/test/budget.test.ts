// The chat app's reading of tokentab's budget errors and events (the end-to-end test sees them in
// Chromium; here, each field and the formatting of tiny amounts).
import Big from 'big.js';
import { BudgetExceededError } from 'tokentab';
import { describe, expect, it } from 'vitest';
import { budgetAlert, budgetOptions, budgetStop } from '../src/budget';

const details = { budget: 'session/session', scope: 'session' as const, key: 's1', window: 'session', limit: new Big('0.0006'), spent: new Big('0.00000044'), reserved: new Big(0) };

describe('chat-app budget.ts', () => {
	it('asks for one enforced budget per chat, with alerts at 50, 80 and 100 %', () => {
		expect(budgetOptions('0.05')).toEqual({ budgets: [{ scope: 'session', limit: '0.05', mode: 'enforce', thresholds: [0.5, 0.8, 1] }] });
	});

	it('reads a BudgetExceededError’s figures as plain decimals (never an exponent)', () => {
		const error = new BudgetExceededError({ ...details, estimate: new Big('0.00037') });
		expect(budgetStop(error)).toEqual({ message: error.message, limit: '0.0006', spent: '0.00000044', reserved: '0', estimate: '0.00037' });
		expect(budgetStop(new BudgetExceededError({ ...details, estimate: undefined }))).not.toHaveProperty('estimate');
		expect(budgetStop(new Error('network down'))).toBeUndefined();
		// As the SDKs throw it: their connection error, with what session.fetch threw as its cause.
		const wrapped = new Error('Connection error.', { cause: error });
		expect(budgetStop(wrapped)).toEqual(budgetStop(error));
	});

	it('reads threshold and exceeded events, and ignores the rest', () => {
		expect(budgetAlert({ type: 'budget.threshold', ...details, fraction: 0.5, spent: new Big('0.0003') })).toEqual({
			kind: 'threshold',
			sessionId: 's1',
			fraction: 0.5,
			spent: '0.0003',
			limit: '0.0006',
		});
		expect(budgetAlert({ type: 'budget.exceeded', ...details, scope: 'user', key: 'u1', estimate: new Big('0.00037') })).toEqual({
			kind: 'exceeded',
			spent: '0.00000044',
			limit: '0.0006',
			estimate: '0.00037',
		});
		expect(budgetAlert({ type: 'session.started', sessionId: 's1' })).toBeUndefined();
	});
});
