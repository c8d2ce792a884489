// The chat app's side of issue 6's budget contract, checked today with stand-ins for what tokentab
// will send: a BudgetExceededError (by name, with Big figures) and the budget events.
import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import { budgetAlert, budgetOptions, budgetStop, decimal } from '../src/budget';

class BudgetExceededError extends Error {
	override name = 'BudgetExceededError';
	constructor(readonly limit: Big, readonly spent: Big, readonly reserved: Big, readonly estimate: Big, readonly scope = 'session') {
		super('the session budget would be exceeded');
	}
}

describe('chat-app budget.ts', () => {
	it('asks for one enforced budget per chat, with alerts at 50, 80 and 100 %', () => {
		expect(budgetOptions('0.05')).toEqual({ budgets: [{ scope: 'session', limit: '0.05', mode: 'enforce', thresholds: [0.5, 0.8, 1] }] });
	});

	it('reads a BudgetExceededError’s figures as plain decimals (never an exponent)', () => {
		const stop = budgetStop(new BudgetExceededError(new Big('0.0006'), new Big('0.00000044'), new Big(0), new Big('0.00037')));
		expect(stop).toEqual({ message: 'the session budget would be exceeded', limit: '0.0006', spent: '0.00000044', reserved: '0', estimate: '0.00037' });
		expect(budgetStop(new Error('network down'))).toBeUndefined();
		expect(budgetStop('BudgetExceededError')).toBeUndefined();
	});

	it('reads threshold and exceeded events, and ignores the rest', () => {
		expect(budgetAlert({ type: 'budget.threshold', sessionId: 's1', fraction: 0.5, spent: new Big('0.0003'), limit: new Big('0.0006') } as { type: string })).toEqual({
			kind: 'threshold',
			sessionId: 's1',
			fraction: 0.5,
			spent: '0.0003',
			limit: '0.0006',
		});
		expect(budgetAlert({ type: 'budget.exceeded', spent: '0.0007', limit: '0.0006' } as { type: string })).toMatchObject({ kind: 'exceeded', spent: '0.0007' });
		expect(budgetAlert({ type: 'call.recorded' })).toBeUndefined();
		expect(decimal(new Big('1e-9'))).toBe('0.000000001');
	});
});
